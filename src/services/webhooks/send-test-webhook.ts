import { ConflictError } from '../../domain/errors.ts';
import { WEBHOOK_TEST_EVENT } from '../../domain/webhook-events.ts';
import type { ServiceDeps } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { DELIVERY_COLUMNS, type WebhookDeliveryView, webhookDeliveryView } from './webhook-delivery-view.ts';
import { notifyWebhooksQueued } from './webhook-deps.ts';

/** Queues a `webhook.test` event to this endpoint only, signed and retried like any other. */
export async function sendTestWebhook(deps: ServiceDeps, endpointId: string): Promise<WebhookDeliveryView> {
  return deps.db.transaction().execute(async (trx) => {
    const endpoint = await trx
      .selectFrom('webhook_endpoints')
      .select(['enabled'])
      .where('id', '=', endpointId)
      .executeTakeFirst();
    if (!endpoint) throw new NotFoundError('Webhook endpoint');
    if (!endpoint.enabled)
      throw new ConflictError(
        'endpoint_disabled',
        'The endpoint is disabled; enable it to send a test event',
      );
    const now = deps.clock.now();
    const event = await trx
      .insertInto('outgoing_events')
      .values({
        type: WEBHOOK_TEST_EVENT,
        data: JSON.stringify({ endpointId, message: 'A test event sent from Remit' }),
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const delivery = await trx
      .insertInto('webhook_deliveries')
      .values({ endpoint_id: endpointId, event_id: event.id, next_attempt_at: now, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await notifyWebhooksQueued(trx);
    const row = await trx
      .selectFrom('webhook_deliveries')
      .innerJoin('outgoing_events', 'outgoing_events.id', 'webhook_deliveries.event_id')
      .select(DELIVERY_COLUMNS)
      .where('webhook_deliveries.id', '=', delivery.id)
      .executeTakeFirstOrThrow();
    return webhookDeliveryView(row);
  });
}
