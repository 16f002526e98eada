import type { Trx } from '../../db/client.ts';
import type { InvoiceRow } from '../../db/schema.ts';
import { ValidationError } from '../../domain/errors.ts';
import type { ReminderSlot } from '../../domain/reminder-schedule.ts';
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

/** An invoice whose reminder slot is due today, as the candidates query read it (before any lock). */
export interface DueReminder {
  candidate: { id: string; due_date: string };
  slot: ReminderSlot;
}

export type ReminderOutcome = 'queued' | 'skipped';

export const NO_CONTACT_REASON = 'The client has no contact with an email address';

/** Re-checked under the lock: a payment, a void or a revision may have landed since the candidates were read. */
export function stillRemindable(
  invoice: Pick<InvoiceRow, 'status' | 'due_date'>,
  balanceDue: bigint,
  candidate: DueReminder['candidate'],
): boolean {
  return (
    REMINDABLE_STATUSES.has(invoice.status) && balanceDue > 0n && invoice.due_date === candidate.due_date
  );
}

/** The reminder_queued event's data. */
export function reminderQueuedData(slot: ReminderSlot, emails: { id: string; to: string; state: string }[]) {
  return {
    slot: slot.slot,
    when: slot.when,
    emails: emails.map((email) => ({ id: email.id, to: email.to, state: email.state })),
  };
}

/**
 * One invoice's reminder, under its row lock, in the batch's transaction: the path a batch falls back to when its
 * set-based run fails (remind-batch.ts does the same for a whole batch), each invoice in a savepoint of its own.
 */
export async function remindOne(
  trx: Trx,
  deps: SendingDeps,
  due: DueReminder,
  now: Date,
): Promise<ReminderOutcome> {
  const { candidate, slot } = due;
  const record = await loadInvoice(trx, candidate.id, { lock: true });
  if (!stillRemindable(record.invoice, computeRecordTotals(record).balanceDue, candidate)) return 'skipped';
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
      data: { slot: slot.slot, reason: NO_CONTACT_REASON },
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
    dedupeKey: reminderDedupeKey(candidate.id, slot),
  });
  await recordInvoiceEvent(trx, systemActor, {
    invoiceId: candidate.id,
    type: 'reminder_queued',
    data: reminderQueuedData(slot, emails),
    at: now,
  });
  return 'queued';
}

/** A reminder slot goes to each contact at most once. */
export function reminderDedupeKey(invoiceId: string, slot: ReminderSlot): (contactId: string) => string {
  return (contactId) => `reminder:${invoiceId}:${slot.slot}:${contactId}`;
}
