import type { SettingsRow } from '../../db/schema.ts';
import { daysBetween } from '../../domain/dates.ts';
import type { EmailTemplateOverride } from '../../domain/email-templates.ts';
import { clientReader, type Reader } from '../../domain/language.ts';
import { fillTemplate } from '../../i18n/email-template-text.ts';
import { type Translate, translator } from '../../i18n/messages.ts';
import type { InvoiceSummary } from '../invoices/invoice-view.ts';
import { documentEmailHtml, documentEmailText, type EmailedDocument } from './email-document.ts';
import { emailBrand, escapeHtml, renderEmailLayout, slot, textSignature, withSlots } from './email-layout.ts';

export { escapeHtml } from './email-layout.ts';

/** Keeps a header on one line: a newline in a subject would start a new header. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').trim();
}

/**
 * One formatter per locale and currency (or per locale), made once per process: building an Intl formatter costs
 * far more than formatting with it, and a batch of reminders formats thousands of amounts. Null: the locale or
 * currency is not one Intl knows.
 */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | null>();

function cachedFormatter<T extends Intl.NumberFormat | Intl.DateTimeFormat>(
  key: string,
  make: () => T,
): T | null {
  let formatter = formatters.get(key);
  if (formatter === undefined) {
    try {
      formatter = make();
    } catch {
      formatter = null;
    }
    formatters.set(key, formatter);
  }
  return formatter as T | null;
}

/** Formats a decimal string exactly (Intl takes the string as a decimal, never through a float). */
export function formatMoney(amount: string, currency: string, locale: string): string {
  const formatter = cachedFormatter(
    `money|${locale}|${currency}`,
    () => new Intl.NumberFormat(locale, { style: 'currency', currency }),
  );
  try {
    if (formatter) return formatter.format(amount as unknown as number);
  } catch {
    // Falls through to the plain form.
  }
  return `${currency} ${amount}`;
}

