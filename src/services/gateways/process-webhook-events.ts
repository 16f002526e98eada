import { sql } from 'kysely';
import type { WebhookEventState } from '../../db/schema.ts';
import type { ServiceDeps } from '../context.ts';
import { type ApplyOutcome, type ApplyResult, applyGatewayEvent } from './apply-gateway-event.ts';
import { deserializeEvent, storableText } from './stored-event.ts';

/** The app's public address puts the logo in the payment emails an event queues (tests may leave it out). */
export type WebhookProcessingDeps = ServiceDeps & { appUrl?: string };

/** After this many failed attempts an event is left `failed` for an admin to look at. */
const MAX_ATTEMPTS = 10;
const BATCH = 100;
/**
 * How long an event may wait for an earlier one (a refund for its payment). Providers deliver out of order by
 * seconds or, while they retry a failed delivery, by hours; three days covers that with room, and a refund still
 * without its payment after that is for a payment Remit will never see.
 */
const WAITING_DAYS = 3;
const WAITING_DEADLINE_MS = WAITING_DAYS * 24 * 60 * 60 * 1000;

export interface ProcessSummary {
  processed: number;
  ignored: number;
  waiting: number;
  failed: number;
}

/**
 * PostgreSQL refusing the event's own data (SQLSTATE class 22: a value out of range, text it cannot store): no retry
 * will cure that, unlike a lost connection or a lock timeout.
 */
function isDataException(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('22');
}

/**
 * Processes one stored event in its own transaction. The row is locked with SKIP LOCKED, so two workers never work
 * on the same event, and the state check inside the lock makes a second run change nothing. An event Remit cannot
 * use (content the adapters did not expect, an invoice that is not ours) ends `ignored` with the reason, at once:
 * only failures that may pass (the database going away) are retried.
 */
export async function processWebhookEvent(
  deps: WebhookProcessingDeps,
  id: string,
): Promise<ApplyOutcome | 'skipped'> {
  const now = deps.clock.now();
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('webhook_events')
        .selectAll()
        .where('id', '=', id)
        .where('state', 'in', ['received', 'waiting'])
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!row) return 'skipped' as const;
      const result = await applyGatewayEvent(
        trx,
        row.provider,
        row.event_id,
        deserializeEvent(row.parsed),
        now,
        deps.appUrl ?? null,
      );
      // Only refunds wait (for their payment), so the reason can say so.
      const expired =
        result.outcome === 'waiting' && now.getTime() - row.received_at.getTime() >= WAITING_DEADLINE_MS;
      const ended: ApplyResult = expired
        ? {
            outcome: 'ignored',
            reason: `No payment in Remit matches this refund after ${WAITING_DAYS} days of waiting`,
          }
        : result;
      const { outcome } = ended;
      await trx
        .updateTable('webhook_events')
        .set({
          state: outcome,
          // Waiting for an earlier event is not a failure: it does not use up attempts.
          attempts: outcome === 'waiting' ? row.attempts : row.attempts + 1,
          last_error: null,
          processed_at: outcome === 'waiting' ? null : now,
          ignored_reason: ended.outcome === 'ignored' ? storableText(ended.reason, 1000) : null,
        })
        .where('id', '=', id)
        .execute();
      return outcome;
    });
  } catch (error) {
    if (isDataException(error)) {
      await deps.db
        .updateTable('webhook_events')
        .set({
          state: 'ignored',
          attempts: sql<number>`attempts + 1`,
          last_error: null,
          processed_at: now,
          ignored_reason: storableText(
            `The database refused the event's data: ${(error as Error).message}`,
            1000,
          ),
        })
        .where('id', '=', id)
        .where('state', 'in', ['received', 'waiting'])
        .execute();
      return 'ignored';
    }
    // Nothing of the event's work was kept (its transaction rolled back); count the attempt so it is retried a few
    // times, then left for an admin.
    await deps.db
      .updateTable('webhook_events')
      .set({
        attempts: sql<number>`attempts + 1`,
        last_error: (error as Error).message.slice(0, 2000),
        state: sql<WebhookEventState>`case when attempts + 1 >= ${MAX_ATTEMPTS} then 'failed' else state end`,
      })
      .where('id', '=', id)
      .execute();
    return 'skipped';
  }
}

/**
 * The webhook job: processes every received event in arrival order. Events waiting for an earlier one (a refund
 * delivered before its payment) are tried again after each pass that made progress, always after the received
 * ones, so however many wait they never hold back a new event; after WAITING_DAYS they are ignored. Idempotent: run
 * it as often as you like, from as many workers as you like.
 */
export async function processWebhookEvents(deps: WebhookProcessingDeps): Promise<ProcessSummary> {
  const summary: ProcessSummary = { processed: 0, ignored: 0, waiting: 0, failed: 0 };
  for (let pass = 0; pass < 5; pass++) {
    const rows = await deps.db
      .selectFrom('webhook_events')
      .select('id')
      .where('state', 'in', ['received', 'waiting'])
      .where('attempts', '<', MAX_ATTEMPTS)
      .orderBy(sql`state = 'waiting'`)
      .orderBy('received_at')
      .orderBy('id')
      .limit(BATCH)
      .execute();
    let progress = 0;
    summary.waiting = 0;
    for (const { id } of rows) {
      const outcome = await processWebhookEvent(deps, id);
      if (outcome === 'processed' || outcome === 'ignored') {
        summary[outcome] += 1;
        progress += 1;
      } else if (outcome === 'waiting') summary.waiting += 1;
    }
    if (progress === 0 || (summary.waiting === 0 && rows.length < BATCH)) break;
  }
  const failed = await deps.db
    .selectFrom('webhook_events')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('state', '=', 'failed')
    .executeTakeFirstOrThrow();
  summary.failed = Number(failed.n);
  return summary;
}
