/**
 * Fills an email template's placeholders ({{client.name}}) with i18next's own interpolation, the one the message
 * files use, and tells which placeholders a text names that its kind does not know. Templates are plain text: the
 * values go in as they are and the email escapes the whole result for its HTML part.
 */
import i18next from 'i18next';
import {
  EMAIL_TEMPLATE_PLACEHOLDERS,
  type EmailTemplateKind,
  type TemplateValues,
} from '../domain/email-templates.ts';
import type { Language } from '../domain/language.ts';
import { type Translate, translator } from './messages.ts';

const engine = i18next.createInstance();
void engine.init({
  initAsync: false,
  // No "{{value, format}}": a comma belongs to the name, so such a placeholder is unknown rather than reformatted.
  interpolation: { escapeValue: false, formatSeparator: '\uE001' },
});

interface Filled {
  text: string;
  /** Placeholders the values did not have, as written (trimmed). */
  unknown: string[];
}

function interpolate(text: string, values: TemplateValues): Filled {
  const unknown: string[] = [];
  // i18next reads the handler from the options of the call; its types leave it out.
  const options = {
    missingInterpolationHandler: (_text: string, match: RegExpExecArray) => {
      unknown.push((match[1] ?? '').trim());
      return match[0] ?? '';
    },
  } as Parameters<typeof engine.services.interpolator.interpolate>[3];
  const filled = engine.services.interpolator.interpolate(text, values, 'en', options);
  return { text: filled, unknown: [...new Set(unknown)] };
}

/** The text with its placeholders filled; one the values lack stays as written. */
export function fillTemplate(text: string, values: TemplateValues): string {
  return interpolate(text, values).text;
}

/** The placeholders `text` names that emails of `kind` cannot fill. */
export function unknownPlaceholders(text: string, kind: EmailTemplateKind): string[] {
  const known = Object.fromEntries(EMAIL_TEMPLATE_PLACEHOLDERS[kind].map((name) => [name, name]));
  return interpolate(text, known).unknown;
}

/** Where each message file's value goes, as the template placeholder that carries it. */
const STANDARD_WORDS: Record<string, string> = {
  number: '{{document.number}}',
  business: '{{business.name}}',
  amount: '{{amount_due}}',
  date: '{{due_date}}',
  from: '{{period.start}}',
  to: '{{period.end}}',
  credits: '{{credited_invoices}}',
  expires: '{{link_expiry}}',
};

/** Message values that mean something else in one kind of email (a receipt's amount is the payment's). */
function wordsOf(kind: EmailTemplateKind, t: Translate): Record<string, string> {
  if (kind !== 'receipt') return STANDARD_WORDS;
  return {
    ...STANDARD_WORDS,
    amount: '{{payment.amount}}',
    invoice: t('receipt.invoiceNumbered', { number: '{{document.number}}' }),
  };
}

const STANDARD_KEYS: Record<EmailTemplateKind, { subject: string; body: string }> = {
  invoice: { subject: 'invoice.subject', body: 'invoice.intro' },
  reminder: { subject: 'reminder.subjectDue', body: 'reminder.intro' },
  quote: { subject: 'quote.subject', body: 'quote.intro' },
  credit_note: { subject: 'creditNote.subject', body: 'creditNote.intro' },
  statement: { subject: 'statement.subject', body: 'statement.intro' },
  receipt: { subject: 'receipt.subject', body: 'receipt.thanksReceived' },
  portal_invitation: { subject: 'portalInvite.subject', body: 'portalInvite.intro' },
  portal_sign_in: { subject: 'portalSignIn.subject', body: 'portalSignIn.intro' },
  portal_password_reset: { subject: 'portalReset.subject', body: 'portalReset.intro' },
};

/**
 * The standard subject and opening of a kind in a language, from the message files, written with the template
 * placeholders: what an admin starts from. (A reminder's standard subject also has "due today" and "overdue"
 * wordings, chosen by the invoice's state; a receipt for an online payment also names the provider.)
 */
export function standardTemplate(
  kind: EmailTemplateKind,
  language: Language,
): { subject: string; body: string } {
  const t = translator(language, 'emails');
  const keys = STANDARD_KEYS[kind];
  const words = wordsOf(kind, t);
  return { subject: t(keys.subject, words), body: t(keys.body, words) };
}

/** A subject on one line, as mail headers need it. */
export function oneLine(subject: string): string {
  return subject.replace(/[\r\n]+/g, ' ').trim();
}
