import type { SettingsRow } from '../../db/schema.ts';
import type { EmailTemplateOverride } from '../../domain/email-templates.ts';
import { clientReader, type Reader } from '../../domain/language.ts';
import { fillTemplate } from '../../i18n/email-template-text.ts';
import { translator } from '../../i18n/messages.ts';
import { documentEmailHtml, documentEmailText, type EmailedDocument } from '../email/email-document.ts';
import { emailBrand, renderEmailLayout, textSignature } from '../email/email-layout.ts';
import { formatCalendarDate, formatMoney, greetingFor, type RenderedEmail } from '../email/invoice-email.ts';
import type { QuoteView } from './quote-view.ts';

/** Keeps a header on one line: a newline in a subject would start a new header. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').trim();
}

const labelled = (rows: [string, string][]) => rows.map(([label, value]) => ({ label, value }));

/**
 * The email that sends a quote to a client contact: number, total (from the totals engine, via the quote view),
 * valid-until date and the portal link where the contact reads, accepts or declines it, then the quote itself as its
 * PDF prints it. The PDF is attached at delivery.
 */
export function renderQuoteEmail(input: {
  settings: SettingsRow;
  quote: QuoteView;
  contactName: string;
  link: string;
  subject?: string | null;
  message?: string | null;
  logoUrl?: string | null;
  /** The client's language and locale; absent, the organisation's. */
  reader?: Reader;
  /** The admin's own subject and opening for this kind in the reader's language. */
  template?: EmailTemplateOverride | null;
  /** The quote as its PDF prints it (describeEmailedDocument). */
  document?: EmailedDocument;
}): RenderedEmail {
  const { settings, quote } = input;
  const { language, locale } = input.reader ?? clientReader(null, settings.locale || 'en-US');
  const t = translator(language, 'emails');
  const business = settings.business_name.trim() || 'Remit';
  const number = quote.number ?? '';
  const total = formatMoney(quote.totals.total, quote.currency, locale);
  const validUntil = formatCalendarDate(quote.validUntil, locale);
  const brand = { ...emailBrand(settings, input.logoUrl ?? null), locale };
  const values = {
    'business.name': business,
    'client.name': quote.client.company || quote.client.name,
    'document.number': number,
    total,
    valid_until: validUntil,
    portal_link: input.link,
  };
  const subjectTemplate = input.subject?.trim() || input.template?.subject;
  const subject = oneLine(
    subjectTemplate ? fillTemplate(subjectTemplate, values) : t('quote.subject', { number, business }),
  );
  const greeting = greetingFor(t, input.contactName);
  const openingTemplate = input.message?.trim() || input.template?.body;
  const intro = openingTemplate
    ? fillTemplate(openingTemplate, values)
    : t('quote.intro', { number, business });
  const rows: [string, string][] = [
    [t('quote.quote'), number],
    [t('quote.total'), total],
    [t('quote.validUntil'), validUntil],
  ];
  const text = [
    greeting,
    '',
    intro,
    '',
    ...rows.map(([label, value]) => `${label}: ${value}`),
    '',
    t('quote.viewLink', { link: input.link }),
    '',
    ...(input.document ? [documentEmailText(input.document), ''] : []),
    ...textSignature(brand),
  ].join('\n');
  const html = renderEmailLayout(brand, subject, {
    paragraphs: [greeting, intro],
    rows: labelled(rows),
    button: { label: t('quote.button', { number }), href: input.link },
    documentHtml: input.document && documentEmailHtml(input.document, brand.accentColor),
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
  logoUrl?: string | null;
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
  const brand = emailBrand(settings, input.logoUrl ?? null);
  const text = [
    ...paragraphs,
    '',
    ...rows.map(([label, value]) => `${label}: ${value}`),
    '',
    input.link,
    '',
    ...textSignature(brand),
  ].join('\n');
  const html = renderEmailLayout(brand, subject, {
    paragraphs,
    rows: labelled(rows),
    button: { label: `Open quote ${number}`, href: input.link },
  });
  return { subject, html, text };
}
