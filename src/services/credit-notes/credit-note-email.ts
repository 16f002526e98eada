import type { SettingsRow } from '../../db/schema.ts';
import { emailBrand, renderEmailLayout, textSignature } from '../email/email-layout.ts';
import { formatMoney, type RenderedEmail } from '../email/invoice-email.ts';
import { creditedInvoiceSentence } from './credit-note-presentation.ts';
import type { CreditNoteView } from './credit-note-view.ts';

/**
 * The email that sends a credit note to a client contact: its number, the invoice it credits, the reason, the credit
 * total and what remains as credit (from the credit note view), and the portal link of the credited invoice, whose
 * page lists its credit notes. The PDF is attached at delivery.
 */
export function renderCreditNoteEmail(input: {
  settings: SettingsRow;
  note: CreditNoteView;
  contactName: string;
  link: string;
  subject?: string | null;
  message?: string | null;
  logoUrl?: string | null;
}): RenderedEmail {
  const { settings, note } = input;
  const locale = settings.locale || 'en-US';
  const business = settings.business_name.trim() || 'Remit';
  const number = note.number ?? '';
  const money = (amount: string) => formatMoney(amount, note.currency, locale);
  const subject = (input.subject?.trim() || `Credit note ${number} from ${business}`).replace(
    /[\r\n]+/g,
    ' ',
  );
  const brand = emailBrand(settings, input.logoUrl ?? null);
  const greeting = input.contactName.trim() ? `Hello ${input.contactName.trim()},` : 'Hello,';
  const intro = `${business} has issued credit note ${number}. ${creditedInvoiceSentence(note, locale)}.`;
  const message = input.message?.trim() ?? '';
  const rows: [string, string][] = [
    ['Credit note', number],
    ['Credit total', money(note.credit.total)],
    ['Applied to invoices', money(note.credit.applied)],
    ['Remaining credit', money(note.credit.remaining)],
    ...(note.reason ? ([['Reason', note.reason]] as [string, string][]) : []),
  ];
  const text = [
    greeting,
    '',
    intro,
    ...(message ? ['', message] : []),
    '',
    ...rows.map(([label, value]) => `${label}: ${value}`),
    '',
    `View it online: ${input.link}`,
    '',
    ...textSignature(brand),
  ].join('\n');
  const html = renderEmailLayout(brand, subject, {
    paragraphs: [greeting, intro, ...(message ? [message] : [])],
    rows: rows.map(([label, value]) => ({ label, value })),
    button: { label: 'View it online', href: input.link },
  });
  return { subject, html, text };
}
