import { sql } from 'kysely';
import { inSavepoint } from '../../db/savepoint.ts';
import { todayIn } from '../../domain/dates.ts';
import type { BatchProgress } from '../batch-progress.ts';
import type { SendingDeps } from '../sending/sending-deps.ts';
import { getSettings } from '../settings/get-settings.ts';
import { generateDuePeriodsIn } from './generate-due-periods.ts';
import { getRecurringSettings } from './get-recurring-settings.ts';
import { sendPendingRecurringInvoices } from './send-pending-recurring-invoices.ts';

/** Profiles generated per transaction. */
export const GENERATE_BATCH = 100;

export interface RecurringRunSummary {
  today: string;
  generated: { profileId: string; periodDate: string; invoiceId: string }[];
  missed: { profileId: string; periodDate: string }[];
  /** Invoices sent automatically in this run. */
  sent: string[];
  /** Generated invoices that could not be sent automatically (the reason is on their period). */
  sendFailed: string[];
  failed: { profileId: string; error: string }[];
}

export interface RecurringRunOptions {
  /** Profiles generated, and invoices sent, per transaction. */
  batchSize?: number;
  onProgress?: (step: 'generate' | 'send', progress: Parameters<BatchProgress>[0]) => void;
}

/**
 * Generates every due period of every active profile, then sends those of auto-send profiles: all the due work,
 * in batches of `batchSize` profiles in (next run date, id) order, each batch one transaction, then the sending in
 * batches too. "Due" means on or before today in the organisation's time zone, asked once per run of the clock:
 * a daylight-saving change shifts instants, never calendar days, so no day is skipped or run twice. Safe to run
 * from several workers at once and again after a crash: each (profile, period) is handled once.
 */
export async function runRecurringInvoices(
  deps: SendingDeps,
  options: RecurringRunOptions = {},
): Promise<RecurringRunSummary> {
  const batchSize = options.batchSize ?? GENERATE_BATCH;
  const settings = await getSettings(deps.db);
  const today = todayIn(settings.time_zone, deps.clock.now());
  const { catchUp } = await getRecurringSettings(deps);
  const summary: RecurringRunSummary = {
    today,
    generated: [],
    missed: [],
    sent: [],
    sendFailed: [],
    failed: [],
  };

  let after: { nextRunDate: string; id: string } | null = null;
  for (let batch = 1; ; batch++) {
    const now = deps.clock.now();
    const outcome = await deps.db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom('recurring_profiles')
        .select(['id', 'next_run_date'])
        .where('status', '=', 'active')
        .where('next_run_date', '<=', today)
        .$if(after !== null, (query) =>
          query.where(sql<boolean>`(next_run_date, id) > (${after!.nextRunDate}::date, ${after!.id}::uuid)`),
        )
        .orderBy('next_run_date')
        .orderBy('id')
        .limit(batchSize)
        .execute();
      const done: Pick<RecurringRunSummary, 'generated' | 'missed' | 'failed'> = {
        generated: [],
        missed: [],
        failed: [],
      };
      for (const { id } of due) {
        const result = await inSavepoint(trx, () => generateDuePeriodsIn(trx, id, today, catchUp, now));
        if (result.ok) {
          done.generated.push(...result.value.generated.map((period) => ({ profileId: id, ...period })));
          done.missed.push(...result.value.missed.map((periodDate) => ({ profileId: id, periodDate })));
          continue;
        }
        // One broken profile (its client archived, say) must not stop the others; staff see why on it.
        const message = result.error instanceof Error ? result.error.message : String(result.error);
        await trx
          .updateTable('recurring_profiles')
          .set({ last_error: `Generation failed: ${message}` })
          .where('id', '=', id)
          .execute();
        done.failed.push({ profileId: id, error: message });
      }
      const last = due.at(-1);
      return {
        count: due.length,
        done,
        last: last ? { nextRunDate: last.next_run_date!, id: last.id } : null,
      };
    });
    summary.generated.push(...outcome.done.generated);
    summary.missed.push(...outcome.done.missed);
    summary.failed.push(...outcome.done.failed);
    if (outcome.count > 0)
      options.onProgress?.('generate', {
        batch,
        done: outcome.done.generated.length,
        total: summary.generated.length,
      });
    if (outcome.count < batchSize || !outcome.last) break;
    after = outcome.last;
  }

  const sending = await sendPendingRecurringInvoices(deps, {
    batchSize,
    onProgress: (progress) => options.onProgress?.('send', progress),
  });
  summary.sent = sending.sent;
  summary.sendFailed = sending.failed;
  return summary;
}
