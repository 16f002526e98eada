import type { Trx } from '../../db/client.ts';
import { queueEmail } from '../email/queue-email.ts';
import { escapeHtml } from '../portal/portal-emails.ts';

interface PaymentFacts {
  invoiceId: string;
  invoiceNumber: string | null;
  paymentId: string;
  amount: string;
  currency: string;
  balanceDue: string;
  providerName: string;
  clientName: string;
  contactId: string | null;
  /** null when a review holds the payment back. */
  reviewReason: string | null;
}

function html(paragraphs: string[]): string {
  return [
    '<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">',
    ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    '</body></html>',
  ].join('\n');
}

/**
 * The receipt to the client and the notice to staff for a gateway payment, queued in the payment's transaction so
 * they exist exactly when the payment does. Dedupe keys make a re-run of the same payment queue nothing new.
 */
export async function queuePaymentEmails(trx: Trx, facts: PaymentFacts, now: Date): Promise<void> {
  const settings = await trx
    .selectFrom('settings')
    .select(['business_name', 'email'])
    .where('id', '=', 1)
    .executeTakeFirst();
  const business = settings?.business_name.trim() || 'Remit';
  const invoiceName = facts.invoiceNumber ? `invoice ${facts.invoiceNumber}` : 'your invoice';

  if (facts.reviewReason === null) {
    const contact = facts.contactId
      ? await trx
          .selectFrom('contacts')
          .select(['id', 'name', 'email'])
          .where('id', '=', facts.contactId)
          .executeTakeFirst()
      : await trx
          .selectFrom('contacts')
          .innerJoin('invoices', 'invoices.client_id', 'contacts.client_id')
          .select(['contacts.id', 'contacts.name', 'contacts.email'])
          .where('invoices.id', '=', facts.invoiceId)
          .where('contacts.email', '!=', '')
          .orderBy('contacts.created_at')
          .limit(1)
          .executeTakeFirst();
    if (contact && contact.email !== '') {
      const paragraphs = [
        `Hello ${contact.name},`,
        `Thank you: we received your payment of ${facts.amount} ${facts.currency} for ${invoiceName} through ${facts.providerName}.`,
        `Balance still due: ${facts.balanceDue} ${facts.currency}.`,
        business,
      ];
      await queueEmail(
        trx,
        {
          kind: 'receipt',
          to: { address: contact.email, name: contact.name },
          subject: `Payment received for ${invoiceName} - ${business}`,
          html: html(paragraphs),
          text: paragraphs.join('\n\n'),
          invoiceId: facts.invoiceId,
          contactId: contact.id,
          dedupeKey: `receipt:${facts.paymentId}`,
        },
        now,
      );
    }
  }

  if (settings && settings.email.trim() !== '') {
    const paragraphs =
      facts.reviewReason === null
        ? [
            `${facts.clientName} paid ${facts.amount} ${facts.currency} for ${invoiceName} through ${facts.providerName}.`,
            `Balance still due: ${facts.balanceDue} ${facts.currency}.`,
          ]
        : [
            `A ${facts.providerName} payment of ${facts.amount} ${facts.currency} for ${invoiceName} from ${facts.clientName} needs your review: ${facts.reviewReason}.`,
            'It does not count towards the invoice until you deal with it.',
          ];
    await queueEmail(
      trx,
      {
        kind: facts.reviewReason === null ? 'payment_notice' : 'payment_review',
        to: { address: settings.email, name: business },
        subject:
          facts.reviewReason === null
            ? `Payment received: ${facts.amount} ${facts.currency} for ${invoiceName}`
            : `Payment to review: ${facts.amount} ${facts.currency} for ${invoiceName}`,
        html: html(paragraphs),
        text: paragraphs.join('\n\n'),
        invoiceId: facts.invoiceId,
        dedupeKey: `payment-notice:${facts.paymentId}`,
      },
      now,
    );
  }
}
