import type { DocumentKind } from '../../ports.ts';
import { renderCreditNotePdf } from '../credit-notes/render-credit-note-pdf.ts';
import { renderInvoicePdf } from '../invoices/render-invoice-pdf.ts';
import { renderQuotePdf } from '../quotes/render-quote-pdf.ts';
import type { PdfServiceDeps, RenderedPdf } from './render-document-pdf.ts';

/** The PDF of any kind of document, e.g. for an email's attachment. Each kind renders through its own module. */
export async function renderAnyDocumentPdf(
  deps: PdfServiceDeps,
  document: { kind: DocumentKind; id: string },
): Promise<RenderedPdf> {
  switch (document.kind) {
    case 'invoice':
      return renderInvoicePdf(deps, document.id);
    case 'quote':
      return renderQuotePdf(deps, document.id);
    case 'credit_note':
      return renderCreditNotePdf(deps, document.id);
    default:
      throw new Error(`No PDF renderer for ${document.kind} yet`);
  }
}
