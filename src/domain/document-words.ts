/**
 * Words documents share whatever their kind, looked up in the reader's documents messages (src/i18n/locales):
 * payment terms and units. Pure: the server passes its translator, the web app its i18next `t`.
 */
import { paymentTermsPhrase } from './dates.ts';
import { DEFAULT_UNIT, findUnit } from './units.ts';

/** Looks up a documents message by key with its values filled in (i18next's `t`, or any function like it). */
export type DocumentWords = (key: string, values?: Record<string, string | number>) => string;

/** "Net 30 days", "30 Tage netto"; null for a fixed date or unknown terms. */
export function paymentTermsText(t: DocumentWords, terms: string): string | null {
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
export function unitText(t: DocumentWords, code: string | null | undefined, quantity: string): string {
  const unit = findUnit(code);
  if (!unit || unit.code === DEFAULT_UNIT) return '';
  return t(`unit.${unit.code}`, { count: isOne(quantity) ? 1 : 2 });
}
