import type { SettingsRow } from '../../db/schema.ts';
import { clientReader, type Reader } from '../../domain/language.ts';
import { translator } from '../../i18n/messages.ts';
import { emailBrand, renderEmailLayout, textSignature } from '../email/email-layout.ts';
import { formatCalendarDate, formatMoney, greetingFor, type RenderedEmail } from '../email/invoice-email.ts';
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
  /** The client's language and locale; absent, the organisation's. */
  reader?: Reader;
}

/**
 * The email that carries a client statement (the PDF goes with it at delivery): the period and, per currency, the
 * closing balance, as the statement gives them. No link token: the portal page asks the contact to sign in.
 */
export function renderStatementEmail(input: StatementEmailInput): RenderedEmail {
  const { settings, statement } = input;
  const { language, locale } = input.reader ?? clientReader(null, settings.locale || 'en-US');
  const t = translator(language, 'emails');
  const business = settings.business_name.trim() || 'Remit';
  const from = formatCalendarDate(statement.from, locale);
  const to = formatCalendarDate(statement.to, locale);
  const subject = (input.subject?.trim() || t('statement.subject', { business, from, to }))
    .replace(/[\r\n]+/g, ' ')
    .trim();
  const brand = { ...emailBrand(settings, input.logoUrl ?? null), locale };
  const greeting = greetingFor(t, input.contactName);
  const intro = t('statement.intro', { business, from, to });
  const nothing = t('statement.nothingToShow');
  const portalNote = t('statement.portal');
  const message = input.message?.trim() ?? '';
  const balances = statement.currencies.map(
    (ledger) =>
      [
        t('statement.balanceOn', { date: to, currency: ledger.currency }),
        formatMoney(ledger.closingBalance, ledger.currency, locale),
      ] as const,
  );
  const portal = `${portalNote} ${input.portalUrl}`;

  const text = [
    greeting,
    '',
    intro,
    ...(message ? ['', message] : []),
    '',
    ...(balances.length ? balances.map(([label, amount]) => `${label}: ${amount}`) : [nothing]),
    '',
    portal,
    '',
    ...textSignature(brand),
  ].join('\n');

  const html = renderEmailLayout(brand, subject, {
    paragraphs: [greeting, intro, ...(message ? [message] : []), ...(balances.length ? [] : [nothing])],
    rows: balances.map(([label, value]) => ({ label, value, strong: true })),
    notes: [{ text: portalNote, href: input.portalUrl }],
  });
  return { subject, html, text };
}
