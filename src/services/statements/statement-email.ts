import type { SettingsRow } from '../../db/schema.ts';
import type { EmailTemplateOverride } from '../../domain/email-templates.ts';
import { clientReader, type Reader } from '../../domain/language.ts';
import { fillTemplate } from '../../i18n/email-template-text.ts';
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
  /** The admin's own subject and opening for this kind in the reader's language. */
  template?: EmailTemplateOverride | null;
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
  const values = {
    'business.name': business,
    'client.name': statement.client.company || statement.client.name,
    'period.start': from,
    'period.end': to,
    portal_link: input.portalUrl,
  };
  const subjectTemplate = input.subject?.trim() || input.template?.subject;
  const subject = (
    subjectTemplate ? fillTemplate(subjectTemplate, values) : t('statement.subject', { business, from, to })
  )
    .replace(/[\r\n]+/g, ' ')
    .trim();
  const brand = { ...emailBrand(settings, input.logoUrl ?? null), locale };
  const greeting = greetingFor(t, input.contactName);
  const openingTemplate = input.message?.trim() || input.template?.body;
  const intro = openingTemplate
    ? fillTemplate(openingTemplate, values)
    : t('statement.intro', { business, from, to });
  const nothing = t('statement.nothingToShow');
  const portalNote = t('statement.portal');
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
    '',
    ...(balances.length ? balances.map(([label, amount]) => `${label}: ${amount}`) : [nothing]),
    '',
    portal,
    '',
    ...textSignature(brand),
  ].join('\n');

  const html = renderEmailLayout(brand, subject, {
    paragraphs: [greeting, intro, ...(balances.length ? [] : [nothing])],
    rows: balances.map(([label, value]) => ({ label, value, strong: true })),
    notes: [{ text: portalNote, href: input.portalUrl }],
  });
  return { subject, html, text };
}
