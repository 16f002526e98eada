import type { SettingsRow } from '../../db/schema.ts';
import { emailBrand, renderEmailLayout, textSignature } from '../email/email-layout.ts';
import { formatCalendarDate, formatMoney, type RenderedEmail } from '../email/invoice-email.ts';
import type { ClientStatement } from './statement-view.ts';

export interface StatementEmailInput {
  settings: SettingsRow;
  statement: ClientStatement;
  contactName: string;
  /** Where a contact with a portal account sees its statement any time. */
  portalUrl: string;
  subject?: string | null;
  message?: string | null;
  logoUrl?: string | null;
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
  const brand = emailBrand(settings, input.logoUrl ?? null);
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
    ...textSignature(brand),
  ].join('\n');

  const html = renderEmailLayout(brand, subject, {
    paragraphs: [
      greeting,
      intro,
      ...(message ? [message] : []),
      ...(balances.length ? [] : ['Nothing to show for this period.']),
    ],
    rows: balances.map(([label, value]) => ({ label, value, strong: true })),
    notes: [
      { text: 'Signed in to the client portal, you can see your statement any time:', href: input.portalUrl },
    ],
  });
  return { subject, html, text };
}
