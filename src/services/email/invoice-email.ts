import type { SettingsRow } from '../../db/schema.ts';
import { daysBetween } from '../../domain/dates.ts';
import type { InvoiceSummary } from '../invoices/invoice-view.ts';

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const HTML_SPECIAL = /[&<>"']/g;
const HAS_HTML_SPECIAL = /[&<>"']/;

/** Text from users (names, notes, messages) goes into HTML only through this. */
export function escapeHtml(text: string): string {
  return HAS_HTML_SPECIAL.test(text) ? text.replace(HTML_SPECIAL, (char) => HTML_ESCAPES[char]!) : text;
}

/** Keeps a header on one line: a newline in a subject would start a new header. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').trim();
}

/**
 * One formatter per locale and currency (or per locale), made once per process: building an Intl formatter costs
 * far more than formatting with it, and a batch of reminders formats thousands of amounts. Null: the locale or
 * currency is not one Intl knows.
 */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | null>();

function cachedFormatter<T extends Intl.NumberFormat | Intl.DateTimeFormat>(
  key: string,
  make: () => T,
): T | null {
  let formatter = formatters.get(key);
  if (formatter === undefined) {
    try {
      formatter = make();
    } catch {
      formatter = null;
    }
    formatters.set(key, formatter);
  }
  return formatter as T | null;
}

/** Formats a decimal string exactly (Intl takes the string as a decimal, never through a float). */
export function formatMoney(amount: string, currency: string, locale: string): string {
  const formatter = cachedFormatter(
    `money|${locale}|${currency}`,
    () => new Intl.NumberFormat(locale, { style: 'currency', currency }),
  );
  try {
    if (formatter) return formatter.format(amount as unknown as number);
  } catch {
    // Falls through to the plain form.
  }
  return `${currency} ${amount}`;
}

export function formatCalendarDate(date: string, locale: string): string {
  const formatter = cachedFormatter(
    `date|${locale}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }),
  );
  try {
    if (formatter) return formatter.format(new Date(`${date}T00:00:00Z`));
  } catch {
    // Falls through to the date as given.
  }
  return date;
}

export interface InvoiceEmailInput extends InvoiceEmailOf {
  settings: SettingsRow;
  contactName: string;
  /** Absolute URL that opens this invoice for this contact. */
  link: string;
}

/** What an invoice's emails share, whoever they go to. */
export interface InvoiceEmailOf {
  kind: 'invoice' | 'reminder';
  /** The invoice's view, or the part of it an email shows. */
  invoice: InvoiceSummary;
  /** The organisation's today, for a reminder's "due in 3 days" / "overdue by 2 days". */
  today: string;
  subject?: string | null;
  message?: string | null;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** One invoice's email to one contact. */
export type InvoiceEmailToContact = (contactName: string, link: string) => RenderedEmail;

function dueLine(input: InvoiceEmailOf, dueDate: string): string {
  const days = daysBetween(input.today, input.invoice.dueDate);
  if (input.kind === 'invoice' || days > 0) return `Due ${dueDate}`;
  if (days === 0) return `Due today, ${dueDate}`;
  return `Overdue since ${dueDate}`;
}

function accentColor(settings: SettingsRow): string {
  const color = (settings as { accent_color?: string }).accent_color;
  return color && /^#[0-9a-f]{6}$/i.test(color) ? color : '#1f4e79';
}

/**
 * The invoice and reminder emails of an organisation: plain-text and HTML parts with the business's name and
 * address, the invoice number, the amount due (from the totals engine, via the invoice view), the due date and the
 * link. What the settings decide is built once here, what an invoice decides once per invoice (`of`), and each
 * contact's email only adds the greeting and the link: a batch of reminders renders thousands.
 */
export function invoiceEmailTemplate(settings: SettingsRow): {
  of: (input: InvoiceEmailOf) => InvoiceEmailToContact;
} {
  const e = escapeHtml;
  const locale = settings.locale || 'en-US';
  const business = settings.business_name.trim() || 'Remit';
  const address = [
    settings.address_line1,
    settings.address_line2,
    [settings.postal_code, settings.city].filter(Boolean).join(' '),
    settings.region,
    settings.country,
  ]
    .map((part) => part.trim())
    .filter(Boolean);
  const signature = ['', '--', business, ...address, ...(settings.email ? [settings.email] : []), ''].join(
    '\n',
  );
  const color = accentColor(settings);
  const lang = e(locale.split('-')[0] ?? 'en');
  const bodyStart = `<body style="margin:0;padding:24px;background:#f5f5f5;font-family:Helvetica,Arial,sans-serif;color:#222;font-size:15px;line-height:1.5">
<div style="max-width:560px;margin:0 auto;background:#fff;border-top:4px solid ${color};padding:24px">
<h1 style="font-size:20px;margin:0 0 16px;color:${color}">${e(business)}</h1>
<p style="margin:0 0 12px">`;
  const footer = `<hr style="border:0;border-top:1px solid #ddd;margin:24px 0">
<p style="margin:0;font-size:13px;color:#555">${[business, ...address, settings.email].filter(Boolean).map(e).join('<br>')}</p>
</div>
</body></html>
`;
  const paragraphs = (block: string) =>
    block
      .split(/\n{2,}/)
      .map((p) => `<p style="margin:0 0 12px">${e(p).replace(/\n/g, '<br>')}</p>`)
      .join('');
  const row = (label: string, value: string, strong = false) =>
    `<tr><td style="padding:4px 16px 4px 0;color:#555">${e(label)}</td><td style="padding:4px 0;text-align:right">${strong ? `<strong>${e(value)}</strong>` : e(value)}</td></tr>`;

  const of = (input: InvoiceEmailOf): InvoiceEmailToContact => {
    const { invoice } = input;
    const number = invoice.number ?? '';
    const amountDue = formatMoney(invoice.totals.balanceDue, invoice.currency, locale);
    const total = formatMoney(invoice.totals.total, invoice.currency, locale);
    const dueDate = formatCalendarDate(invoice.dueDate, locale);
    const due = dueLine(input, dueDate);
    const defaultSubject =
      input.kind === 'invoice'
        ? `Invoice ${number} from ${business}`
        : `Reminder: invoice ${number} from ${business}, ${amountDue} ${due.charAt(0).toLowerCase()}${due.slice(1)}`;
    const subject = oneLine(input.subject?.trim() || defaultSubject);
    const intro =
      input.kind === 'invoice'
        ? `${business} has sent you invoice ${number}.`
        : `This is a reminder about invoice ${number} from ${business}.`;
    const message = input.message?.trim() ?? '';

    const textMiddle = [
      '',
      '',
      intro,
      ...(message ? ['', message] : []),
      '',
      `Invoice: ${number}`,
      `Total: ${total}`,
      `Amount due: ${amountDue}`,
      due,
      '',
      'View and pay the invoice: ',
    ].join('\n');
    const htmlStart = `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${e(subject)}</title></head>
${bodyStart}`;
    const htmlMiddle = `</p>
<p style="margin:0 0 12px">${e(intro)}</p>
${message ? paragraphs(message) : ''}
<table role="presentation" style="border-collapse:collapse;margin:16px 0">
${row('Invoice', number)}
${row('Total', total)}
${row('Amount due', amountDue, true)}
${row(due.startsWith('Overdue') ? 'Status' : 'Due', due.startsWith('Due ') ? dueDate : due)}
</table>
<p style="margin:24px 0"><a href="`;
    const afterButtonLink = `" style="background:${color};color:#fff;padding:10px 18px;text-decoration:none;border-radius:4px;display:inline-block">View and pay invoice ${e(number)}</a></p>
<p style="margin:0 0 12px;font-size:13px;color:#555">Or open this link: <a href="`;
    const htmlEnd = `</a></p>
${footer}`;

    return (contactName, link) => {
      const name = contactName.trim();
      const greeting = name ? `Hello ${name},` : 'Hello,';
      const href = e(link);
      return {
        subject,
        html: `${htmlStart}${e(greeting)}${htmlMiddle}${href}${afterButtonLink}${href}">${href}${htmlEnd}`,
        text: `${greeting}${textMiddle}${link}\n${signature}`,
      };
    };
  };
  return { of };
}

/** One invoice or reminder email (see invoiceEmailTemplate). */
export function renderInvoiceEmail(input: InvoiceEmailInput): RenderedEmail {
  return invoiceEmailTemplate(input.settings).of(input)(input.contactName, input.link);
}
