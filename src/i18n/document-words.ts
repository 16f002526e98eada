/** Words documents share whatever their kind: payment terms and units in the reader's language. */
import { paymentTermsPhrase } from '../domain/dates.ts';
import { DEFAULT_LANGUAGE, type Language, languageOfLocale } from '../domain/language.ts';
import { DEFAULT_UNIT, findUnit } from '../domain/units.ts';
import { type Translate, translator } from './messages.ts';

/** "Net 30 days", "30 Tage netto"; null for a fixed date or unknown terms. */
export function paymentTermsText(t: Translate, terms: string): string | null {
  const wording = paymentTermsPhrase(terms);
  if (!wording) return null;
  return wording.phrase === 'net'
    ? t('paymentTerms.net', { days: wording.days })
    : t(`paymentTerms.${wording.phrase}`);
}

/** Whether a decimal text is exactly one or minus one: the quantities that take the singular. */
function isOne(quantity: string): boolean {
  return /^[+-]?0*1(\.0*)?$/.test(quantity.trim());
}

/** The unit's words after a quantity ("hours", "Stunden"); nothing for a plain count or no unit. */
export function unitText(t: Translate, code: string | null | undefined, quantity: string): string {
  const unit = findUnit(code);
  if (!unit || unit.code === DEFAULT_UNIT) return '';
  return t(`unit.${unit.code}`, { count: isOne(quantity) ? 1 : 2 });
}

/** The document messages of a PDF's reader: its language, else its locale's, else English. */
export function documentTranslator(input: { language?: Language; locale: string }): Translate {
  return translator(input.language ?? languageOfLocale(input.locale) ?? DEFAULT_LANGUAGE, 'documents');
}
