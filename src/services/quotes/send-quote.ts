import type { Trx } from '../../db/client.ts';
import { nextQuoteStatus } from '../../domain/quote-status.ts';
import { readerOfClient } from '../clients/client-reader.ts';
import type { Actor } from '../context.ts';
import { recordDocumentEvent } from '../documents/record-document-event.ts';
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
import { issueQuote } from './issue-quote.ts';
import { loadQuote } from './load-quote.ts';
import { quoteDates } from './quote-dates.ts';
import { renderQuoteEmail } from './quote-email.ts';
import { quotePresentation } from './quote-presentation.ts';
import { type QuoteView, toQuoteView } from './quote-view.ts';

export interface SendQuoteInput {
  /** Default: every contact of the client with an email address. */
  contactIds?: string[];
  subject?: string | null;
  message?: string | null;
  cc?: string[];
  bcc?: string[];
}

export interface SendQuoteResult {
  quote: QuoteView;
  emails: QueuedInvoiceEmail[];
}

/**
 * Emails a quote to the chosen contacts, each with a portal link of their own that opens this quote, and the PDF
 * attached at delivery. A Draft is issued first (quote number, status Sent) in the same transaction that writes the
 * emails to the outbox, so either both happen or neither; a sent or viewed quote is sent again. Without SMTP the
 * quote is still issued and the emails are recorded as not sent, with the reason.
 */
export async function sendQuote(
  deps: SendingDeps,
  actor: Actor,
  quoteId: string,
  input: SendQuoteInput,
): Promise<SendQuoteResult> {
  const now = deps.clock.now();
  return deps.db.transaction().execute((trx) => sendQuoteIn(trx, deps, actor, quoteId, input, now));
}

/** sendQuote inside the caller's transaction (a preview rolls it back). */
export async function sendQuoteIn(
  trx: Trx,
  deps: SendingDeps,
  actor: Actor,
  quoteId: string,
  input: SendQuoteInput,
  now: Date,
): Promise<SendQuoteResult> {
  let record = await loadQuote(trx, quoteId, { lock: true });
  const resend = record.quote.status !== 'draft';
  if (resend) nextQuoteStatus(record.quote.status, 'resend', quoteDates(record, now));
  // Recipients first: a bad contact must not take a number.
  const recipients = await resolveRecipients(trx, record.quote.client_id, input.contactIds);
  if (!resend) record = await issueQuote(trx, actor, record, now, 'send');
  const quote = toQuoteView(record, now);
  const settings = await getSettings(trx);
  const logoUrl = await emailLogoUrl(trx, deps.appUrl);
  const reader = await readerOfClient(trx, record.quote.client_id, settings.locale);
  const template = (await loadEmailTemplates(trx))('quote', reader.language);
  const document = await describeEmailedDocument(trx, quote, (reader) => quotePresentation(quote, reader));
  const emails = await queueDocumentEmails(trx, {
    kind: 'quote',
    about: { quoteId },
    linkTo: { quoteId },
    recipients,
    render: (recipient, link) =>
      renderQuoteEmail({
        settings,
        quote,
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
  });
  await recordDocumentEvent(trx, actor, {
    kind: 'quote',
    documentId: quoteId,
    type: 'email_queued',
    data: emailQueuedData(emails, resend),
    at: now,
  });
  return { quote, emails };
}
