import type { Trx } from '../../db/client.ts';
import type { SettingsRow } from '../../db/schema.ts';
import { todayIn } from '../../domain/dates.ts';
import type { EmailAttachmentChoice } from '../../domain/einvoice/attachment-choice.ts';
import { clientReader } from '../../domain/language.ts';
import { loadEmailTemplates } from '../email-templates/email-template-book.ts';
import type { InvoiceSummary } from '../invoices/invoice-view.ts';
import { getSettings } from '../settings/get-settings.ts';
import { emailLogoUrl } from './email-brand.ts';
import type { EmailedDocument } from './email-document.ts';
import { invoiceEmailTemplate } from './invoice-email.ts';
import type { Recipient } from './invoice-recipients.ts';
import {
  type EmailBatchContext,
  type QueuedInvoiceEmail,
  queueDocumentEmailBatch,
} from './queue-document-emails.ts';
import type { EmailCopies } from './queue-email.ts';

/** One invoice's emails: the invoice (or a reminder of it) to each recipient. */
export interface InvoiceEmails {
  kind: 'invoice' | 'reminder';
  /** The invoice's view, or the part of it an email shows. */
  invoice: InvoiceSummary;
  timeZone: string;
  recipients: Recipient[];
  subject?: string | null;
  message?: string | null;
  dedupeKey?: (contactId: string) => string;
  attachment: EmailAttachmentChoice;
  copies?: EmailCopies;
  /** The invoice as its PDF prints it, for the invoice email (describeEmailedDocument). */
  document?: EmailedDocument;
}

/** The invoice (or reminder) email to each recipient, with a portal link to the invoice: see queueDocumentEmails. */
export async function queueInvoiceEmails(
  trx: Trx,
  input: InvoiceEmails & EmailBatchContext,
): Promise<QueuedInvoiceEmail[]> {
  const [queued] = await queueInvoiceEmailBatch(trx, [input], input);
  return queued ?? [];
}

/**
 * queueInvoiceEmails for many invoices in a few statements (the settings are read once, or given by the caller):
 * the same messages, links and rows, each invoice's queued messages in order.
 */
export async function queueInvoiceEmailBatch(
  trx: Trx,
  invoices: InvoiceEmails[],
  context: EmailBatchContext & { settings?: SettingsRow },
): Promise<QueuedInvoiceEmail[][]> {
  if (invoices.every((input) => input.recipients.length === 0)) return invoices.map(() => []);
  const settings = context.settings ?? (await getSettings(trx));
  const [logoUrl, clients, templates] = await Promise.all([
    emailLogoUrl(trx, context.appUrl),
    invoiceClients(
      trx,
      invoices.map((input) => input.invoice.id),
    ),
    loadEmailTemplates(trx),
  ]);
  const template = invoiceEmailTemplate(settings, logoUrl);
  return queueDocumentEmailBatch(
    trx,
    invoices.map((input) => {
      const client = clients.get(input.invoice.id);
      const reader = clientReader(client?.language, settings.locale);
      const toContact = template.of({
        kind: input.kind,
        invoice: input.invoice,
        today: todayIn(input.timeZone, context.now),
        subject: input.subject,
        message: input.message,
        reader,
        clientName: client?.name ?? '',
        template: templates(input.kind, reader.language),
        document: input.document,
      });
      return {
        kind: input.kind,
        about: { invoiceId: input.invoice.id },
        linkTo: { invoiceId: input.invoice.id },
        recipients: input.recipients,
        render: (recipient: Recipient, link: string) => toContact(recipient.name, link),
        dedupeKey: input.dedupeKey,
        attachment: input.attachment,
        copies: input.copies,
      };
    }),
    context,
  );
}

/** Each invoice's client's language (null: the organisation's) and name, in one query for the batch. */
async function invoiceClients(
  trx: Trx,
  invoiceIds: string[],
): Promise<Map<string, { language: string | null; name: string }>> {
  const rows = await trx
    .selectFrom('invoices')
    .innerJoin('clients', 'clients.id', 'invoices.client_id')
    .select(['invoices.id', 'clients.language', 'clients.name', 'clients.company'])
    .where('invoices.id', 'in', invoiceIds)
    .execute();
  return new Map(rows.map((row) => [row.id, { language: row.language, name: row.company || row.name }]));
}
