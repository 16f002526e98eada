import type { PdfServiceDeps, RenderedPdf } from '../documents/render-document-pdf.ts';
import { renderQuotePdf } from '../quotes/render-quote-pdf.ts';
import { assertPortalQuote } from './find-portal-quote.ts';
import type { PortalPrincipal } from './portal-context.ts';

/** The quote PDF for a contact, behind the same scope check as the quote itself. */
export async function renderPortalQuotePdf(
  deps: PdfServiceDeps,
  principal: PortalPrincipal,
  quoteId: string,
): Promise<RenderedPdf> {
  await assertPortalQuote(deps.db, principal, quoteId);
  return renderQuotePdf(deps, quoteId);
}
