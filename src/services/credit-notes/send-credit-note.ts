import type { Trx } from '../../db/client.ts';
import type { EmailAttachmentChoice } from '../../domain/einvoice/attachment-choice.ts';
import { readerOfClient } from '../clients/client-reader.ts';
import type { Actor } from '../context.ts';
import { recordDocumentEvent } from '../documents/record-document-event.ts';
import { assertAttachmentPossible } from '../einvoice/produce-email-attachments.ts';
import { chooseAttachment } from '../email/attachment-default.ts';
import { describeEmailedDocument } from '../email/describe-emailed-document.ts';
import { emailLogoUrl } from '../email/email-brand.ts';
import { resolveRecipients } from '../email/invoice-recipients.ts';
import {
  emailQueuedData,
  type QueuedInvoiceEmail,
  queueDocumentEmails,
} from '../email/queue-document-emails.ts';
import { loadEmailTemplates } from '../email-templates/email-template-book.ts';
import type { SendingDeps } from '../sending/sending-deps.ts';
import { getSettings } from '../settings/get-settings.ts';
import { renderCreditNoteEmail } from './credit-note-email.ts';
import { creditNotePresentation } from './credit-note-presentation.ts';
import { type CreditNoteView, toCreditNoteView } from './credit-note-view.ts';
import { issueCreditNoteInTrx } from './issue-credit-note.ts';
import { loadCreditNote } from './load-credit-note.ts';

export interface SendCreditNoteInput {
  /** Default: every contact of the client with an email address. */
  contactIds?: string[];
  subject?: string | null;
  message?: string | null;
  cc?: string[];
  bcc?: string[];
  /** As for invoices (SendInvoiceInput.attachment): default the client's preferred e-invoice format, else the PDF. */
  attachment?: EmailAttachmentChoice;
}

/**
 * Emails a credit note through the outbox, its PDF (or e-invoice choice, checked here) attached at delivery. A Draft is issued first in the same
 * transaction (number, credit applied), so either both happen or neither. Each contact's link is a portal link to
 * the credited invoice: a link session sees that invoice and its credit notes.
 */
export async function sendCreditNote(
  deps: SendingDeps,
  actor: Actor,
  creditNoteId: string,
  input: SendCreditNoteInput,
): Promise<{ creditNote: CreditNoteView; emails: QueuedInvoiceEmail[] }> {
  const now = deps.clock.now();
  return deps.db.transaction().execute((trx) => sendCreditNoteIn(trx, deps, actor, creditNoteId, input, now));
}

/** sendCreditNote inside the caller's transaction (a preview rolls it back). */
export async function sendCreditNoteIn(
  trx: Trx,
  deps: SendingDeps,
  actor: Actor,
  creditNoteId: string,
  input: SendCreditNoteInput,
  now: Date,
): Promise<{ creditNote: CreditNoteView; emails: QueuedInvoiceEmail[] }> {
  const current = await loadCreditNote(trx, creditNoteId);
  // Recipients first: a bad contact must not take a number.
  const recipients = await resolveRecipients(trx, current.note.client_id, input.contactIds);
  const resend = current.note.status === 'issued';
  // The attachment too, before a number is taken: a refusal leaves the draft a draft.
  const attachment = await chooseAttachment(trx, current.note.client_id, input.attachment);
  await assertAttachmentPossible(trx, { kind: 'credit_note', id: creditNoteId }, attachment);
  if (!resend) await issueCreditNoteInTrx(trx, actor, creditNoteId, now, 'send');
  await trx.updateTable('credit_notes').set({ sent_at: now }).where('id', '=', creditNoteId).execute();
  const note = toCreditNoteView(await loadCreditNote(trx, creditNoteId));
  const settings = await getSettings(trx);
  const logoUrl = await emailLogoUrl(trx, deps.appUrl);
  const reader = await readerOfClient(trx, current.note.client_id, settings.locale);
  const template = (await loadEmailTemplates(trx))('credit_note', reader.language);
  const document = await describeEmailedDocument(trx, note, (reader, client) =>
    creditNotePresentation(note, reader, client),
  );
  const emails = await queueDocumentEmails(trx, {
    kind: 'credit_note',
    about: { creditNoteId },
    linkTo: { invoiceId: note.invoice.id },
    recipients,
    render: (recipient, link) =>
      renderCreditNoteEmail({
        settings,
        note,
        contactName: recipient.name,
        link,
        subject: input.subject,
        message: input.message,
        logoUrl,
        reader,
        template,
        document,
      }),
    appUrl: deps.appUrl,
    secretKey: deps.secretKey,
    now,
    copies: input,
    attachment,
  });
  await recordDocumentEvent(trx, actor, {
    kind: 'credit_note',
    documentId: creditNoteId,
    type: 'email_queued',
    data: { ...emailQueuedData(emails, resend), attachment },
    at: now,
  });
  return { creditNote: note, emails };
}
