import { sql } from 'kysely';
import { addDays, todayIn } from '../../domain/dates.ts';
import { ValidationError } from '../../domain/errors.ts';
import { currentReminderSlot } from '../../domain/reminder-schedule.ts';
import { systemActor } from '../context.ts';
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
}

/**
 * Sends the scheduled reminders that are due today (organisation's time zone). Each (invoice, slot) goes out at
 * most once: the slot row is inserted in the same transaction as the emails, under the invoice's row lock, and its
 * primary key turns a second worker's (or a rerun's) insert into a no-op. Paid and void invoices get none.
 */
export async function runReminders(deps: SendingDeps): Promise<RemindersReport> {
  const report: RemindersReport = { queued: 0, skipped: 0 };
  const settings = await readReminderSettings(deps.db);
  if (!settings.enabled) return report;
  const schedule = reminderSchedule(settings);
  const now = deps.clock.now();
  const { time_zone: timeZone } = await getSettings(deps.db);
  const today = todayIn(timeZone, now);
  const latestDue = addDays(today, schedule.daysBeforeDue ?? 0);
  const earliestDue = addDays(today, -(schedule.everyDaysAfter ?? 0) * schedule.maxAfter);

  const candidates = await deps.db
    .selectFrom('invoices')
    .select(['id', 'due_date', 'sent_at'])
    .where('status', 'in', [...REMINDABLE_STATUSES] as ('sent' | 'viewed' | 'partially_paid')[])
    .where(sql<boolean>`total_minor - amount_paid_minor - amount_credited_minor > 0`)
    .where('due_date', '>=', earliestDue)
    .where('due_date', '<=', latestDue)
    .orderBy('due_date')
    .execute();

  for (const candidate of candidates) {
    const issuedOn = todayIn(timeZone, candidate.sent_at ?? now);
    const slot = currentReminderSlot(schedule, candidate.due_date, issuedOn, today);
    if (!slot) continue;
    const done = await deps.db
      .selectFrom('invoice_reminders')
      .select('slot')
      .where('invoice_id', '=', candidate.id)
      .where('slot', '=', slot.slot)
      .executeTakeFirst();
    if (done) continue;
    const outcome = await deps.db.transaction().execute(async (trx) => {
      const record = await loadInvoice(trx, candidate.id, { lock: true });
      // Re-checked under the lock: a payment or a void may have landed since the candidates were read.
      if (!REMINDABLE_STATUSES.has(record.invoice.status) || computeRecordTotals(record).balanceDue <= 0n) {
        return 'skipped' as const;
      }
      if (record.invoice.due_date !== candidate.due_date) return 'skipped' as const;
      const claimed = await trx
        .insertInto('invoice_reminders')
        .values({ invoice_id: candidate.id, slot: slot.slot, created_at: now })
        .onConflict((oc) => oc.columns(['invoice_id', 'slot']).doNothing())
        .returning('slot')
        .executeTakeFirst();
      if (!claimed) return 'skipped' as const;
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
        return 'skipped' as const;
      }
      const emails = await queueInvoiceEmails(trx, {
        kind: 'reminder',
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
      return 'queued' as const;
    });
    report[outcome] += 1;
  }
  return report;
}
