import type { SettingsRow } from '../../db/schema.ts';
import type { EmailTemplateOverride } from '../../domain/email-templates.ts';
import { clientReader, type Reader } from '../../domain/language.ts';
import { fillTemplate } from '../../i18n/email-template-text.ts';
import { translator } from '../../i18n/messages.ts';
import { documentEmailHtml, documentEmailText, type EmailedDocument } from '../email/email-document.ts';
import { emailBrand, renderEmailLayout, textSignature } from '../email/email-layout.ts';
import { formatMoney, greetingFor, type RenderedEmail } from '../email/invoice-email.ts';
import { creditedInvoiceSentence } from './credit-note-presentation.ts';
import type { CreditNoteView } from './credit-note-view.ts';

/**
 * The email that sends a credit note to a client contact: its number, the invoice it credits, the reason, the credit
 * total and what remains as credit (from the credit note view), and the portal link of the credited invoice, whose
 * page lists its credit notes; then the credit note itself as its PDF prints it. The PDF is attached at delivery.
 */
export function renderCreditNoteEmail(input: {
  settings: SettingsRow;
  note: CreditNoteView;
  contactName: string;
  link: string;
  subject?: string | null;
  message?: string | null;
  logoUrl?: string | null;
  /** The client's language and locale; absent, the organisation's. */
  reader?: Reader;
  /** The admin's own subject and opening for this kind in the reader's language. */
  template?: EmailTemplateOverride | null;
  /** The credit note as its PDF prints it (describeEmailedDocument). */
  document?: EmailedDocument;
}): RenderedEmail {
  const { settings, note } = input;
  const reader = input.reader ?? clientReader(null, settings.locale || 'en-US');
  const { locale } = reader;
  const t = translator(reader.language, 'emails');
  const business = settings.business_name.trim() || 'Remit';
  const number = note.number ?? '';
  const money = (amount: string) => formatMoney(amount, note.currency, locale);
  const credits = creditedInvoiceSentence(note, reader);
  const values = {
    'business.name': business,
    'client.name': note.client.company || note.client.name,
    'document.number': number,
    credit_total: money(note.credit.total),
    credited_invoices: credits,
    portal_link: input.link,
  };
  const subjectTemplate = input.subject?.trim() || input.template?.subject;
  const subject = (
    subjectTemplate ? fillTemplate(subjectTemplate, values) : t('creditNote.subject', { number, business })
  ).replace(/[\r\n]+/g, ' ');
  const brand = { ...emailBrand(settings, input.logoUrl ?? null), locale };
  const greeting = greetingFor(t, input.contactName);
  const openingTemplate = input.message?.trim() || input.template?.body;
  const intro = openingTemplate
    ? fillTemplate(openingTemplate, values)
    : t('creditNote.intro', { business, number, credits });
  const rows: [string, string][] = [
    [t('creditNote.creditNote'), number],
    [t('creditNote.creditTotal'), money(note.credit.total)],
    [t('creditNote.applied'), money(note.credit.applied)],
    [t('creditNote.remaining'), money(note.credit.remaining)],
    ...(note.reason ? ([[t('creditNote.reason'), note.reason]] as [string, string][]) : []),
  ];
  const text = [
    greeting,
    '',
    intro,
    '',
    ...rows.map(([label, value]) => `${label}: ${value}`),
    '',
    t('creditNote.viewLink', { link: input.link }),
    '',
    ...(input.document ? [documentEmailText(input.document), ''] : []),
    ...textSignature(brand),
  ].join('\n');
  const html = renderEmailLayout(brand, subject, {
    paragraphs: [greeting, intro],
    rows: rows.map(([label, value]) => ({ label, value })),
    button: { label: t('creditNote.button'), href: input.link },
    documentHtml: input.document && documentEmailHtml(input.document, brand.accentColor),
  });
  return { subject, html, text };
}
