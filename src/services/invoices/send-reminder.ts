import { randomUUID } from 'node:crypto';
import type { Trx } from '../../db/client.ts';
import { ConflictError } from '../../domain/errors.ts';
import type { Actor } from '../context.ts';
import { assertAttachmentPossible } from '../einvoice/produce-email-attachments.ts';
import { chooseAttachment } from '../email/attachment-default.ts';
import { resolveRecipients } from '../email/invoice-recipients.ts';
import { queueInvoiceEmails } from '../email/queue-invoice-emails.ts';
import type { SendingDeps } from '../sending/sending-deps.ts';
import { computeRecordTotals, toInvoiceView } from './invoice-view.ts';
import { loadInvoice } from './load-invoice.ts';
import { recordInvoiceEvent } from './record-event.ts';
import type { SendInvoiceInput, SendInvoiceResult } from './send-invoice.ts';

/** Reminders go only to invoices that are issued and still owed. */
export const REMINDABLE_STATUSES = new Set(['sent', 'viewed', 'partially_paid']);

/** A reminder sent by hand; it takes a slot of its own, so it never uses up a scheduled one. */
export async function sendReminder(
  deps: SendingDeps,
  actor: Actor,
  invoiceId: string,
  input: SendInvoiceInput,
): Promise<SendInvoiceResult> {
  const now = deps.clock.now();
  return deps.db.transaction().execute((trx) => sendReminderIn(trx, deps, actor, invoiceId, input, now));
}

/** sendReminder inside the caller's transaction (a preview rolls it back). */
export async function sendReminderIn(
  trx: Trx,
  deps: SendingDeps,
  actor: Actor,
  invoiceId: string,
  input: SendInvoiceInput,
  now: Date,
): Promise<SendInvoiceResult> {
  const record = await loadInvoice(trx, invoiceId, { lock: true });
  const invoice = toInvoiceView(record, now);
  if (!REMINDABLE_STATUSES.has(record.invoice.status) || computeRecordTotals(record).balanceDue <= 0n) {
    throw new ConflictError(
      'invalid_transition',
      `Cannot send a reminder for an invoice that is ${invoice.status.replace('_', ' ')}: only issued invoices with a balance due get reminders`,
    );
  }
  const recipients = await resolveRecipients(trx, record.invoice.client_id, input.contactIds);
  // The invoice's last send decides, unless this reminder chooses.
  const attachment = await chooseAttachment(
    trx,
    record.invoice.client_id,
    input.attachment,
    record.invoice.email_attachment,
  );
  await assertAttachmentPossible(trx, { kind: 'invoice', id: invoiceId }, attachment);
  const slot = `manual:${randomUUID()}`;
  await trx
    .insertInto('invoice_reminders')
    .values({ invoice_id: invoiceId, slot, created_at: now })
    .execute();
  const emails = await queueInvoiceEmails(trx, {
    kind: 'reminder',
    invoice,
    timeZone: record.timeZone,
    recipients,
    appUrl: deps.appUrl,
    secretKey: deps.secretKey,
    now,
    subject: input.subject,
    message: input.message,
    attachment,
    copies: input,
  });
  await recordInvoiceEvent(trx, actor, {
    invoiceId,
    type: 'reminder_queued',
    data: {
      slot,
      attachment,
      emails: emails.map((email) => ({ id: email.id, to: email.to, state: email.state })),
    },
    at: now,
  });
  return { invoice, emails };
}
