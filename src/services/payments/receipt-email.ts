import { currencyExponent } from '../../domain/currency.ts';
import type { EmailTemplateOverride, TemplateValues } from '../../domain/email-templates.ts';
import type { Reader } from '../../domain/language.ts';
import { formatCalendarDate, formatMoney } from '../../domain/locale-format.ts';
import { fillTemplate, oneLine } from '../../i18n/email-template-text.ts';
import { translator } from '../../i18n/messages.ts';
import { type EmailBrand, renderEmailLayout, textSignature } from '../email/email-layout.ts';
import { greetingFor, type RenderedEmail } from '../email/invoice-email.ts';

export interface ReceiptEmailFacts {
  amount: string;
  currency: string;
  invoiceNumber: string | null;
  /** The day the payment was received ('YYYY-MM-DD'). */
  paidOn: string;
  /** The online provider ("Stripe"); null for a payment staff recorded. */
  providerName: string | null;
  balanceDue: string;
}

export interface ReceiptEmailInput {
  brand: EmailBrand;
  /** The client's language and locale. */
  reader: Reader;
  contactName: string;
  clientName: string;
  facts: ReceiptEmailFacts;
  /** Whether the receipt's PDF goes with it. */
  attached: boolean;
  subject?: string | null;
  message?: string | null;
  /** The admin's own subject and opening for receipts in the reader's language. */
  template?: EmailTemplateOverride | null;
}

/**
 * The email that carries a payment's receipt, in the client's language: what was received, for what, what is left.
 * An admin's template replaces the subject and the thanks; the balance and the attachment note stay.
 */
export function renderReceiptEmail(input: ReceiptEmailInput): RenderedEmail {
  const { facts, reader } = input;
  const t = translator(reader.language, 'emails');
  const money = (amount: string) =>
    formatMoney(amount, facts.currency, reader.locale, currencyExponent(facts.currency));
  const invoice = facts.invoiceNumber
    ? t('receipt.invoiceNumbered', { number: facts.invoiceNumber })
    : t('receipt.yourInvoice');
  const values: TemplateValues = {
    'business.name': input.brand.businessName,
    'client.name': input.clientName,
    'document.number': facts.invoiceNumber ?? '',
    'payment.amount': money(facts.amount),
    'payment.date': formatCalendarDate(facts.paidOn, reader.locale),
    balance_due: money(facts.balanceDue),
  };
  const thanks = input.template?.body
    ? fillTemplate(input.template.body, values)
    : facts.providerName
      ? t('receipt.thanks', { amount: money(facts.amount), invoice, provider: facts.providerName })
      : t('receipt.thanksReceived', { amount: money(facts.amount), invoice });
  const message = input.message?.trim() ?? '';
  const paragraphs = [
    greetingFor(t, input.contactName),
    thanks,
    ...(message ? [message] : []),
    t('receipt.balance', { amount: money(facts.balanceDue) }),
    ...(input.attached ? [t('receipt.attached')] : []),
  ];
  const brand = { ...input.brand, locale: reader.locale };
  const subjectTemplate = input.subject?.trim() || input.template?.subject;
  const subject = oneLine(
    subjectTemplate
      ? fillTemplate(subjectTemplate, values)
      : t('receipt.subject', { invoice, business: input.brand.businessName }),
  );
  return {
    subject,
    html: renderEmailLayout(brand, subject, { paragraphs }),
    text: [...paragraphs.flatMap((p) => [p, '']), ...textSignature(brand)].join('\n'),
  };
}
