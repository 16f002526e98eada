import type { ServiceDeps } from '../context.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Rows deleted per statement: a first purge of a long history never holds one huge delete open. */
const BATCH_SIZE = 5_000;

/**
 * Retention of outgoing webhooks: deliveries delivered more than `settings.webhook_retention_days` ago go, with their
 * attempts (cascade), then the events older than that which no delivery needs any more. A delivery that is not
 * delivered (pending, retrying, failed) stays, with its event and attempts, whatever its age, so it can still be
 * redelivered. Safe to run at any time, from any process.
 */
export async function purgeWebhookDeliveries(
  deps: ServiceDeps,
): Promise<{ deliveries: number; events: number }> {
  const { webhook_retention_days: days } = await deps.db
    .selectFrom('settings')
    .select('webhook_retention_days')
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  const cutoff = new Date(deps.clock.now().getTime() - days * DAY_MS);
  let deliveries = 0;
  for (;;) {
    const result = await deps.db
      .deleteFrom('webhook_deliveries')
      .where(
        'id',
        'in',
        deps.db
          .selectFrom('webhook_deliveries')
          .select('id')
          // The predicate of the partial index webhook_deliveries_delivered_idx (migration 038).
          .where('state', '=', 'delivered')
          .where('delivered_at', '<', cutoff)
          .limit(BATCH_SIZE),
      )
      .executeTakeFirst();
    const count = Number(result.numDeletedRows);
    deliveries += count;
    if (count < BATCH_SIZE) break;
  }
  let events = 0;
  for (;;) {
    const result = await deps.db
      .deleteFrom('outgoing_events')
      .where(
        'id',
        'in',
        deps.db
          .selectFrom('outgoing_events as e')
          .select('e.id')
          .where('e.created_at', '<', cutoff)
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom('webhook_deliveries as d').select('d.id').whereRef('d.event_id', '=', 'e.id'),
              ),
            ),
          )
          .limit(BATCH_SIZE),
      )
      .executeTakeFirst();
    const count = Number(result.numDeletedRows);
    events += count;
    if (count < BATCH_SIZE) return { deliveries, events };
  }
}
