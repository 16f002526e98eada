/**
 * An issued invoice or credit note as a Factur-X 1.0 / ZUGFeRD 2.x PDF (profile EN 16931): the same PDF as the plain
 * download, made a PDF/A-3b that carries the CII XML as `factur-x.xml`. The XML is written first, so a draft (409)
 * or a document the profile cannot carry (422 with every reason) is refused before anything is rendered. The XML
 * and the pages are read from one snapshot (read-snapshot.ts): they cannot disagree, even while the invoice, a
 * payment or the settings change in between.
 */
import type { PdfRenderer } from '../../ports.ts';
import { renderCreditNotePdf } from '../credit-notes/render-credit-note-pdf.ts';
import type { PdfServiceDeps, RenderedPdf } from '../documents/render-document-pdf.ts';
import { renderInvoicePdf } from '../invoices/render-invoice-pdf.ts';
import type { EInvoiceDocumentKind } from './assemble-einvoice-input.ts';
import { assemble, issuedModel } from './produce-einvoice.ts';
import { inReadSnapshot } from './read-snapshot.ts';

export const FACTURX_LABEL = 'Factur-X (EN 16931)';

/** "INV-2026-0001.pdf" → "INV-2026-0001-facturx.pdf". */
export function facturxFilename(pdfFilename: string): string {
  return pdfFilename.replace(/\.pdf$/, '-facturx.pdf');
}

/** The XML embedded in a Factur-X PDF of the document; throws as the e-invoice download does. */
export async function facturxXml(deps: PdfServiceDeps, kind: EInvoiceDocumentKind, id: string) {
  const assembled = await assemble(deps, kind, id);
  const { invoice } = issuedModel(assembled, kind, 'facturx', FACTURX_LABEL);
  // Loaded on first use, as in produceEInvoice.
  const { toCii } = await import('../../domain/einvoice/cii.ts');
  return toCii(invoice, 'facturx');
}

export async function produceFacturxPdf(
  deps: PdfServiceDeps,
  kind: EInvoiceDocumentKind,
  id: string,
): Promise<RenderedPdf> {
  return inReadSnapshot(deps.db, async (trx) => {
    const snapshot = { ...deps, db: trx };
    const xml = await facturxXml(snapshot, kind, id);
    // The kinds' own render functions lay out the document as always; the renderer is given the XML to embed.
    const renderer: PdfRenderer = {
      renderDocument: (input) => deps.pdfRenderer.renderDocument({ ...input, facturx: { xml } }),
    };
    const pdf = await renderPlainPdf({ ...snapshot, pdfRenderer: renderer }, kind, id);
    return { filename: facturxFilename(pdf.filename), bytes: pdf.bytes };
  });
}

/** The document's plain PDF, laid out by its kind's own module. */
export function renderPlainPdf(
  deps: PdfServiceDeps,
  kind: EInvoiceDocumentKind,
  id: string,
): Promise<RenderedPdf> {
  return kind === 'invoice' ? renderInvoicePdf(deps, id) : renderCreditNotePdf(deps, id);
}
