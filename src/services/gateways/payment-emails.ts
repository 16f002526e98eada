import type { Trx } from '../../db/client.ts';
import { currencyExponent } from '../../domain/currency.ts';
import { clientReader } from '../../domain/language.ts';
import { formatMoney } from '../../domain/locale-format.ts';
import { emailLogoUrl } from '../email/email-brand.ts';
import { type EmailBrand, emailBrand, renderEmailLayout, textSignature } from '../email/email-layout.ts';
import { queueEmail } from '../email/queue-email.ts';
import { loadEmailTemplates } from '../email-templates/email-template-book.ts';
import { renderReceiptEmail } from '../payments/receipt-email.ts';
import { getSettings } from '../settings/get-settings.ts';

interface PaymentFacts {
  invoiceId: string;
  invoiceNumber: string | null;
  paymentId: string;
  /** The day the payment was received ('YYYY-MM-DD'). */
  paidOn: string;
  amount: string;
  currency: string;
  balanceDue: string;
  providerName: string;
  clientName: string;
  contactId: string | null;
  /** null when a review holds the payment back. */
  reviewReason: string | null;
}

function render(brand: EmailBrand, subject: string, paragraphs: string[]) {
  return {
    subject,
    html: renderEmailLayout(brand, subject, { paragraphs }),
    text: [...paragraphs.flatMap((p) => [p, '']), ...textSignature(brand)].join('\n'),
  };
}

/**
 * The receipt to the client (with its PDF, while `settings.send_payment_receipts` is on) and the notice to staff
 * for a gateway payment, queued in the payment's transaction so they exist exactly when the payment does. Dedupe
 * keys make a re-run of the same payment queue nothing new.
 * `appUrl`: the app's public address, for the logo (without it the emails show the business's name alone).
 */
export async function queuePaymentEmails(
  trx: Trx,
  facts: PaymentFacts,
  now: Date,
  appUrl: string | null = null,
): Promise<void> {
  const settings = await getSettings(trx);
  // The logo is a URL on the app's public address, as in every other email.
  const brand = emailBrand(settings, appUrl ? await emailLogoUrl(trx, appUrl) : null);
  const business = brand.businessName;
  const exponent = currencyExponent(facts.currency);
  const money = (amount: string, locale: string) => formatMoney(amount, facts.currency, locale, exponent);
  const invoiceName = facts.invoiceNumber ? `invoice ${facts.invoiceNumber}` : 'your invoice';

  if (facts.reviewReason === null && settings.send_payment_receipts) {
    const contact = facts.contactId
      ? await trx
          .selectFrom('contacts')
          .innerJoin('clients', 'clients.id', 'contacts.client_id')
          .select(['contacts.id', 'contacts.name', 'contacts.email', 'clients.language'])
          .where('contacts.id', '=', facts.contactId)
          .executeTakeFirst()
      : await trx
          .selectFrom('contacts')
          .innerJoin('invoices', 'invoices.client_id', 'contacts.client_id')
          .innerJoin('clients', 'clients.id', 'contacts.client_id')
          .select(['contacts.id', 'contacts.name', 'contacts.email', 'clients.language'])
          .where('invoices.id', '=', facts.invoiceId)
          .where('contacts.email', '!=', '')
          .orderBy('contacts.created_at')
          .limit(1)
          .executeTakeFirst();
    if (contact && contact.email !== '') {
      // The receipt is in the client's language; the notice to staff below stays in the organisation's words.
      const reader = clientReader(contact.language, settings.locale);
      await queueEmail(
        trx,
        {
          kind: 'receipt',
          to: { address: contact.email, name: contact.name },
          ...renderReceiptEmail({
            brand,
            reader,
            contactName: contact.name,
            clientName: facts.clientName,
            facts,
            attached: true,
            template: (await loadEmailTemplates(trx))('receipt', reader.language),
          }),
          invoiceId: facts.invoiceId,
          contactId: contact.id,
          // Delivery attaches the receipt's PDF as it stands then.
          receiptPaymentId: facts.paymentId,
          dedupeKey: `receipt:${facts.paymentId}`,
        },
        now,
      );
    }
  }

  if (settings.email.trim() !== '') {
    const paid = money(facts.amount, settings.locale);
    const paragraphs =
      facts.reviewReason === null
        ? [
            `${facts.clientName} paid ${paid} for ${invoiceName} through ${facts.providerName}.`,
            `Balance still due: ${money(facts.balanceDue, settings.locale)}.`,
          ]
        : [
            `A ${facts.providerName} payment of ${paid} for ${invoiceName} from ${facts.clientName} needs your review: ${facts.reviewReason}.`,
            'It does not count towards the invoice until you deal with it.',
          ];
    await queueEmail(
      trx,
      {
        kind: facts.reviewReason === null ? 'payment_notice' : 'payment_review',
        to: { address: settings.email, name: business },
        ...render(
          brand,
          facts.reviewReason === null
            ? `Payment received: ${paid} for ${invoiceName}`
            : `Payment to review: ${paid} for ${invoiceName}`,
          paragraphs,
        ),
        invoiceId: facts.invoiceId,
        dedupeKey: `payment-notice:${facts.paymentId}`,
      },
      now,
    );
  }
}
