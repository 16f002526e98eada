import { addDays, todayIn } from '../../domain/dates.ts';
import {
  type EmailTemplateKind,
  isPortalTemplateKind,
  type TemplateValues,
} from '../../domain/email-templates.ts';
import { documentLocale, type Language } from '../../domain/language.ts';
import { fillTemplate, standardTemplate } from '../../i18n/email-template-text.ts';
import { translator } from '../../i18n/messages.ts';
import type { ServiceDeps } from '../context.ts';
import { emailBrand, renderEmailLayout } from '../email/email-layout.ts';
import { formatCalendarDate, formatMoney, greetingFor, type RenderedEmail } from '../email/invoice-email.ts';
import { getSettings } from '../settings/get-settings.ts';
import { checkTemplateText } from './check-template-text.ts';
import { samplePortalEmail, sampleReceiptEmail } from './sample-client-emails.ts';

/** Made-up figures in the organisation's currency, for a template's preview. */
function sampleValues(
  kind: EmailTemplateKind,
  business: string,
  currency: string,
  locale: string,
  today: string,
) {
  const money = (amount: string) => formatMoney(amount, currency, locale);
  const date = (days: number) => formatCalendarDate(addDays(today, days), locale);
  const values: TemplateValues = {
    'business.name': business,
    'client.name': 'Example Client Ltd',
    portal_link: 'https://example.com/portal',
    'document.number': kind === 'quote' ? 'Q-0042' : kind === 'credit_note' ? 'CN-0042' : 'INV-0042',
    total: money('1250.00'),
    amount_due: money('750.00'),
    due_date: date(14),
    valid_until: date(30),
    credit_total: money('250.00'),
    credited_invoices: 'INV-0041',
    'period.start': date(-30),
    'period.end': date(0),
  };
  return values;
}

/**
 * A template's email with made-up figures, in its language and the organisation's branding: the subject and the
 * opening typed (or the standard ones where left empty), checked as a save would check them.
 */
export async function previewEmailTemplate(
  deps: ServiceDeps,
  kind: EmailTemplateKind,
  language: Language,
  input: { subject?: string | null; body?: string | null },
): Promise<RenderedEmail> {
  checkTemplateText('subject', input.subject, kind);
  checkTemplateText('body', input.body, kind);
  const settings = await getSettings(deps.db);
  const locale = documentLocale(language, settings.locale || 'en-US');
  const brand = { ...emailBrand(settings), locale };
  const today = todayIn(settings.time_zone, deps.clock.now());
  const typed = { subject: input.subject?.trim() || null, body: input.body?.trim() || null };
  const reader = { language, locale };
  if (kind === 'receipt') return sampleReceiptEmail(brand, reader, settings.default_currency, today, typed);
  if (isPortalTemplateKind(kind))
    return samplePortalEmail(kind, brand, reader, settings.time_zone, deps.clock.now(), typed);
  const values = sampleValues(kind, brand.businessName, settings.default_currency, locale, today);
  const standard = standardTemplate(kind, language);
  const subject = fillTemplate(input.subject?.trim() || standard.subject, values).replace(/[\r\n]+/g, ' ');
  const opening = fillTemplate(input.body?.trim() || standard.body, values);
  const greeting = greetingFor(translator(language, 'emails'), 'Ada');
  const html = renderEmailLayout(brand, subject, {
    paragraphs: [greeting, opening],
    rows: [{ label: '#', value: values['document.number'] ?? '' }],
  });
  return { subject, html, text: [greeting, '', opening].join('\n') };
}
