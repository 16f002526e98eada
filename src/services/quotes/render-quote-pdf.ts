import {
  type PdfServiceDeps,
  type RenderedPdf,
  renderDocumentPdf,
} from '../documents/render-document-pdf.ts';
import { loadQuote } from './load-quote.ts';
import { quotePresentation } from './quote-presentation.ts';
import { toQuoteView } from './quote-view.ts';

/** The quote as a PDF titled Quote: staff download, the quote email's attachment and the portal download. */
export async function renderQuotePdf(deps: PdfServiceDeps, quoteId: string): Promise<RenderedPdf> {
  const quote = toQuoteView(await loadQuote(deps.db, quoteId), deps.clock.now());
  return renderDocumentPdf(deps, quote, (reader) => quotePresentation(quote, reader));
}
