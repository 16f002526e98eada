import { GatewayError } from '../../ports.ts';
import { assertProvider, loadGatewayConfig } from './gateway-config.ts';
import type { GatewayDeps } from './gateway-deps.ts';
import { processWebhookEvent } from './process-webhook-events.ts';
import { storeVerifiedEvent } from './stored-event.ts';

export type ReturnResult = { invoiceId: string | null; outcome: 'paid' | 'pending' | 'failed' | 'unknown' };

/**
 * The client's browser coming back from the provider. Nothing in the query is trusted: the checkout must be one we
 * opened, and its state is read from the provider with our credentials (PayPal captures the order here). A paid
 * outcome goes through the same store-once path as a webhook, so the webhook that follows changes nothing.
 */
export async function completeCheckoutReturn(
  deps: GatewayDeps,
  providerName: string,
  query: Record<string, string>,
): Promise<ReturnResult> {
  const provider = assertProvider(providerName);
  const candidates = [query.checkout, query.token].filter(
    (value): value is string => typeof value === 'string' && value !== '' && value !== '{CHECKOUT_ID}',
  );
  const checkout = candidates.length
    ? await deps.db
        .selectFrom('gateway_checkouts')
        .selectAll()
        .where('provider', '=', provider)
        .where('checkout_id', 'in', candidates)
        .executeTakeFirst()
    : undefined;
  if (!checkout) return { invoiceId: null, outcome: 'unknown' };
  const config = await loadGatewayConfig(deps.db, deps.secretKey, provider);
  if (!config) return { invoiceId: checkout.invoice_id, outcome: 'unknown' };
  let outcome: Awaited<ReturnType<ReturnType<GatewayDeps['gateways']>['fetchStatus']>>;
  try {
    outcome = await deps.gateways(config).fetchStatus(checkout.checkout_id, query);
  } catch (error) {
    if (error instanceof GatewayError) return { invoiceId: checkout.invoice_id, outcome: 'pending' };
    throw error;
  }
  if (outcome.kind === 'paid') {
    const stored = await storeVerifiedEvent(deps.db, provider, outcome.event, '', deps.clock.now());
    await processWebhookEvent(deps, stored.id);
    return { invoiceId: checkout.invoice_id, outcome: 'paid' };
  }
  return { invoiceId: checkout.invoice_id, outcome: outcome.kind };
}
