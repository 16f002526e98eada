import type { GatewayProviderName } from '../../db/schema.ts';
import { currencyExponent, formatMinor } from '../../domain/currency.ts';
import type { PortalPrincipal } from '../portal/portal-context.ts';
import { SecretUnreadableError } from '../settings/secret-box.ts';
import { isComplete, openCredentials } from './gateway-config.ts';
import { GATEWAY_PROVIDERS, type GatewayDeps, PROVIDER_LABELS } from './gateway-deps.ts';
import { loadInvoiceForContact, payableBalance } from './payable-invoice.ts';

export interface PaymentOptionsView {
  invoiceId: string;
  currency: string;
  balanceDue: string;
  options: { provider: GatewayProviderName; name: string }[];
}

/**
 * The gateways a contact can pay this invoice with: enabled, fully configured, and able to take its currency and
 * its balance exactly. A void or paid invoice has none.
 */
export async function listPaymentOptions(
  deps: GatewayDeps,
  principal: PortalPrincipal,
  invoiceId: string,
): Promise<PaymentOptionsView> {
  const record = await loadInvoiceForContact(deps.db, principal, invoiceId);
  const { currency } = record.invoice;
  let balance = 0n;
  try {
    balance = payableBalance(record);
  } catch {
    return { invoiceId, currency, balanceDue: formatMinor(0n, currencyExponent(currency)), options: [] };
  }
  const rows = await deps.db.selectFrom('gateway_settings').selectAll().where('enabled', '=', true).execute();
  const options: PaymentOptionsView['options'] = [];
  for (const provider of GATEWAY_PROVIDERS) {
    const row = rows.find((candidate) => candidate.provider === provider);
    if (!row) continue;
    let credentials: Record<string, string>;
    try {
      credentials = openCredentials(deps.secretKey, provider, row.credentials_encrypted);
    } catch (error) {
      if (error instanceof SecretUnreadableError) continue;
      throw error;
    }
    if (!isComplete(provider, credentials)) continue;
    const gateway = deps.gateways({ provider, mode: row.mode, credentials });
    if (gateway.canCharge(balance, currency)) options.push({ provider, name: PROVIDER_LABELS[provider] });
  }
  return { invoiceId, currency, balanceDue: formatMinor(balance, currencyExponent(currency)), options };
}
