import { currencyExponent } from '../../domain/currency.ts';
import type { Reader } from '../../domain/language.ts';
import { formatMoney } from '../../domain/locale-format.ts';
import { translator } from '../../i18n/messages.ts';
import { type EmailBrand, renderEmailLayout, textSignature } from '../email/email-layout.ts';
import { greetingFor, type RenderedEmail } from '../email/invoice-email.ts';

export interface ReceiptEmailFacts {
  amount: string;
  currency: string;
  invoiceNumber: string | null;
  /** The online provider ("Stripe"); null for a payment staff recorded. */
  providerName: string | null;
  balanceDue: string;
}

export interface ReceiptEmailInput {
  brand: EmailBrand;
  /** The client's language and locale. */
  reader: Reader;
  contactName: string;
  facts: ReceiptEmailFacts;
  /** Whether the receipt's PDF goes with it. */
  attached: boolean;
  subject?: string | null;
  message?: string | null;
}

/** The email that carries a payment's receipt, in the client's language: what was received, for what, what is left. */
export function renderReceiptEmail(input: ReceiptEmailInput): RenderedEmail {
  const { facts, reader } = input;
  const t = translator(reader.language, 'emails');
  const money = (amount: string) =>
    formatMoney(amount, facts.currency, reader.locale, currencyExponent(facts.currency));
  const invoice = facts.invoiceNumber
    ? t('receipt.invoiceNumbered', { number: facts.invoiceNumber })
    : t('receipt.yourInvoice');
  const message = input.message?.trim() ?? '';
  const paragraphs = [
    greetingFor(t, input.contactName),
    facts.providerName
      ? t('receipt.thanks', { amount: money(facts.amount), invoice, provider: facts.providerName })
      : t('receipt.thanksReceived', { amount: money(facts.amount), invoice }),
    ...(message ? [message] : []),
    t('receipt.balance', { amount: money(facts.balanceDue) }),
    ...(input.attached ? [t('receipt.attached')] : []),
  ];
  const brand = { ...input.brand, locale: reader.locale };
  const subject = (
    input.subject?.trim() || t('receipt.subject', { invoice, business: input.brand.businessName })
  )
    .replace(/[\r\n]+/g, ' ')
    .trim();
  return {
    subject,
    html: renderEmailLayout(brand, subject, { paragraphs }),
    text: [...paragraphs.flatMap((p) => [p, '']), ...textSignature(brand)].join('\n'),
  };
}
