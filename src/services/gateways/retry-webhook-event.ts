import { ConflictError } from '../../domain/errors.ts';
import type { ServiceDeps } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { findWebhookEvent, type WebhookEventView } from './list-webhook-events.ts';
import { processWebhookEvent } from './process-webhook-events.ts';

/**
 * An admin gives a failed event (its attempts used up, e.g. during a database outage) a fresh start and it is
 * processed at once, through the same path as the job: it applies once, whatever ran before. Only failed events:
 * the others are still the job's, or done.
 */
export async function retryWebhookEvent(deps: ServiceDeps, id: string): Promise<WebhookEventView> {
  const reset = await deps.db
    .updateTable('webhook_events')
    .set({ state: 'received', attempts: 0, last_error: null })
    .where('id', '=', id)
    .where('state', '=', 'failed')
    .returning('id')
    .executeTakeFirst();
  if (!reset) {
    const event = await findWebhookEvent(deps, id);
    if (!event) throw new NotFoundError('Webhook event');
    throw new ConflictError(
      'event_not_failed',
      `This event is ${event.state}: only failed events are retried`,
    );
  }
  await processWebhookEvent(deps, id);
  const event = await findWebhookEvent(deps, id);
  if (!event) throw new NotFoundError('Webhook event');
  return event;
}
