import { createHash } from 'node:crypto';
import { ConflictError } from '../../domain/errors.ts';
import type { PortalPrincipal } from '../portal/portal-context.ts';
import { SecretUnreadableError } from '../settings/secret-box.ts';
import { assertProvider, isComplete, loadGatewayConfig } from './gateway-config.ts';
import type { GatewayDeps } from './gateway-deps.ts';
import { loadInvoiceForContact, payableBalance } from './payable-invoice.ts';

/** A click on Pay Now within this window reuses the checkout already open for the same balance. */
const REUSE_WINDOW_MS = 60 * 60 * 1000;

function unavailable(provider: string): ConflictError {
  return new ConflictError(
    'gateway_unavailable',
    `Paying with ${provider} is not available for this invoice`,
    'provider',
  );
}

/**
 * Pay Now: opens a checkout at the provider for the invoice's balance and answers where to send the client. The
 * provider is called outside any transaction (no row lock is held while waiting on the network); the idempotency
 * key is derived from the invoice, its balance and the hour, so a double click gets the same checkout back.
 */
export async function startCheckout(
  deps: GatewayDeps,
  principal: PortalPrincipal,
  invoiceId: string,
  providerName: string,
): Promise<{ provider: string; checkoutId: string; redirectUrl: string }> {
  const provider = assertProvider(providerName);
  const record = await loadInvoiceForContact(deps.db, principal, invoiceId);
  const balance = payableBalance(record);
  const { currency } = record.invoice;
  const now = deps.clock.now();

  let config: Awaited<ReturnType<typeof loadGatewayConfig>> = null;
  try {
    config = await loadGatewayConfig(deps.db, deps.secretKey, provider);
  } catch (error) {
    if (!(error instanceof SecretUnreadableError)) throw error;
  }
  if (!config?.enabled || !isComplete(provider, config.credentials)) throw unavailable(provider);
  const gateway = deps.gateways(config);
  if (!gateway.canCharge(balance, currency)) throw unavailable(provider);

  const open = await deps.db
    .selectFrom('gateway_checkouts')
    .select(['checkout_id', 'redirect_url'])
    .where('invoice_id', '=', invoiceId)
    .where('provider', '=', provider)
    .where('state', '=', 'open')
    .where('amount_minor', '=', balance)
    .where('currency', '=', currency)
    .where('created_at', '>', new Date(now.getTime() - REUSE_WINDOW_MS))
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  if (open) return { provider, checkoutId: open.checkout_id, redirectUrl: open.redirect_url };

  const hour = Math.floor(now.getTime() / REUSE_WINDOW_MS);
  const idempotencyKey = createHash('sha256')
    .update(`${invoiceId}|${provider}|${balance}|${currency}|${record.invoice.amount_paid_minor}|${hour}`)
    .digest('hex')
    .slice(0, 48);
  const base = `${deps.appUrl}/api/portal/v1/payments/${provider}`;
  const started = await gateway.createCheckout({
    invoiceId,
    description: record.invoice.number ? `Invoice ${record.invoice.number}` : 'Invoice',
    amountMinor: balance,
    currency,
    customerEmail: principal.email || null,
    returnUrl: `${base}/return?invoice=${invoiceId}&checkout={CHECKOUT_ID}`,
    cancelUrl: `${base}/cancel?invoice=${invoiceId}`,
    idempotencyKey,
  });
  await deps.db
    .insertInto('gateway_checkouts')
    .values({
      provider,
      checkout_id: started.checkoutId,
      invoice_id: invoiceId,
      contact_id: principal.contactId,
      amount_minor: balance,
      currency,
      redirect_url: started.redirectUrl,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(['provider', 'checkout_id']).doNothing())
    .execute();
  return { provider, checkoutId: started.checkoutId, redirectUrl: started.redirectUrl };
}
