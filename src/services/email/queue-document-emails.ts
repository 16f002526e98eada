import type { Trx } from '../../db/client.ts';
import type { EmailAttachmentChoice } from '../../domain/einvoice/attachment-choice.ts';
import { createInvoiceLink, type LinkedDocument } from '../portal/create-invoice-link.ts';
import { readSmtpSettings } from '../settings/get-smtp-settings.ts';
import type { Recipient } from './invoice-recipients.ts';
import { queueEmail } from './queue-email.ts';

export const SMTP_NOT_CONFIGURED = 'SMTP is not configured: set it up in Settings > Email, then send again';

export interface QueuedInvoiceEmail {
  id: string;
  contactId: string;
  to: string;
  state: 'queued' | 'not_sent';
  lastError: string | null;
}

/**
 * Writes one email per recipient into the outbox, in the caller's transaction, each with a portal link of its own
 * for that contact and the document's PDF (or its e-invoice choice) attached at delivery. Without SMTP settings the messages are still
 * recorded, as not sent with the reason, so the timeline says what happened. `dedupeKey(contactId)` makes a message
 * go out at most once (reminder slots). Shared by invoices, reminders, quotes and credit notes: each kind renders
 * its own words (`render`), names the outbox row's document (`about`) and what the link opens (`linkTo`).
 */
export async function queueDocumentEmails(
  trx: Trx,
  input: {
    kind: string;
    about: { invoiceId: string } | { quoteId: string } | { creditNoteId: string };
    linkTo: LinkedDocument;
    recipients: Recipient[];
    render: (recipient: Recipient, link: string) => { subject: string; html: string; text: string };
    appUrl: string;
    /** The app key: each message's link token is stored encrypted with it. */
    secretKey: Buffer;
    now: Date;
    dedupeKey?: (contactId: string) => string;
    /** The files attached at delivery (an invoice or credit note's e-invoice choice); default: the PDF. */
    attachment?: EmailAttachmentChoice;
  },
): Promise<QueuedInvoiceEmail[]> {
  const notSentReason = (await readSmtpSettings(trx)) ? null : SMTP_NOT_CONFIGURED;
  const queued: QueuedInvoiceEmail[] = [];
  for (const recipient of input.recipients) {
    const link = await createInvoiceLink(trx, {
      ...input.linkTo,
      contactId: recipient.contactId,
      now: input.now,
    });
    const id = await queueEmail(
      trx,
      {
        kind: input.kind,
        to: { address: recipient.email, name: recipient.name },
        ...input.render(recipient, `${input.appUrl}${link.path}`),
        ...input.about,
        contactId: recipient.contactId,
        attachInvoicePdf: true,
        attachment: input.attachment ?? 'pdf',
        dedupeKey: input.dedupeKey?.(recipient.contactId) ?? null,
        notSentReason,
        linkToken: { kind: 'invoice_link', token: link.token },
      },
      input.now,
      input.secretKey,
    );
    if (id) {
      queued.push({
        id,
        contactId: recipient.contactId,
        to: recipient.email,
        state: notSentReason ? 'not_sent' : 'queued',
        lastError: notSentReason,
      });
    }
  }
  return queued;
}

/** The timeline entry of a send: who was written to, and why nothing left when SMTP is missing. */
export function emailQueuedData(emails: QueuedInvoiceEmail[], resend: boolean) {
  const reason = emails.find((email) => email.state === 'not_sent')?.lastError;
  return {
    resend,
    emails: emails.map((email) => ({ id: email.id, to: email.to, state: email.state })),
    ...(reason ? { reason } : {}),
  };
}
