import type { SettingsRow } from '../../db/schema.ts';
import { daysBetween } from '../../domain/dates.ts';
import type { InvoiceSummary } from '../invoices/invoice-view.ts';

/** Text from users (names, notes, messages) goes into HTML only through this. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
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

export interface InvoiceEmailInput {
  kind: 'invoice' | 'reminder';
  settings: SettingsRow;
  /** The invoice's view, or the part of it an email shows. */
  invoice: InvoiceSummary;
  contactName: string;
  /** Absolute URL that opens this invoice for this contact. */
  link: string;
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

function dueLine(input: InvoiceEmailInput, dueDate: string): string {
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
 * The email for an invoice or a reminder: plain-text and HTML parts with the business's name and address, the
 * invoice number, the amount due (from the totals engine, via the invoice view), the due date and the link.
 */
export function renderInvoiceEmail(input: InvoiceEmailInput): RenderedEmail {
  const { settings, invoice } = input;
  const locale = settings.locale || 'en-US';
  const business = settings.business_name.trim() || 'Remit';
  const number = invoice.number ?? '';
  const amountDue = formatMoney(invoice.totals.balanceDue, invoice.currency, locale);
  const total = formatMoney(invoice.totals.total, invoice.currency, locale);
  const dueDate = formatCalendarDate(invoice.dueDate, locale);
  const due = dueLine(input, dueDate);
  const address = [
    settings.address_line1,
    settings.address_line2,
    [settings.postal_code, settings.city].filter(Boolean).join(' '),
    settings.region,
    settings.country,
  ]
    .map((part) => part.trim())
    .filter(Boolean);

  const defaultSubject =
    input.kind === 'invoice'
      ? `Invoice ${number} from ${business}`
      : `Reminder: invoice ${number} from ${business}, ${amountDue} ${due.charAt(0).toLowerCase()}${due.slice(1)}`;
  const subject = oneLine(input.subject?.trim() || defaultSubject);
  const greeting = input.contactName.trim() ? `Hello ${input.contactName.trim()},` : 'Hello,';
  const intro =
    input.kind === 'invoice'
      ? `${business} has sent you invoice ${number}.`
      : `This is a reminder about invoice ${number} from ${business}.`;
  const message = input.message?.trim() ?? '';

  const text = [
    greeting,
    '',
    intro,
    ...(message ? ['', message] : []),
    '',
    `Invoice: ${number}`,
    `Total: ${total}`,
    `Amount due: ${amountDue}`,
    due,
    '',
    `View and pay the invoice: ${input.link}`,
    '',
    '--',
    business,
    ...address,
    ...(settings.email ? [settings.email] : []),
    '',
  ].join('\n');

  const color = accentColor(settings);
  const e = escapeHtml;
  const paragraphs = (block: string) =>
    block
      .split(/\n{2,}/)
      .map((p) => `<p style="margin:0 0 12px">${e(p).replace(/\n/g, '<br>')}</p>`)
      .join('');
  const row = (label: string, value: string, strong = false) =>
    `<tr><td style="padding:4px 16px 4px 0;color:#555">${e(label)}</td><td style="padding:4px 0;text-align:right">${strong ? `<strong>${e(value)}</strong>` : e(value)}</td></tr>`;
  const html = `<!doctype html>
<html lang="${e(locale.split('-')[0] ?? 'en')}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${e(subject)}</title></head>
<body style="margin:0;padding:24px;background:#f5f5f5;font-family:Helvetica,Arial,sans-serif;color:#222;font-size:15px;line-height:1.5">
<div style="max-width:560px;margin:0 auto;background:#fff;border-top:4px solid ${color};padding:24px">
<h1 style="font-size:20px;margin:0 0 16px;color:${color}">${e(business)}</h1>
<p style="margin:0 0 12px">${e(greeting)}</p>
<p style="margin:0 0 12px">${e(intro)}</p>
${message ? paragraphs(message) : ''}
<table role="presentation" style="border-collapse:collapse;margin:16px 0">
${row('Invoice', number)}
${row('Total', total)}
${row('Amount due', amountDue, true)}
${row(due.startsWith('Overdue') ? 'Status' : 'Due', due.startsWith('Due ') ? dueDate : due)}
</table>
<p style="margin:24px 0"><a href="${e(input.link)}" style="background:${color};color:#fff;padding:10px 18px;text-decoration:none;border-radius:4px;display:inline-block">View and pay invoice ${e(number)}</a></p>
<p style="margin:0 0 12px;font-size:13px;color:#555">Or open this link: <a href="${e(input.link)}">${e(input.link)}</a></p>
<hr style="border:0;border-top:1px solid #ddd;margin:24px 0">
<p style="margin:0;font-size:13px;color:#555">${[business, ...address, settings.email].filter(Boolean).map(e).join('<br>')}</p>
</div>
</body></html>
`;
  return { subject, html, text };
}
