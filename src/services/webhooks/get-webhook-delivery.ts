import { webhookBody } from '../../domain/webhook-events.ts';
import type { ServiceDeps } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { DELIVERY_COLUMNS, type WebhookDeliveryView, webhookDeliveryView } from './webhook-delivery-view.ts';

export interface WebhookAttemptView {
  attemptedAt: string;
  /** The endpoint's HTTP status; null when no answer came (refused address, network error, timeout). */
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  /** The start of the endpoint's answer, as text. */
  responseExcerpt: string;
}

/** One delivery of an endpoint with the body it carries and every attempt, oldest first. */
export async function getWebhookDelivery(
  deps: ServiceDeps,
  endpointId: string,
  deliveryId: string,
): Promise<WebhookDeliveryView & { body: string; attemptLog: WebhookAttemptView[] }> {
  const row = await deps.db
    .selectFrom('webhook_deliveries')
    .innerJoin('outgoing_events', 'outgoing_events.id', 'webhook_deliveries.event_id')
    .select([...DELIVERY_COLUMNS, 'outgoing_events.data', 'outgoing_events.created_at as event_created_at'])
    .where('webhook_deliveries.id', '=', deliveryId)
    .where('webhook_deliveries.endpoint_id', '=', endpointId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Webhook delivery');
  const attempts = await deps.db
    .selectFrom('webhook_attempts')
    .select(['attempted_at', 'status_code', 'error', 'duration_ms', 'response_excerpt'])
    .where('delivery_id', '=', deliveryId)
    .orderBy('id')
    .execute();
  return {
    ...webhookDeliveryView(row),
    body: webhookBody({
      id: row.event_id,
      type: row.event_type,
      createdAt: row.event_created_at,
      data: row.data,
    }),
    attemptLog: attempts.map((attempt) => ({
      attemptedAt: attempt.attempted_at.toISOString(),
      statusCode: attempt.status_code,
      error: attempt.error,
      durationMs: attempt.duration_ms,
      responseExcerpt: attempt.response_excerpt,
    })),
  };
}
