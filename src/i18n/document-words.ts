/** The document messages of a reader, and the words documents share (kept pure in domain/document-words.ts). */
import { DEFAULT_LANGUAGE, type Language, languageOfLocale } from '../domain/language.ts';
import { type Translate, translator } from './messages.ts';

export { paymentTermsText, unitText } from '../domain/document-words.ts';

/** The document messages of a PDF's reader: its language, else its locale's, else English. */
export function documentTranslator(input: { language?: Language; locale: string }): Translate {
  return translator(input.language ?? languageOfLocale(input.locale) ?? DEFAULT_LANGUAGE, 'documents');
}
