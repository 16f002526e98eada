import type { Trx } from '../../db/client.ts';
import type { EmailAttachmentChoice } from '../../domain/einvoice/attachment-choice.ts';
import { ValidationError } from '../../domain/errors.ts';
import { systemActor } from '../context.ts';
import { attachmentRefusal } from '../einvoice/produce-email-attachments.ts';
import { contactsOfClients, type Recipient, recipientsAmong } from '../email/invoice-recipients.ts';
import { queueInvoiceEmailBatch } from '../email/queue-invoice-emails.ts';
import { type InvoiceEventInput, recordInvoiceEvents } from '../invoices/record-event.ts';
import type { SendingDeps } from '../sending/sending-deps.ts';
import { lockRemindedInvoices, type RemindedInvoice } from './lock-reminded-invoices.ts';
import {
  type DueReminder,
  NO_CONTACT_REASON,
  type ReminderOutcome,
  reminderDedupeKey,
  reminderQueuedData,
  stillRemindable,
} from './remind-one.ts';

/**
 * A whole batch's reminders, set-based, in the batch's transaction: the same rows remindOne writes for each invoice,
 * in a handful of statements whatever the batch's size. The invoices are locked in one statement (id order) and
 * re-checked, reading only the columns a reminder needs (stored totals, no lines; the client's e-invoice format);
 * the slots claimed in one INSERT (a slot another worker or an earlier run took is skipped); contacts, and the
 * settings with SMTP's presence, read once each; the emails rendered in memory and written with their link tokens in one
 * statement; the timeline events in one more. Only an e-invoice attachment is checked invoice by invoice (rare, and
 * as many queries as its check needs). Any error throws: the caller rolls the batch back and falls back to
 * remindOne per invoice. Returns each reminder's outcome, in order.
 */
export async function remindBatch(
  trx: Trx,
  deps: SendingDeps,
  batch: DueReminder[],
  now: Date,
): Promise<ReminderOutcome[]> {
  const outcomes = batch.map((): ReminderOutcome => 'skipped');
  const invoices = await lockRemindedInvoices(
    trx,
    batch.map((due) => due.candidate.id),
  );
  const remindable = batch.flatMap((due, index) => {
    const invoice = invoices.get(due.candidate.id);
    if (!invoice) throw new Error(`remindBatch: invoice ${due.candidate.id} is gone`);
    return stillRemindable(invoice, invoice.balanceDue, due.candidate) ? [{ due, index, invoice }] : [];
  });
  const claimed = await claimSlots(trx, remindable, now);
  if (claimed.length === 0) return outcomes;

  const contacts = await contactsOfClients(
    trx,
    claimed.map(({ invoice }) => invoice.client_id),
  );
  const { smtp_configured: smtpConfigured, ...settings } = await trx
    .selectFrom('settings')
    .selectAll()
    .select((eb) =>
      eb.exists(eb.selectFrom('smtp_settings').select('smtp_settings.id')).as('smtp_configured'),
    )
    .where('settings.id', '=', 1)
    .executeTakeFirstOrThrow();
  const events: InvoiceEventInput[] = [];
  const sending: {
    due: DueReminder;
    index: number;
    invoice: RemindedInvoice;
    recipients: Recipient[];
    attachment: EmailAttachmentChoice;
  }[] = [];
  for (const { due, index, invoice } of claimed) {
    const skipped = (data: Record<string, unknown>) =>
      events.push({
        invoiceId: due.candidate.id,
        type: 'reminder_skipped',
        data: { slot: due.slot.slot, ...data },
        at: now,
      });
    let recipients: Recipient[];
    try {
      recipients = recipientsAmong(contacts.get(invoice.client_id) ?? [], undefined);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      skipped({ reason: NO_CONTACT_REASON });
      continue;
    }
    const { attachment } = invoice;
    // The invoice's last send decides what is attached; an e-invoice it can no longer carry skips the reminder.
    const refusal = await attachmentRefusal(trx, { kind: 'invoice', id: due.candidate.id }, attachment);
    if (refusal) {
      skipped({ attachment, reason: refusal });
      continue;
    }
    sending.push({ due, index, invoice, recipients, attachment });
  }

  const emails = await queueInvoiceEmailBatch(
    trx,
    sending.map(({ due, invoice, recipients, attachment }) => ({
      kind: 'reminder',
      attachment,
      invoice: invoice.summary,
      timeZone: settings.time_zone,
      recipients,
      dedupeKey: reminderDedupeKey(due.candidate.id, due.slot),
    })),
    {
      appUrl: deps.appUrl,
      secretKey: deps.secretKey,
      now,
      settings,
      smtpConfigured: Boolean(smtpConfigured),
    },
  );
  for (const [position, { due, index }] of sending.entries()) {
    events.push({
      invoiceId: due.candidate.id,
      type: 'reminder_queued',
      data: reminderQueuedData(due.slot, emails[position]!),
      at: now,
    });
    outcomes[index] = 'queued';
  }
  await recordInvoiceEvents(trx, systemActor, events);
  return outcomes;
}

/** Takes the slots in one INSERT; those already taken (another worker, an earlier run) are left out. */
async function claimSlots<T extends { due: DueReminder }>(trx: Trx, reminders: T[], now: Date): Promise<T[]> {
  if (reminders.length === 0) return [];
  const taken = await trx
    .insertInto('invoice_reminders')
    .values(
      reminders.map(({ due }) => ({ invoice_id: due.candidate.id, slot: due.slot.slot, created_at: now })),
    )
    .onConflict((oc) => oc.columns(['invoice_id', 'slot']).doNothing())
    .returning(['invoice_id', 'slot'])
    .execute();
  const claimed = new Set(taken.map((row) => `${row.invoice_id}/${row.slot}`));
  return reminders.filter(({ due }) => claimed.has(`${due.candidate.id}/${due.slot.slot}`));
}
