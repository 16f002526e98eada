/**
 * Display helpers. Amounts are the exact decimal strings of the totals engine; formatting goes through the same
 * Intl helpers the PDF and emails use, so nothing is rounded or recomputed here.
 */
import { currencyExponent } from '../../src/domain/currency.ts';
import { paymentTermsInWords } from '../../src/domain/dates.ts';
import { formatCalendarDate, formatMoney } from '../../src/domain/locale-format.ts';

let locale = navigator.language || 'en-US';

export function setDisplayLocale(next: string | undefined): void {
  if (next) locale = next;
}

export function money(amount: string, currency: string): string {
  try {
    return formatMoney(amount, currency, locale, currencyExponent(currency));
  } catch {
    return `${amount} ${currency}`;
  }
}

export function date(day: string | null | undefined): string {
  if (!day) return '—';
  try {
    return formatCalendarDate(day.slice(0, 10), locale);
  } catch {
    return day;
  }
}

export function dateTime(iso: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export const STATUS_LABELS: Record<string, string> = {
  draft: 'Draft',
  sent: 'Sent',
  viewed: 'Viewed',
  partially_paid: 'Partially paid',
  paid: 'Paid',
  overdue: 'Overdue',
  credited: 'Credited',
  void: 'Void',
  accepted: 'Accepted',
  declined: 'Declined',
  expired: 'Expired',
  invoiced: 'Invoiced',
  issued: 'Issued',
};

/** Payment gateways by their provider code. */
export const PROVIDER_LABELS: Record<string, string> = {
  stripe: 'Stripe',
  paypal: 'PayPal',
  twocheckout: '2Checkout',
};

export const PAYMENT_METHOD_LABELS: Record<string, string> = {
  bank_transfer: 'Bank transfer',
  cheque: 'Cheque',
  cash: 'Cash',
  card: 'Card',
  other: 'Other',
  gateway: 'Through the payment gateway',
};

export function termsLabel(terms: string): string {
  if (terms === 'due_on_receipt') return 'Due on receipt';
  if (terms === 'fixed_date') return 'Fixed date';
  const net = /^net_(\d+)$/.exec(terms);
  return net ? `Net ${net[1]}` : (paymentTermsInWords(terms) ?? terms);
}

export interface EditableAddress {
  line1: string;
  line2: string;
  city: string;
  region: string;
  postalCode: string;
  country: string;
}

/**
 * The address fields a form edits. The API's address also carries read-only fields (the ISO code it read from the
 * country, whether that needs a look); a PATCH takes only what can be written, so forms send this.
 */
export function editableAddress(address: EditableAddress): EditableAddress {
  const { line1, line2, city, region, postalCode, country } = address;
  return { line1, line2, city, region, postalCode, country };
}
