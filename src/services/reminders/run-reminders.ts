import { sql } from 'kysely';
import type { Trx } from '../../db/client.ts';
import { inSavepoint } from '../../db/savepoint.ts';
import { addDays, todayIn } from '../../domain/dates.ts';
import { ValidationError } from '../../domain/errors.ts';
import { currentReminderSlot, type ReminderSlot } from '../../domain/reminder-schedule.ts';
import type { BatchProgress } from '../batch-progress.ts';
import { systemActor } from '../context.ts';
import { attachmentRefusal } from '../einvoice/produce-email-attachments.ts';
import { chooseAttachment } from '../email/attachment-default.ts';
import { resolveRecipients } from '../email/invoice-recipients.ts';
import { queueInvoiceEmails } from '../email/queue-invoice-emails.ts';
import { computeRecordTotals, toInvoiceView } from '../invoices/invoice-view.ts';
import { loadInvoice } from '../invoices/load-invoice.ts';
import { recordInvoiceEvent } from '../invoices/record-event.ts';
import { REMINDABLE_STATUSES } from '../invoices/send-reminder.ts';
import type { SendingDeps } from '../sending/sending-deps.ts';
import { getSettings } from '../settings/get-settings.ts';
import { readReminderSettings, reminderSchedule } from './reminder-settings.ts';

export interface RemindersReport {
  queued: number;
  skipped: number;
  /** Invoices whose reminder failed for an unexpected reason: rolled back alone, tried again on the next run. */
  failed: number;
}

/** Invoices looked at per transaction. */
export const REMINDER_BATCH = 200;

export interface RemindersOptions {
  batchSize?: number;
  onProgress?: BatchProgress;
}

/**
 * Sends the scheduled reminders that are due today (organisation's time zone): every one, in batches of
 * `batchSize` candidates in (due date, id) order, each batch one transaction. Each (invoice, slot) goes out at most
 * once: the slot row is inserted in the same transaction as the emails, under the invoice's row lock, and its
 * primary key turns a second worker's (or a retry's) insert into a no-op. Paid and void invoices get none. An
 * invoice that fails is rolled back alone (a savepoint) and retried on the next run; the batch goes on.
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

  let after: { dueDate: string; id: string } | null = null;
  for (let batch = 1; ; batch++) {
    const candidates = await deps.db
      .selectFrom('invoices')
      .select(['id', 'due_date', 'sent_at'])
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

    const slots = candidates.flatMap((candidate) => {
      const slot = currentReminderSlot(
        schedule,
        candidate.due_date,
        todayIn(timeZone, candidate.sent_at ?? now),
        today,
      );
      return slot ? [{ candidate, slot }] : [];
    });
    const sent = await slotsAlreadySent(deps, slots);
    const todo = slots.filter(({ candidate, slot }) => !sent.has(`${candidate.id}/${slot.slot}`));
    if (todo.length > 0) {
      const outcomes = await deps.db.transaction().execute(async (trx) => {
        const counts: RemindersReport = { queued: 0, skipped: 0, failed: 0 };
        for (const { candidate, slot } of todo) {
          const outcome = await inSavepoint(trx, () => remindOne(trx, deps, candidate, slot, now));
          counts[outcome.ok ? outcome.value : 'failed'] += 1;
        }
        return counts;
      });
      report.queued += outcomes.queued;
      report.skipped += outcomes.skipped;
      report.failed += outcomes.failed;
      options.onProgress?.({ batch, done: outcomes.queued, total: report.queued });
    }
    if (candidates.length < batchSize) break;
  }
  return report;
}

/** The (invoice, slot) pairs of a batch that already went out, in one query. */
async function slotsAlreadySent(
  deps: SendingDeps,
  slots: { candidate: { id: string }; slot: ReminderSlot }[],
): Promise<Set<string>> {
  if (slots.length === 0) return new Set();
  const rows = await deps.db
    .selectFrom('invoice_reminders')
    .select(['invoice_id', 'slot'])
    .where(
      sql<boolean>`(invoice_id, slot) in (${sql.join(slots.map(({ candidate, slot }) => sql`(${candidate.id}::uuid, ${slot.slot})`))})`,
    )
    .execute();
  return new Set(rows.map((row) => `${row.invoice_id}/${row.slot}`));
}

/** One invoice's reminder, under its row lock, in the batch's transaction. */
async function remindOne(
  trx: Trx,
  deps: SendingDeps,
  candidate: { id: string; due_date: string },
  slot: ReminderSlot,
  now: Date,
): Promise<'queued' | 'skipped'> {
  const record = await loadInvoice(trx, candidate.id, { lock: true });
  // Re-checked under the lock: a payment or a void may have landed since the candidates were read.
  if (!REMINDABLE_STATUSES.has(record.invoice.status) || computeRecordTotals(record).balanceDue <= 0n) {
    return 'skipped';
  }
  if (record.invoice.due_date !== candidate.due_date) return 'skipped';
  const claimed = await trx
    .insertInto('invoice_reminders')
    .values({ invoice_id: candidate.id, slot: slot.slot, created_at: now })
    .onConflict((oc) => oc.columns(['invoice_id', 'slot']).doNothing())
    .returning('slot')
    .executeTakeFirst();
  if (!claimed) return 'skipped';
  let recipients: Awaited<ReturnType<typeof resolveRecipients>>;
  try {
    recipients = await resolveRecipients(trx, record.invoice.client_id, undefined);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    await recordInvoiceEvent(trx, systemActor, {
      invoiceId: candidate.id,
      type: 'reminder_skipped',
      data: { slot: slot.slot, reason: 'The client has no contact with an email address' },
      at: now,
    });
    return 'skipped';
  }
  // The invoice's last send decides what is attached; an e-invoice it can no longer carry skips the reminder with
  // the reasons (never a PDF-only reminder instead).
  const attachment = await chooseAttachment(trx, record.invoice.client_id, record.invoice.email_attachment);
  const refusal = await attachmentRefusal(trx, { kind: 'invoice', id: candidate.id }, attachment);
  if (refusal) {
    await recordInvoiceEvent(trx, systemActor, {
      invoiceId: candidate.id,
      type: 'reminder_skipped',
      data: { slot: slot.slot, attachment, reason: refusal },
      at: now,
    });
    return 'skipped';
  }
  const emails = await queueInvoiceEmails(trx, {
    kind: 'reminder',
    attachment,
    invoice: toInvoiceView(record, now),
    timeZone: record.timeZone,
    recipients,
    appUrl: deps.appUrl,
    secretKey: deps.secretKey,
    now,
    dedupeKey: (contactId) => `reminder:${candidate.id}:${slot.slot}:${contactId}`,
  });
  await recordInvoiceEvent(trx, systemActor, {
    invoiceId: candidate.id,
    type: 'reminder_queued',
    data: {
      slot: slot.slot,
      when: slot.when,
      emails: emails.map((email) => ({ id: email.id, to: email.to, state: email.state })),
    },
    at: now,
  });
  return 'queued';
}
