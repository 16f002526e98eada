import type { Trx } from '../../db/client.ts';
import { todayIn } from '../../domain/dates.ts';
import type { EmailAttachmentChoice } from '../../domain/einvoice/attachment-choice.ts';
import type { InvoiceView } from '../invoices/invoice-view.ts';
import { getSettings } from '../settings/get-settings.ts';
import { renderInvoiceEmail } from './invoice-email.ts';
import type { Recipient } from './invoice-recipients.ts';
import { type QueuedInvoiceEmail, queueDocumentEmails } from './queue-document-emails.ts';

/** The invoice (or reminder) email to each recipient, with a portal link to the invoice: see queueDocumentEmails. */
export async function queueInvoiceEmails(
  trx: Trx,
  input: {
    kind: 'invoice' | 'reminder';
    invoice: InvoiceView;
    timeZone: string;
    recipients: Recipient[];
    appUrl: string;
    /** The app key: each message's link token is stored encrypted with it. */
    secretKey: Buffer;
    now: Date;
    subject?: string | null;
    message?: string | null;
    dedupeKey?: (contactId: string) => string;
    attachment: EmailAttachmentChoice;
  },
): Promise<QueuedInvoiceEmail[]> {
  const settings = await getSettings(trx);
  const today = todayIn(input.timeZone, input.now);
  return queueDocumentEmails(trx, {
    kind: input.kind,
    about: { invoiceId: input.invoice.id },
    linkTo: { invoiceId: input.invoice.id },
    recipients: input.recipients,
    render: (recipient, link) =>
      renderInvoiceEmail({
        kind: input.kind,
        settings,
        invoice: input.invoice,
        contactName: recipient.name,
        link,
        today,
        subject: input.subject,
        message: input.message,
      }),
    appUrl: input.appUrl,
    secretKey: input.secretKey,
    now: input.now,
    dedupeKey: input.dedupeKey,
    attachment: input.attachment,
  });
}
