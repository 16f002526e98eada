/** What a PDF worker thread runs for each task (see pdf-worker-pool.ts); fonts are parsed once per thread. */
import { move } from 'piscina';
import type { DocumentPdfInput, ReceiptPdfInput, ReportPdfInput, StatementPdfInput } from '../../ports.ts';
import { PdfkitInvoiceRenderer } from './pdfkit-invoice-renderer.ts';
import { PdfkitReceiptRenderer } from './pdfkit-receipt-renderer.ts';
import { PdfkitReportRenderer } from './pdfkit-report-renderer.ts';
import { PdfkitStatementRenderer } from './pdfkit-statement-renderer.ts';

const renderer = new PdfkitInvoiceRenderer();
const statementRenderer = new PdfkitStatementRenderer(() => renderer.fonts());
const reportRenderer = new PdfkitReportRenderer(() => renderer.fonts());
const receiptRenderer = new PdfkitReceiptRenderer(() => renderer.fonts());

/** Structured cloning turns a Buffer into a plain Uint8Array: pdfkit wants a Buffer to read a logo. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export async function renderDocumentInThread(input: DocumentPdfInput) {
  const logo = input.logo && { ...input.logo, image: asBuffer(input.logo.image) };
  return handOver(await renderer.renderDocument({ ...input, logo }));
}

export async function renderStatementInThread(input: StatementPdfInput) {
  const logo = input.logo && { ...input.logo, image: asBuffer(input.logo.image) };
  return handOver(await statementRenderer.renderStatement({ ...input, logo }));
}

export async function renderReportInThread(input: ReportPdfInput) {
  const logo = input.logo && { ...input.logo, image: asBuffer(input.logo.image) };
  return handOver(await reportRenderer.renderReport({ ...input, logo }));
}

export async function renderReceiptInThread(input: ReceiptPdfInput) {
  const logo = input.logo && { ...input.logo, image: asBuffer(input.logo.image) };
  return handOver(await receiptRenderer.renderReceipt({ ...input, logo }));
}

/** Handed over to the main thread rather than copied, when the bytes own their memory (not a slice of a pool). */
function handOver(pdf: Buffer) {
  return pdf.byteOffset === 0 && pdf.byteLength === pdf.buffer.byteLength ? move(pdf) : pdf;
}
