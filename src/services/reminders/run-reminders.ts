import { sql } from 'kysely';
import { inSavepoint } from '../../db/savepoint.ts';
import { addDays, todayIn } from '../../domain/dates.ts';
import { currentReminderSlot } from '../../domain/reminder-schedule.ts';
import type { BatchProgress } from '../batch-progress.ts';
import { BatchesInFlight } from '../batches-in-flight.ts';
import { REMINDABLE_STATUSES } from '../invoices/send-reminder.ts';
import type { SendingDeps } from '../sending/sending-deps.ts';
import { getSettings } from '../settings/get-settings.ts';
import { remindBatch } from './remind-batch.ts';
import { type DueReminder, remindOne } from './remind-one.ts';
import { readReminderSettings, reminderSchedule } from './reminder-settings.ts';

export interface RemindersReport {
  queued: number;
  skipped: number;
  /** Invoices whose reminder failed for an unexpected reason: rolled back alone, tried again on the next run. */
  failed: number;
}

/**
 * Invoices looked at per transaction. A batch costs about ten round trips whatever its size, which a loaded machine
 * makes slow; 500 keeps a batch's transaction (and the invoice locks it holds) well under a second.
 */
export const REMINDER_BATCH = 500;

/** Batches in flight at once: while the database writes one, Node reads and renders the next (another connection). */
const IN_FLIGHT = 2;

export interface RemindersOptions {
  batchSize?: number;
  onProgress?: BatchProgress;
  /** Only the invoice-by-invoice path that a failed batch falls back to (to compare the two paths). */
  itemByItem?: boolean;
  /** Told when a batch's set-based run failed and the batch is done again invoice by invoice. */
  onFallback?: (batch: number, error: unknown) => void;
}

/**
 * Sends the scheduled reminders that are due today (organisation's time zone): every one, in batches of
 * `batchSize` candidates in (due date, id) order, each batch one transaction, two batches in flight. Each (invoice, slot) goes out at most
 * once: the slot row is inserted in the same transaction as the emails, under the invoice's row lock, and its
 * primary key turns a second worker's (or a retry's) insert into a no-op. Paid and void invoices get none. A batch
 * is done set-based, in a few statements (remind-batch.ts); if that fails, it is done again invoice by invoice, and
 * an invoice that fails then is rolled back alone (a savepoint) and retried on the next run; the batch goes on.
 */
export async function runReminders(
  deps: SendingDeps,
  options: RemindersOptions = {},
): Promise<RemindersReport> {
  const report: RemindersReport = { queued: 0, skipped: 0, failed: 0 };
  const batchSize = options.batchSize ?? REMINDER_BATCH;
  const settings = await readReminderSettings(deps.db);
  if (!settings.enabled) return report;
  const schedule = reminderSchedule(settings);
  const now = deps.clock.now();
  const { time_zone: timeZone } = await getSettings(deps.db);
  const today = todayIn(timeZone, now);
  const latestDue = addDays(today, schedule.daysBeforeDue ?? 0);
  const earliestDue = addDays(today, -(schedule.everyDaysAfter ?? 0) * schedule.maxAfter);

  let started = 0;
  let finished = 0;
  const batches = new BatchesInFlight<RemindersReport | null>(IN_FLIGHT, (outcomes) => {
    finished += 1;
    if (!outcomes) return;
    report.queued += outcomes.queued;
    report.skipped += outcomes.skipped;
    report.failed += outcomes.failed;
    options.onProgress?.({ batch: finished, done: outcomes.queued, total: report.queued });
  });
  let after: { dueDate: string; id: string } | null = null;
  await batches.run(async () => {
    for (;;) {
      const candidates = await deps.db
        .selectFrom('invoices')
        .select(['id', 'due_date', 'sent_at'])
        // The slots already sent come with each candidate (an index lookup each), not in a query of their own.
        .select((eb) =>
          eb
            .selectFrom('invoice_reminders')
            .select(sql<string[]>`coalesce(array_agg(invoice_reminders.slot), '{}')`.as('slots'))
            .whereRef('invoice_reminders.invoice_id', '=', 'invoices.id')
            .as('sent_slots'),
        )
        .where('status', 'in', [...REMINDABLE_STATUSES] as ('sent' | 'viewed' | 'partially_paid')[])
        .where(sql<boolean>`total_minor - amount_paid_minor - amount_credited_minor > 0`)
        .where('due_date', '>=', earliestDue)
        .where('due_date', '<=', latestDue)
        .$if(after !== null, (query) =>
          query.where(sql<boolean>`(due_date, id) > (${after!.dueDate}::date, ${after!.id}::uuid)`),
        )
        .orderBy('due_date')
        .orderBy('id')
        .limit(batchSize)
        .execute();
      const last = candidates.at(-1);
      if (!last) break;
      after = { dueDate: last.due_date, id: last.id };

      const todo = candidates.flatMap(({ sent_slots: sent, ...candidate }) => {
        const slot = currentReminderSlot(
          schedule,
          candidate.due_date,
          todayIn(timeZone, candidate.sent_at ?? now),
          today,
        );
        return slot && !sent?.includes(slot.slot) ? [{ candidate, slot }] : [];
      });
      const batch = ++started;
      await batches.start(async () => (todo.length > 0 ? remindAll(deps, todo, now, options, batch) : null));
      if (candidates.length < batchSize) break;
    }
  });
  return report;
}

/**
 * A batch's reminders in one transaction, set-based (remindBatch). Should that fail, the batch is rolled back and
 * done again invoice by invoice, each in a savepoint: one bad invoice is then rolled back alone (counted as failed
 * and retried on the next run) instead of holding back the whole batch for good.
 */
async function remindAll(
  deps: SendingDeps,
  todo: DueReminder[],
  now: Date,
  options: RemindersOptions,
  batch: number,
): Promise<RemindersReport> {
  const counts: RemindersReport = { queued: 0, skipped: 0, failed: 0 };
  if (!options.itemByItem) {
    try {
      const outcomes = await deps.db.transaction().execute((trx) => remindBatch(trx, deps, todo, now));
      for (const outcome of outcomes) counts[outcome] += 1;
      return counts;
    } catch (error) {
      // Rolled back: done again below, invoice by invoice.
      options.onFallback?.(batch, error);
    }
  }
  return deps.db.transaction().execute(async (trx) => {
    for (const due of todo) {
      const outcome = await inSavepoint(trx, () => remindOne(trx, deps, due, now));
      counts[outcome.ok ? outcome.value : 'failed'] += 1;
    }
    return counts;
  });
}
