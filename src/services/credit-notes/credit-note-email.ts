import type { SettingsRow } from '../../db/schema.ts';
import { escapeHtml, formatMoney, type RenderedEmail } from '../email/invoice-email.ts';
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
    '--',
    business,
    ...(settings.email ? [settings.email] : []),
    '',
  ].join('\n');
  const e = escapeHtml;
  const html = `<!doctype html>
<html><head><meta charset="utf-8"><title>${e(subject)}</title></head>
<body style="font-family:Helvetica,Arial,sans-serif;color:#222;font-size:15px;line-height:1.5">
<p>${e(greeting)}</p>
<p>${e(intro)}</p>
${message ? `<p>${e(message).replace(/\n/g, '<br>')}</p>` : ''}
<table role="presentation" style="border-collapse:collapse;margin:16px 0">
${rows.map(([label, value]) => `<tr><td style="padding:4px 16px 4px 0;color:#555">${e(label)}</td><td style="padding:4px 0;text-align:right">${e(value)}</td></tr>`).join('\n')}
</table>
<p><a href="${e(input.link)}">View it online</a>: ${e(input.link)}</p>
<p style="font-size:13px;color:#555">${[business, settings.email].filter(Boolean).map(e).join('<br>')}</p>
</body></html>
`;
  return { subject, html, text };
}
