import type { Trx } from '../../db/client.ts';
import { ValidationError } from '../../domain/errors.ts';
import { recordAuditEntry } from '../audit/record-audit-entry.ts';
import { readerOfClient } from '../clients/client-reader.ts';
import type { ActionContext } from '../context.ts';
import { emailLogoUrl } from '../email/email-brand.ts';
import { emailBrand } from '../email/email-layout.ts';
import { SMTP_NOT_CONFIGURED } from '../email/queue-document-emails.ts';
import { copiesOf, queueEmails } from '../email/queue-email.ts';
import { loadEmailTemplates } from '../email-templates/email-template-book.ts';
import type { SendingDeps } from '../sending/sending-deps.ts';
import { getSettings } from '../settings/get-settings.ts';
import { readSmtpSettings } from '../settings/get-smtp-settings.ts';
import { loadPaymentReceipt } from './payment-receipt.ts';
import { renderReceiptEmail } from './receipt-email.ts';

export interface SendReceiptInput {
  /** Addresses to email; default: the client's billing email. */
  to?: string[];
  cc?: string[];
  bcc?: string[];
  subject?: string | null;
  message?: string | null;
}

export interface QueuedReceiptEmail {
  id: string;
  to: string;
  state: 'queued' | 'not_sent';
  lastError: string | null;
}

function distinct(addresses: string[]): string[] {
  const seen = new Set<string>();
  return addresses
    .map((address) => address.trim())
    .filter((address) => {
      const key = address.toLowerCase();
      if (!address || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/**
 * Emails a payment's receipt: one outbox message per address (default: the client's billing email), the copies on
 * the first, each naming the payment so delivery attaches the receipt's PDF as it stands then. Messages and the audit
 * entry are written in one transaction; a retry with the same Idempotency-Key replays the answer and queues nothing.
 */
export async function sendPaymentReceipt(
  deps: SendingDeps,
  context: ActionContext,
  paymentId: string,
  input: SendReceiptInput,
): Promise<{ paymentId: string; emails: QueuedReceiptEmail[] }> {
  const now = deps.clock.now();
  const emails = await deps.db
    .transaction()
    .execute((trx) => queueReceiptEmails(trx, deps, context, paymentId, input, now));
  return { paymentId, emails };
}

/**
 * sendPaymentReceipt's messages and audit entry, in the caller's transaction (recording a payment with
 * `emailReceipt` queues them with the payment). A missing address is a 422 on `field`.
 */
export async function queueReceiptEmails(
  trx: Trx,
  deps: { appUrl?: string | null },
  context: ActionContext,
  paymentId: string,
  input: SendReceiptInput,
  now: Date,
  field = 'to',
): Promise<QueuedReceiptEmail[]> {
  const loaded = await loadPaymentReceipt(trx, paymentId, now);
  const to = distinct(input.to ?? (loaded.billingEmail ? [loaded.billingEmail] : []));
  if (to.length === 0) {
    throw new ValidationError(
      field,
      input.to
        ? 'Give at least one address to send the receipt to'
        : 'The client has no billing email: add one to the client, or give the addresses to send the receipt to',
    );
  }
  const settings = await getSettings(trx);
  const notSentReason = (await readSmtpSettings(trx)) ? null : SMTP_NOT_CONFIGURED;
  // The logo is a URL on the app's public address; without one the email shows the business's name alone.
  const brand = emailBrand(settings, deps.appUrl ? await emailLogoUrl(trx, deps.appUrl) : null);
  const reader = await readerOfClient(trx, loaded.clientId, settings.locale);
  const template = (await loadEmailTemplates(trx))('receipt', reader.language);
  const client = await trx
    .selectFrom('clients')
    .select(['name', 'company'])
    .where('id', '=', loaded.clientId)
    .executeTakeFirstOrThrow();
  const contacts = await trx
    .selectFrom('contacts')
    .select(['id', 'name', 'email'])
    .where('client_id', '=', loaded.clientId)
    .execute();
  const contactOf = (address: string) =>
    contacts.find((contact) => contact.email.trim().toLowerCase() === address.toLowerCase());
  const { receipt } = loaded;
  const copies = copiesOf(input, to);
  const ids = await queueEmails(
    trx,
    to.map((address, index) => {
      const contact = contactOf(address);
      return {
        kind: 'receipt',
        to: { address, name: contact?.name ?? '' },
        ...(index === 0 ? copies : {}),
        ...renderReceiptEmail({
          brand,
          reader,
          contactName: contact?.name ?? '',
          clientName: client.company || client.name,
          facts: {
            amount: receipt.amount,
            currency: receipt.currency,
            invoiceNumber: receipt.invoice.number,
            paidOn: receipt.paidOn,
            providerName: receipt.providerName,
            balanceDue: receipt.invoice.balanceDue,
          },
          attached: true,
          subject: input.subject,
          message: input.message,
          template,
        }),
        invoiceId: loaded.invoiceId,
        contactId: contact?.id ?? null,
        receiptPaymentId: paymentId,
        notSentReason,
      };
    }),
    now,
  );
  const queued = to.map((address, index) => ({
    id: ids[index]!,
    to: address,
    state: notSentReason ? ('not_sent' as const) : ('queued' as const),
    lastError: notSentReason,
  }));
  await recordAuditEntry(trx, context, now, {
    action: 'payment.receipt_sent',
    entityType: 'payment',
    entityId: paymentId,
    after: {
      invoiceId: loaded.invoiceId,
      receipt: receipt.number,
      emails: queued.map((email) => ({ id: email.id, to: email.to, state: email.state })),
      ...(notSentReason ? { reason: notSentReason } : {}),
    },
  });
  return queued;
}
