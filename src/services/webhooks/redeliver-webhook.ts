import { ConflictError } from '../../domain/errors.ts';
import type { ServiceDeps } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { DELIVERY_COLUMNS, type WebhookDeliveryView, webhookDeliveryView } from './webhook-delivery-view.ts';
import { notifyWebhooksQueued } from './webhook-deps.ts';

/**
 * Sends a delivery again now, whatever its state (delivered, given up or waiting for a retry), with a new round of
 * retries. The event keeps its id, so a receiver that already has it can tell. 409 while an attempt is running or
 * while the endpoint is disabled.
 */
export async function redeliverWebhook(
  deps: ServiceDeps,
  endpointId: string,
  deliveryId: string,
): Promise<WebhookDeliveryView> {
  return deps.db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('webhook_deliveries')
      .innerJoin('webhook_endpoints', 'webhook_endpoints.id', 'webhook_deliveries.endpoint_id')
      .select(['webhook_deliveries.state', 'webhook_deliveries.next_attempt_at', 'webhook_endpoints.enabled'])
      .where('webhook_deliveries.id', '=', deliveryId)
      .where('webhook_deliveries.endpoint_id', '=', endpointId)
      .forUpdate('webhook_deliveries')
      .executeTakeFirst();
    if (!current) throw new NotFoundError('Webhook delivery');
    const now = deps.clock.now();
    if (!current.enabled)
      throw new ConflictError('endpoint_disabled', 'The endpoint is disabled; enable it to deliver again');
    if (current.state === 'delivering' && current.next_attempt_at > now)
      throw new ConflictError('delivery_running', 'An attempt is running now; wait for its outcome');
    await trx
      .updateTable('webhook_deliveries')
      .set({ state: 'pending', attempts: 0, next_attempt_at: now })
      .where('id', '=', deliveryId)
      .execute();
    await notifyWebhooksQueued(trx);
    const row = await trx
      .selectFrom('webhook_deliveries')
      .innerJoin('outgoing_events', 'outgoing_events.id', 'webhook_deliveries.event_id')
      .select(DELIVERY_COLUMNS)
      .where('webhook_deliveries.id', '=', deliveryId)
      .executeTakeFirstOrThrow();
    return webhookDeliveryView(row);
  });
}
