import type { SettingsRow } from '../../db/schema.ts';
import { escapeHtml, formatCalendarDate, formatMoney, type RenderedEmail } from '../email/invoice-email.ts';
import type { ClientStatement } from './statement-view.ts';

export interface StatementEmailInput {
  settings: SettingsRow;
  statement: ClientStatement;
  contactName: string;
  /** Where a contact with a portal account sees its statement any time. */
  portalUrl: string;
  subject?: string | null;
  message?: string | null;
}

/**
 * The email that carries a client statement (the PDF goes with it at delivery): the period and, per currency, the
 * closing balance, as the statement gives them. No link token: the portal page asks the contact to sign in.
 */
export function renderStatementEmail(input: StatementEmailInput): RenderedEmail {
  const { settings, statement } = input;
  const locale = settings.locale || 'en-US';
  const business = settings.business_name.trim() || 'Remit';
  const from = formatCalendarDate(statement.from, locale);
  const to = formatCalendarDate(statement.to, locale);
  const subject = (input.subject?.trim() || `Statement from ${business}, ${from} to ${to}`)
    .replace(/[\r\n]+/g, ' ')
    .trim();
  const greeting = input.contactName.trim() ? `Hello ${input.contactName.trim()},` : 'Hello,';
  const intro = `${business} has sent you your statement for ${from} to ${to}; it is attached as a PDF.`;
  const message = input.message?.trim() ?? '';
  const balances = statement.currencies.map(
    (ledger) =>
      [
        `Balance on ${to} (${ledger.currency})`,
        formatMoney(ledger.closingBalance, ledger.currency, locale),
      ] as const,
  );
  const portal = `Signed in to the client portal, you can see your statement any time: ${input.portalUrl}`;

  const text = [
    greeting,
    '',
    intro,
    ...(message ? ['', message] : []),
    '',
    ...(balances.length
      ? balances.map(([label, amount]) => `${label}: ${amount}`)
      : ['Nothing to show for this period.']),
    '',
    portal,
    '',
    '--',
    business,
    ...(settings.email ? [settings.email] : []),
    '',
  ].join('\n');

  const e = escapeHtml;
  const paragraphs = (block: string) =>
    block
      .split(/\n{2,}/)
      .map((p) => `<p style="margin:0 0 12px">${e(p).replace(/\n/g, '<br>')}</p>`)
      .join('');
  const rows = balances
    .map(
      ([label, amount]) =>
        `<tr><td style="padding:4px 16px 4px 0;color:#555">${e(label)}</td><td style="padding:4px 0;text-align:right"><strong>${e(amount)}</strong></td></tr>`,
    )
    .join('\n');
  const html = `<!doctype html>
<html lang="${e(locale.split('-')[0] ?? 'en')}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${e(subject)}</title></head>
<body style="margin:0;padding:24px;background:#f5f5f5;font-family:Helvetica,Arial,sans-serif;color:#222;font-size:15px;line-height:1.5">
<div style="max-width:560px;margin:0 auto;background:#fff;padding:24px">
<h1 style="font-size:20px;margin:0 0 16px">${e(business)}</h1>
<p style="margin:0 0 12px">${e(greeting)}</p>
<p style="margin:0 0 12px">${e(intro)}</p>
${message ? paragraphs(message) : ''}
${rows ? `<table role="presentation" style="border-collapse:collapse;margin:16px 0">\n${rows}\n</table>` : '<p>Nothing to show for this period.</p>'}
<p style="margin:0 0 12px;font-size:13px;color:#555">Signed in to the client portal, you can see your statement any time: <a href="${e(input.portalUrl)}">${e(input.portalUrl)}</a></p>
<hr style="border:0;border-top:1px solid #ddd;margin:24px 0">
<p style="margin:0;font-size:13px;color:#555">${[business, settings.email].filter(Boolean).map(e).join('<br>')}</p>
</div>
</body></html>
`;
  return { subject, html, text };
}
