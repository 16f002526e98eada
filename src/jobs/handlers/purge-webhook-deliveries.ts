import type { ServiceDeps } from '../../services/context.ts';
import { purgeWebhookDeliveries } from '../../services/webhooks/purge-webhook-deliveries.ts';

export const PURGE_WEBHOOK_DELIVERIES = 'purge-webhook-deliveries';

export function purgeWebhookDeliveriesHandler(
  deps: ServiceDeps,
): () => Promise<{ deliveries: number; events: number }> {
  return () => purgeWebhookDeliveries(deps);
}
