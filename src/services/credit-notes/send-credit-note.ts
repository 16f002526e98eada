import type { Actor } from '../context.ts';
import { recordDocumentEvent } from '../documents/record-document-event.ts';
import { resolveRecipients } from '../email/invoice-recipients.ts';
import { queueEmail } from '../email/queue-email.ts';
import { type QueuedInvoiceEmail, SMTP_NOT_CONFIGURED } from '../email/queue-invoice-emails.ts';
import { createInvoiceLink } from '../portal/create-invoice-link.ts';
import type { SendingDeps } from '../sending/sending-deps.ts';
import { getSettings } from '../settings/get-settings.ts';
import { readSmtpSettings } from '../settings/get-smtp-settings.ts';
import { renderCreditNoteEmail } from './credit-note-email.ts';
import { type CreditNoteView, toCreditNoteView } from './credit-note-view.ts';
import { issueCreditNoteInTrx } from './issue-credit-note.ts';
import { loadCreditNote } from './load-credit-note.ts';

export interface SendCreditNoteInput {
  /** Default: every contact of the client with an email address. */
  contactIds?: string[];
  subject?: string | null;
  message?: string | null;
}

/**
 * Emails a credit note through the outbox, its PDF attached at delivery. A Draft is issued first in the same
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
  return deps.db.transaction().execute(async (trx) => {
    const current = await loadCreditNote(trx, creditNoteId);
    // Recipients first: a bad contact must not take a number.
    const recipients = await resolveRecipients(trx, current.note.client_id, input.contactIds);
    const resend = current.note.status === 'issued';
    if (!resend) await issueCreditNoteInTrx(trx, actor, creditNoteId, now, 'send');
    await trx.updateTable('credit_notes').set({ sent_at: now }).where('id', '=', creditNoteId).execute();
    const note = toCreditNoteView(await loadCreditNote(trx, creditNoteId));
    const settings = await getSettings(trx);
    const notSentReason = (await readSmtpSettings(trx)) ? null : SMTP_NOT_CONFIGURED;
    const emails: QueuedInvoiceEmail[] = [];
    for (const recipient of recipients) {
      const link = await createInvoiceLink(trx, {
        invoiceId: note.invoice.id,
        contactId: recipient.contactId,
        now,
      });
      const email = renderCreditNoteEmail({
        settings,
        note,
        contactName: recipient.name,
        link: `${deps.appUrl}${link.path}`,
        subject: input.subject,
        message: input.message,
      });
      const id = await queueEmail(
        trx,
        {
          kind: 'credit_note',
          to: { address: recipient.email, name: recipient.name },
          ...email,
          creditNoteId,
          contactId: recipient.contactId,
          attachInvoicePdf: true,
          notSentReason,
          linkToken: { kind: 'invoice_link', token: link.token },
        },
        now,
        deps.secretKey,
      );
      if (id) {
        emails.push({
          id,
          contactId: recipient.contactId,
          to: recipient.email,
          state: notSentReason ? 'not_sent' : 'queued',
          lastError: notSentReason,
        });
      }
    }
    await recordDocumentEvent(trx, actor, {
      kind: 'credit_note',
      documentId: creditNoteId,
      type: 'email_queued',
      data: {
        resend,
        emails: emails.map((email) => ({ id: email.id, to: email.to, state: email.state })),
        ...(notSentReason ? { reason: notSentReason } : {}),
      },
      at: now,
    });
    return { creditNote: note, emails };
  });
}
