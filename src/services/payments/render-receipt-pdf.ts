import { receiptFilename } from '../../domain/payment-receipt.ts';
import type { ReceiptPdfRenderer, ReceiptPdfSource } from '../../ports.ts';
import type { ServiceDeps } from '../context.ts';
import { partiesPdfInput, type RenderedPdf } from '../documents/render-document-pdf.ts';
import { loadPaymentReceipt, type ReceiptScope } from './payment-receipt.ts';

export interface ReceiptPdfDeps extends ServiceDeps {
  receiptRenderer: ReceiptPdfRenderer;
}

/**
 * A payment's receipt as a PDF: the organisation's branding and paper, the client's current billing details, in the
 * client's language, as invoices are. `scope` restricts it to a client contact's own payments (portal).
 */
export async function renderReceiptPdf(
  deps: ReceiptPdfDeps,
  paymentId: string,
  scope?: ReceiptScope,
): Promise<RenderedPdf> {
  const { receipt, clientId } = await loadPaymentReceipt(deps.db, paymentId, deps.clock.now(), scope);
  const parties = await partiesPdfInput(deps.db, clientId);
  const bytes = await deps.receiptRenderer.renderReceipt({ ...parties, receipt });
  return { filename: receiptFilename(receipt), bytes };
}

/** Receipt emails' attachment (services/email/document-attachments.ts): the receipt as it stands when it leaves. */
export function receiptAttachmentSource(deps: ReceiptPdfDeps): ReceiptPdfSource {
  return (paymentId) => renderReceiptPdf(deps, paymentId);
}
