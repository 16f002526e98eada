import type { PdfServiceDeps, RenderedPdf } from '../documents/render-document-pdf.ts';
import { renderInvoicePdf } from '../invoices/render-invoice-pdf.ts';
import { assertPortalInvoice } from './find-portal-invoice.ts';
import type { PortalPrincipal } from './portal-context.ts';

/** The invoice PDF for a contact, behind the same scope check as the invoice itself. */
export async function renderPortalInvoicePdf(
  deps: PdfServiceDeps,
  principal: PortalPrincipal,
  invoiceId: string,
): Promise<RenderedPdf> {
  await assertPortalInvoice(deps.db, principal, invoiceId);
  return renderInvoicePdf(deps, invoiceId);
}
