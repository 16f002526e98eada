import { presentQuote } from '../../domain/document-presentation.ts';
import type { Reader } from '../../domain/language.ts';
import { translator } from '../../i18n/messages.ts';
import type { DocumentPresentation } from '../../ports.ts';
import type { QuoteView } from './quote-view.ts';

/** How a quote presents itself on paper, in the reader's language (the same as the web view's). */
export function quotePresentation(quote: QuoteView, reader: Reader): DocumentPresentation {
  return presentQuote(quote, translator(reader.language, 'documents'));
}
