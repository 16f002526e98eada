import type { Trx } from '../../db/client.ts';
import { todayIn } from '../../domain/dates.ts';
import type { InvoiceView } from '../invoices/invoice-view.ts';
import { createInvoiceLink } from '../portal/create-invoice-link.ts';
import { getSettings } from '../settings/get-settings.ts';
import { readSmtpSettings } from '../settings/get-smtp-settings.ts';
import { renderInvoiceEmail } from './invoice-email.ts';
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
 * Writes one email per recipient into the outbox, in the caller's transaction, each with its own portal link for
 * that contact. Without SMTP settings the messages are still recorded, as not sent with the reason, so the timeline
 * says what happened. `dedupeKey(contactId)` makes a message go out at most once (reminder slots).
 */
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
  },
): Promise<QueuedInvoiceEmail[]> {
  const settings = await getSettings(trx);
  const smtp = await readSmtpSettings(trx);
  const notSentReason = smtp ? null : SMTP_NOT_CONFIGURED;
  const today = todayIn(input.timeZone, input.now);
  const queued: QueuedInvoiceEmail[] = [];
  for (const recipient of input.recipients) {
    const link = await createInvoiceLink(trx, {
      invoiceId: input.invoice.id,
      contactId: recipient.contactId,
      now: input.now,
    });
    const email = renderInvoiceEmail({
      kind: input.kind,
      settings,
      invoice: input.invoice,
      contactName: recipient.name,
      link: `${input.appUrl}${link.path}`,
      today,
      subject: input.subject,
      message: input.message,
    });
    const id = await queueEmail(
      trx,
      {
        kind: input.kind,
        to: { address: recipient.email, name: recipient.name },
        ...email,
        invoiceId: input.invoice.id,
        contactId: recipient.contactId,
        attachInvoicePdf: true,
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
