import type { Trx } from '../../db/client.ts';
import type { EmailAttachmentChoice } from '../../domain/einvoice/attachment-choice.ts';
import { type LinkedDocument, newInvoiceLinks } from '../portal/create-invoice-link.ts';
import { readSmtpSettings } from '../settings/get-smtp-settings.ts';
import type { Recipient } from './invoice-recipients.ts';
import { copiesOf, type EmailCopies, queueEmails } from './queue-email.ts';

export const SMTP_NOT_CONFIGURED = 'SMTP is not configured: set it up in Settings > Email, then send again';

export interface QueuedInvoiceEmail {
  id: string;
  contactId: string;
  to: string;
  state: 'queued' | 'not_sent';
  lastError: string | null;
}

/** One document's emails in a batch: see queueDocumentEmails. */
export interface DocumentEmails {
  kind: string;
  about: { invoiceId: string } | { quoteId: string } | { creditNoteId: string };
  linkTo: LinkedDocument;
  recipients: Recipient[];
  render: (recipient: Recipient, link: string) => { subject: string; html: string; text: string };
  dedupeKey?: (contactId: string) => string;
  /** The files attached at delivery (an invoice or credit note's e-invoice choice); default: the PDF. */
  attachment?: EmailAttachmentChoice;
  /** CC and BCC: carried by the first recipient's message. */
  copies?: EmailCopies;
}

export interface EmailBatchContext {
  appUrl: string;
  /** The app key: each message's link token is stored encrypted with it. */
  secretKey: Buffer;
  now: Date;
  /** Whether SMTP settings exist, when the caller has read them already (else read here). */
  smtpConfigured?: boolean;
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
  input: DocumentEmails & EmailBatchContext,
): Promise<QueuedInvoiceEmail[]> {
  const [queued] = await queueDocumentEmailBatch(trx, [input], input);
  return queued ?? [];
}

/**
 * queueDocumentEmails for many documents at once, with the same rows, in a few statements whatever their number
 * (the SMTP settings, one INSERT of links, one of messages): the queued messages of each document, in order.
 */
export async function queueDocumentEmailBatch(
  trx: Trx,
  documents: DocumentEmails[],
  context: EmailBatchContext,
): Promise<QueuedInvoiceEmail[][]> {
  const messages = documents.flatMap((document, documentIndex) =>
    document.recipients.map((recipient, recipientIndex) => ({
      document,
      documentIndex,
      recipient,
      copies:
        recipientIndex === 0
          ? copiesOf(
              document.copies,
              document.recipients.map((each) => each.email),
            )
          : null,
    })),
  );
  if (messages.length === 0) return documents.map(() => []);
  const smtpConfigured = context.smtpConfigured ?? (await readSmtpSettings(trx)) !== undefined;
  const notSentReason = smtpConfigured ? null : SMTP_NOT_CONFIGURED;
  const { links, insert: insertLinks } = newInvoiceLinks(
    messages.map(({ document, recipient }) => ({
      ...document.linkTo,
      contactId: recipient.contactId,
      now: context.now,
    })),
  );
  // The links are written by the same statement as the messages: one round trip.
  const ids = await queueEmails(
    trx,
    messages.map(({ document, recipient, copies }, index) => {
      const link = links[index]!;
      return {
        kind: document.kind,
        to: { address: recipient.email, name: recipient.name },
        ...copies,
        ...document.render(recipient, `${context.appUrl}${link.path}`),
        ...document.about,
        contactId: recipient.contactId,
        attachInvoicePdf: true,
        attachment: document.attachment ?? 'pdf',
        dedupeKey: document.dedupeKey?.(recipient.contactId) ?? null,
        notSentReason,
        linkToken: { kind: 'invoice_link', token: link.token },
      };
    }),
    context.now,
    context.secretKey,
    insertLinks ? { name: 'links', statement: insertLinks } : undefined,
  );
  const queued = documents.map((): QueuedInvoiceEmail[] => []);
  messages.forEach(({ documentIndex, recipient }, index) => {
    const id = ids[index];
    if (!id) return;
    queued[documentIndex]!.push({
      id,
      contactId: recipient.contactId,
      to: recipient.email,
      state: notSentReason ? 'not_sent' : 'queued',
      lastError: notSentReason,
    });
  });
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
