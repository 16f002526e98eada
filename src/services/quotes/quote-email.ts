import type { SettingsRow } from '../../db/schema.ts';
import { escapeHtml, formatCalendarDate, formatMoney, type RenderedEmail } from '../email/invoice-email.ts';
import type { QuoteView } from './quote-view.ts';

/** Keeps a header on one line: a newline in a subject would start a new header. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').trim();
}

function businessAddress(settings: SettingsRow): string[] {
  return [
    settings.address_line1,
    settings.address_line2,
    [settings.postal_code, settings.city].filter(Boolean).join(' '),
    settings.region,
    settings.country,
  ]
    .map((part) => part.trim())
    .filter(Boolean);
}

function accentColor(settings: SettingsRow): string {
  return /^#[0-9a-f]{6}$/i.test(settings.accent_color) ? settings.accent_color : '#1f4e79';
}

/** A small HTML email: heading, paragraphs, a table of label/value rows and an optional button. */
function htmlEmail(
  settings: SettingsRow,
  subject: string,
  parts: { paragraphs: string[]; rows: [string, string][]; button?: { label: string; href: string } },
): string {
  const e = escapeHtml;
  const color = accentColor(settings);
  const locale = settings.locale || 'en-US';
  const business = settings.business_name.trim() || 'Remit';
  const paragraph = (text: string) => `<p style="margin:0 0 12px">${e(text).replace(/\n/g, '<br>')}</p>`;
  const row = ([label, value]: [string, string]) =>
    `<tr><td style="padding:4px 16px 4px 0;color:#555">${e(label)}</td><td style="padding:4px 0;text-align:right">${e(value)}</td></tr>`;
  const button = parts.button
    ? `<p style="margin:24px 0"><a href="${e(parts.button.href)}" style="background:${color};color:#fff;padding:10px 18px;text-decoration:none;border-radius:4px;display:inline-block">${e(parts.button.label)}</a></p>
<p style="margin:0 0 12px;font-size:13px;color:#555">Or open this link: <a href="${e(parts.button.href)}">${e(parts.button.href)}</a></p>`
    : '';
  return `<!doctype html>
<html lang="${e(locale.split('-')[0] ?? 'en')}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${e(subject)}</title></head>
<body style="margin:0;padding:24px;background:#f5f5f5;font-family:Helvetica,Arial,sans-serif;color:#222;font-size:15px;line-height:1.5">
<div style="max-width:560px;margin:0 auto;background:#fff;border-top:4px solid ${color};padding:24px">
<h1 style="font-size:20px;margin:0 0 16px;color:${color}">${e(business)}</h1>
${parts.paragraphs.map(paragraph).join('\n')}
<table role="presentation" style="border-collapse:collapse;margin:16px 0">
${parts.rows.map(row).join('\n')}
</table>
${button}
<hr style="border:0;border-top:1px solid #ddd;margin:24px 0">
<p style="margin:0;font-size:13px;color:#555">${[business, ...businessAddress(settings), settings.email].filter(Boolean).map(e).join('<br>')}</p>
</div>
</body></html>
`;
}

/**
 * The email that sends a quote to a client contact: number, total (from the totals engine, via the quote view),
 * valid-until date and the portal link where the contact reads, accepts or declines it. The PDF is attached at delivery.
 */
export function renderQuoteEmail(input: {
  settings: SettingsRow;
  quote: QuoteView;
  contactName: string;
  link: string;
  subject?: string | null;
  message?: string | null;
}): RenderedEmail {
  const { settings, quote } = input;
  const locale = settings.locale || 'en-US';
  const business = settings.business_name.trim() || 'Remit';
  const number = quote.number ?? '';
  const total = formatMoney(quote.totals.total, quote.currency, locale);
  const validUntil = formatCalendarDate(quote.validUntil, locale);
  const subject = oneLine(input.subject?.trim() || `Quote ${number} from ${business}`);
  const greeting = input.contactName.trim() ? `Hello ${input.contactName.trim()},` : 'Hello,';
  const intro = `${business} has sent you quote ${number}.`;
  const message = input.message?.trim() ?? '';
  const rows: [string, string][] = [
    ['Quote', number],
    ['Total', total],
    ['Valid until', validUntil],
  ];
  const text = [
    greeting,
    '',
    intro,
    ...(message ? ['', message] : []),
    '',
    ...rows.map(([label, value]) => `${label}: ${value}`),
    '',
    `View, accept or decline the quote: ${input.link}`,
    '',
    '--',
    business,
    ...businessAddress(settings),
    ...(settings.email ? [settings.email] : []),
    '',
  ].join('\n');
  const html = htmlEmail(settings, subject, {
    paragraphs: [greeting, intro, ...(message ? message.split(/\n{2,}/) : [])],
    rows,
    button: { label: `View quote ${number}`, href: input.link },
  });
  return { subject, html, text };
}

/** The email staff get when a client accepts or declines a quote in the portal. */
export function renderQuoteAnswerEmail(input: {
  settings: SettingsRow;
  quote: QuoteView;
  outcome: 'accepted' | 'declined';
  contactName: string;
  name: string;
  note: string;
  link: string;
  convertedInvoiceId: string | null;
}): RenderedEmail {
  const { settings, quote } = input;
  const locale = settings.locale || 'en-US';
  const number = quote.number ?? '';
  const who = input.name.trim() || input.contactName.trim() || 'The client';
  const client = quote.client.company || quote.client.name;
  const subject = oneLine(`Quote ${number} ${input.outcome} by ${client}`);
  const rows: [string, string][] = [
    ['Quote', number],
    ['Client', client],
    ['Total', formatMoney(quote.totals.total, quote.currency, locale)],
    [input.outcome === 'accepted' ? 'Accepted by' : 'Declined by', who],
    ...(input.note.trim()
      ? [[input.outcome === 'accepted' ? 'Note' : 'Reason', input.note.trim()] as [string, string]]
      : []),
  ];
  const next =
    input.outcome === 'declined'
      ? 'The quote is closed.'
      : input.convertedInvoiceId
        ? 'A draft invoice was made from it (automatic conversion is on): review and issue it.'
        : 'Convert it to an invoice when the work is ready to bill.';
  const paragraphs = [`${who} ${input.outcome} quote ${number} in the client portal.`, next];
  const text = [
    ...paragraphs,
    '',
    ...rows.map(([label, value]) => `${label}: ${value}`),
    '',
    input.link,
    '',
  ].join('\n');
  const html = htmlEmail(settings, subject, {
    paragraphs,
    rows,
    button: { label: `Open quote ${number}`, href: input.link },
  });
  return { subject, html, text };
}