export function formatCalendarDate(date: string, locale: string): string {
  const formatter = cachedFormatter(
    `date|${locale}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }),
  );
  try {
    if (formatter) return formatter.format(new Date(`${date}T00:00:00Z`));
  } catch {
    // Falls through to the date as given.
  }
  return date;
}

export interface InvoiceEmailInput extends InvoiceEmailOf {
  settings: SettingsRow;
  /** Absolute URL of the business's logo, when it has one. */
  logoUrl?: string | null;
  contactName: string;
  /** Absolute URL that opens this invoice for this contact. */
  link: string;
}

/** What an invoice's emails share, whoever they go to. */
export interface InvoiceEmailOf {
  kind: 'invoice' | 'reminder';
  /** The invoice's view, or the part of it an email shows. */
  invoice: InvoiceSummary;
  /** The organisation's today, for a reminder's "due in 3 days" / "overdue by 2 days". */
  today: string;
  /** This send's own subject and opening (placeholders filled in); absent, the template's, else the standard. */
  subject?: string | null;
  message?: string | null;
  /** The client's language and locale; absent, the organisation's. */
  reader?: Reader;
  /** The client's name, for {{client.name}}. */
  clientName?: string;
  /** The admin's own subject and opening for this kind in the reader's language. */
  template?: EmailTemplateOverride | null;
  /** The invoice itself, as its PDF prints it (the invoice email; a reminder keeps to the summary). */
  document?: EmailedDocument;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** One invoice's email to one contact. */
export type InvoiceEmailToContact = (contactName: string, link: string) => RenderedEmail;

type DueState = 'due' | 'dueToday' | 'overdue';

function dueState(input: InvoiceEmailOf): DueState {
  const days = daysBetween(input.today, input.invoice.dueDate);
  if (input.kind === 'invoice' || days > 0) return 'due';
  return days === 0 ? 'dueToday' : 'overdue';
}

/** "Hello Ada," or "Hello," in the reader's language. */
export function greetingFor(t: Translate, contactName: string): string {
  const name = contactName.trim();
  return name ? t('greeting', { name }) : t('greetingNoName');
}

/**
 * The invoice and reminder emails of an organisation: plain-text and HTML parts with the business's name and
 * address, the invoice number, the amount due (from the totals engine, via the invoice view), the due date and the
 * link; the invoice email then prints the invoice itself, block by block as its PDF. What the settings decide is
 * built once here, what an invoice decides once per invoice (`of`), and each contact's email only adds the greeting
 * and the link: a batch of reminders renders thousands.
 */
export function invoiceEmailTemplate(
  settings: SettingsRow,
  logoUrl: string | null = null,
): {
  of: (input: InvoiceEmailOf) => InvoiceEmailToContact;
} {
  const e = escapeHtml;
  const organisationBrand = emailBrand(settings, logoUrl);
  const business = organisationBrand.businessName;
  const signature = ['', ...textSignature(organisationBrand)].join('\n');
  const organisationReader = clientReader(null, settings.locale || 'en-US');

  const of = (input: InvoiceEmailOf): InvoiceEmailToContact => {
    const { invoice } = input;
    const { language, locale } = input.reader ?? organisationReader;
    const t = translator(language, 'emails');
    const brand = { ...organisationBrand, locale };
    const number = invoice.number ?? '';
    const amountDue = formatMoney(invoice.totals.balanceDue, invoice.currency, locale);
    const total = formatMoney(invoice.totals.total, invoice.currency, locale);
    const dueDate = formatCalendarDate(invoice.dueDate, locale);
    const state = dueState(input);
    const due = t(
      { due: 'invoice.dueOn', dueToday: 'invoice.dueToday', overdue: 'invoice.overdueSince' }[state],
      {
        date: dueDate,
      },
    );
    const words = { number, business, amount: amountDue, date: dueDate };
    const values = {
      'business.name': business,
      'client.name': input.clientName ?? '',
      'document.number': number,
      total,
      amount_due: amountDue,
      due_date: dueDate,
      portal_link: slot('link'),
    };
    const subjectTemplate = input.subject?.trim() || input.template?.subject;
    const standardSubject = () =>
      input.kind === 'invoice'
        ? t('invoice.subject', words)
        : t(
            {
              due: 'reminder.subjectDue',
              dueToday: 'reminder.subjectDueToday',
              overdue: 'reminder.subjectOverdue',
            }[state],
            words,
          );
    const subject = oneLine(
      subjectTemplate ? fillTemplate(subjectTemplate, { ...values, portal_link: '' }) : standardSubject(),
    );
    const openingTemplate = input.message?.trim() || input.template?.body;
    const intro = openingTemplate
      ? fillTemplate(openingTemplate, values)
      : input.kind === 'invoice'
        ? t('invoice.intro', words)
        : t('reminder.intro', words);
    // The link goes where the translation puts it: the text around it is worked out once per invoice.
    const [viewBefore = '', viewAfter = ''] = t('invoice.viewAndPay', { link: slot('link') }).split(
      slot('link'),
    );

    const textMiddle = [
      '',
      '',
      intro,
      '',
      `${t('invoice.invoice')}: ${number}`,
      `${t('invoice.total')}: ${total}`,
      `${t('invoice.amountDue')}: ${amountDue}`,
      due,
      '',
      viewBefore,
    ].join('\n');
    const printed = input.kind === 'invoice' ? input.document : undefined;
    const documentText = printed ? `\n\n${documentEmailText(printed)}\n` : '';
    const html = withSlots(
      renderEmailLayout(brand, subject, {
        paragraphs: [slot('greeting'), intro],
        rows: [
          { label: t('invoice.invoice'), value: number },
          { label: t('invoice.total'), value: total },
          { label: t('invoice.amountDue'), value: amountDue, strong: true },
          {
            label: state === 'overdue' ? t('invoice.status') : t('invoice.due'),
            value: state === 'due' ? dueDate : due,
          },
        ],
        button: { label: t('invoice.button', { number }), href: slot('link') },
        documentHtml: printed && documentEmailHtml(printed, brand.accentColor),
      }),
    );

    return (contactName, link) => {
      const greeting = greetingFor(t, contactName);
      return {
        subject,
        html: html({ greeting: e(greeting), link: e(link) }),
        text: `${greeting}${textMiddle.split(slot('link')).join(link)}${link}${viewAfter}${documentText}\n${signature}`,
      };
    };
  };
  return { of };
}

/** One invoice or reminder email (see invoiceEmailTemplate). */
export function renderInvoiceEmail(input: InvoiceEmailInput): RenderedEmail {
  return invoiceEmailTemplate(input.settings, input.logoUrl ?? null).of(input)(input.contactName, input.link);
}
