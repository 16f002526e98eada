import {
  type PdfServiceDeps,
  type RenderedPdf,
  renderDocumentPdf,
} from '../documents/render-document-pdf.ts';
import { invoicePresentation } from './invoice-presentation.ts';
import { toInvoiceView } from './invoice-view.ts';
import { loadInvoice } from './load-invoice.ts';

/**
 * The invoice as a PDF, with the organisation's branding and the client's billing details as they are now.
 * Used by the staff download, the invoice email's attachment and the portal download.
 */
export async function renderInvoicePdf(deps: PdfServiceDeps, invoiceId: string): Promise<RenderedPdf> {
  const invoice = toInvoiceView(await loadInvoice(deps.db, invoiceId), deps.clock.now());
  return renderDocumentPdf(deps, invoice, (reader, client) => invoicePresentation(invoice, reader, client));
}
