import { sql } from 'kysely';
import type { Db } from '../../db/client.ts';
import { nextWebhookAttempt, shouldDisableEndpoint } from '../../domain/webhook-retry.ts';

export interface AttemptOutcome {
  deliveryId: string;
  endpointId: string;
  /** The round's attempt this was (the claim counted it). */
  attempts: number;
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  responseExcerpt: string;
}

export type AttemptResult = 'delivered' | 'retrying' | 'failed';

/**
 * Writes an attempt's outcome in one transaction: the log row, the delivery's state (delivered, retrying with
 * backoff, or given up) and the endpoint's run of failures, turning it off when shouldDisableEndpoint says so. A
 * delivery no longer held by this attempt (its lease passed and another worker took it) is only logged.
 */
export async function recordWebhookAttempt(
  db: Db,
  outcome: AttemptOutcome,
  now: Date,
  random: number,
): Promise<AttemptResult> {
  const next = outcome.ok ? null : nextWebhookAttempt(outcome.attempts, now, random);
  const result: AttemptResult = outcome.ok ? 'delivered' : next ? 'retrying' : 'failed';
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('webhook_attempts')
      .values({
        delivery_id: outcome.deliveryId,
        attempted_at: now,
        status_code: outcome.statusCode,
        error: outcome.error,
        duration_ms: outcome.durationMs,
        response_excerpt: outcome.responseExcerpt,
      })
      .execute();
    await trx
      .updateTable('webhook_deliveries')
      .set({
        state: result,
        last_status_code: outcome.statusCode,
        last_error: outcome.error,
        last_duration_ms: outcome.durationMs,
        ...(outcome.ok ? { delivered_at: now } : { next_attempt_at: next ?? now }),
      })
      .where('id', '=', outcome.deliveryId)
      .where('state', '=', 'delivering')
      .where('attempts', '=', outcome.attempts)
      .execute();
    if (outcome.ok) {
      await trx
        .updateTable('webhook_endpoints')
        .set({ consecutive_failures: 0, failing_since: null })
        .where('id', '=', outcome.endpointId)
        .where('consecutive_failures', '>', 0)
        .execute();
      return;
    }
    const endpoint = await trx
      .updateTable('webhook_endpoints')
      .set({
        consecutive_failures: sql<number>`consecutive_failures + 1`,
        failing_since: sql<Date>`coalesce(failing_since, ${now})`,
      })
      .where('id', '=', outcome.endpointId)
      .returning(['consecutive_failures', 'failing_since', 'enabled'])
      .executeTakeFirst();
    if (
      endpoint?.enabled &&
      shouldDisableEndpoint(endpoint.consecutive_failures, endpoint.failing_since!, now)
    ) {
      await trx
        .updateTable('webhook_endpoints')
        .set({
          enabled: false,
          disabled_reason: `Turned off after ${endpoint.consecutive_failures} failed attempts in a row since ${endpoint.failing_since!.toISOString()}`,
          updated_at: now,
        })
        .where('id', '=', outcome.endpointId)
        .execute();
    }
  });
  return result;
}
