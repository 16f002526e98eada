import type { Trx } from '../../db/client.ts';
import type { EmailAttachmentChoice } from '../../domain/einvoice/attachment-choice.ts';
import { ConflictError } from '../../domain/errors.ts';
import type { Actor } from '../context.ts';
import { assertAttachmentPossible } from '../einvoice/produce-email-attachments.ts';
import { chooseAttachment } from '../email/attachment-default.ts';
import { describeEmailedDocument } from '../email/describe-emailed-document.ts';
import { resolveRecipients } from '../email/invoice-recipients.ts';
import type { QueuedInvoiceEmail } from '../email/queue-document-emails.ts';
import { queueInvoiceEmails } from '../email/queue-invoice-emails.ts';
import type { SendingDeps } from '../sending/sending-deps.ts';
import { invoicePresentation } from './invoice-presentation.ts';
import { type InvoiceView, toInvoiceView } from './invoice-view.ts';
import { issueInvoice } from './issue-invoice.ts';
import { loadInvoice } from './load-invoice.ts';
import { recordInvoiceEvent } from './record-event.ts';

export interface SendInvoiceInput {
  /** Default: every contact of the client with an email address. */
  contactIds?: string[];
  subject?: string | null;
  message?: string | null;
  /**
   * What the emails attach (PDF, Factur-X, or an e-invoice XML with the PDF); default: the client's preferred
   * e-invoice format, else the PDF. A reminder's default is the invoice's last send.
   */
  attachment?: EmailAttachmentChoice;
  cc?: string[];
  bcc?: string[];
}

export interface SendInvoiceResult {
  invoice: InvoiceView;
  emails: QueuedInvoiceEmail[];
}

/**
 * Sends an invoice by email. A Draft is issued first (number assigned, status Sent) in the same transaction that
 * writes the emails to the outbox, so either both happen or neither; an issued invoice is sent again (resend).
 * An attachment the invoice cannot carry (an e-invoice missing data) is refused with every reason (422), before
 * anything is issued or queued: never a PDF-only mail instead.
 * Delivery happens afterwards (jobs/handlers/deliver-emails.ts). Without SMTP the invoice is still issued.
 */
export async function sendInvoice(
  deps: SendingDeps,
  actor: Actor,
  invoiceId: string,
  input: SendInvoiceInput,
): Promise<SendInvoiceResult> {
  const now = deps.clock.now();
  return deps.db.transaction().execute((trx) => sendInvoiceIn(trx, deps, actor, invoiceId, input, now));
}

/** sendInvoice inside the caller's transaction (bulk sending adds its own bookkeeping to it). */
export async function sendInvoiceIn(
  trx: Trx,
  deps: SendingDeps,
  actor: Actor,
  invoiceId: string,
  input: SendInvoiceInput & {
    draftsToo?: boolean;
    /** Makes each contact's message go out at most once (a bulk send's batch run again). */
    dedupeKey?: (contactId: string) => string;
  },
  now: Date,
): Promise<SendInvoiceResult> {
  let record = await loadInvoice(trx, invoiceId, { lock: true });
  if (record.invoice.status === 'void') {
    throw new ConflictError('invalid_transition', 'Cannot send an invoice that is void');
  }
  if (record.invoice.status === 'draft' && input.draftsToo === false) {
    throw new ConflictError(
      'invoice_is_draft',
      'It is a draft: drafts are issued and sent only when asked to',
    );
  }
  // Recipients first: a bad contact must not leave an issued invoice behind (the transaction would roll back
  // anyway, but the client gets the right error before a number is taken).
  const recipients = await resolveRecipients(trx, record.invoice.client_id, input.contactIds);
  const resend = record.invoice.status !== 'draft';
  // The attachment too, before a number is taken: a refusal leaves the draft a draft and queues nothing.
  const attachment = await chooseAttachment(trx, record.invoice.client_id, input.attachment);
  await assertAttachmentPossible(trx, { kind: 'invoice', id: invoiceId }, attachment);
  if (!resend) record = await issueInvoice(trx, actor, record, now, 'send');
  await trx
    .updateTable('invoices')
    .set({ email_attachment: attachment })
    .where('id', '=', invoiceId)
    .execute();
  const invoice = toInvoiceView(record, now);
  const document = await describeEmailedDocument(trx, invoice, (reader, client) =>
    invoicePresentation(invoice, reader, client),
  );
  const emails = await queueInvoiceEmails(trx, {
    kind: 'invoice',
    invoice,
    document,
    timeZone: record.timeZone,
    recipients,
    appUrl: deps.appUrl,
    secretKey: deps.secretKey,
    now,
    subject: input.subject,
    message: input.message,
    attachment,
    dedupeKey: input.dedupeKey,
    copies: input,
  });
  await recordInvoiceEvent(trx, actor, {
    invoiceId,
    type: 'email_queued',
    data: {
      kind: 'invoice',
      resend,
      attachment,
      emails: emails.map((email) => ({ id: email.id, to: email.to, state: email.state })),
      ...(emails.some((email) => email.state === 'not_sent') ? { reason: emails[0]?.lastError } : {}),
    },
    at: now,
  });
  return { invoice, emails };
}
