/**
 * The files a queued message carries, made when it leaves (deliver-due-emails.ts): the document's PDF, or what its
 * attachment choice names (domain/einvoice/attachment-choice.ts). An e-invoice that can no longer be produced (the
 * client's or the organisation's data changed since the send was accepted) fails the message with the reasons,
 * for good: it never leaves as a plain PDF instead.
 */
import type { EmailOutboxRow } from '../../db/schema.ts';
import { ConflictError } from '../../domain/errors.ts';
import {
  type DocumentEInvoiceSource,
  type DocumentKind,
  type DocumentPdfSource,
  type MailAttachment,
  MailDeliveryError,
  type ReceiptPdfSource,
  type StatementPdfSource,
} from '../../ports.ts';
import { renderAnyDocumentPdf } from '../documents/render-any-document-pdf.ts';
import type { PdfServiceDeps } from '../documents/render-document-pdf.ts';
import { EInvoiceRefusedError } from '../einvoice/produce-einvoice.ts';
import { produceEInvoiceAttachments } from '../einvoice/produce-email-attachments.ts';

export interface DocumentAttachmentSources {
  /** Renders the document's PDF; without it, messages asking for the PDF go out without an attachment. */
  documentPdf?: DocumentPdfSource | null;
  /** Produces an e-invoice choice's files; without it, a message asking for one fails rather than go without. */
  documentEInvoice?: DocumentEInvoiceSource | null;
  /** Renders a client statement's PDF; without it, a statement email fails: the statement is all it carries. */
  statementPdf?: StatementPdfSource | null;
  /** Renders a payment's receipt; without it, a receipt email fails: the receipt is what it carries. */
  receiptPdf?: ReceiptPdfSource | null;
}

/** The document a message belongs to, if any (attach_invoice_pdf attaches that document's files). */
export function documentOf(row: EmailOutboxRow): { kind: DocumentKind; id: string } | null {
  if (row.invoice_id) return { kind: 'invoice', id: row.invoice_id };
  if (row.quote_id) return { kind: 'quote', id: row.quote_id };
  if (row.credit_note_id) return { kind: 'credit_note', id: row.credit_note_id };
  return null;
}

function failedForGood(message: string): MailDeliveryError {
  return new MailDeliveryError('other', message, true);
}

/** The statement a message carries (migration 037), if any. */
function statementOf(row: EmailOutboxRow): { clientId: string; from: string; to: string } | null {
  if (!row.statement_client_id || !row.statement_from || !row.statement_to) return null;
  return { clientId: row.statement_client_id, from: row.statement_from, to: row.statement_to };
}

/** The message's attachments; undefined when it carries none. Throws MailDeliveryError when it cannot have them. */
export async function documentAttachments(
  row: EmailOutboxRow,
  sources: DocumentAttachmentSources,
): Promise<MailAttachment[] | undefined> {
  if (row.receipt_payment_id) {
    if (!sources.receiptPdf) {
      throw failedForGood('This email carries a receipt, but this server was started without receipt PDFs');
    }
    const pdf = await sources.receiptPdf(row.receipt_payment_id).catch((error: unknown) => {
      // A payment deleted (or held back) since the receipt was queued has no receipt to send any more.
      if (error instanceof ConflictError) throw failedForGood(error.message);
      throw error;
    });
    return [{ filename: pdf.filename, content: pdf.bytes, contentType: 'application/pdf' }];
  }
  const statement = statementOf(row);
  if (statement) {
    if (!sources.statementPdf) {
      throw failedForGood(
        'This email carries a statement, but this server was started without statement PDFs',
      );
    }
    const pdf = await sources.statementPdf(statement);
    return [{ filename: pdf.filename, content: pdf.bytes, contentType: 'application/pdf' }];
  }
  const document = documentOf(row);
  if (!row.attach_invoice_pdf || !document) return undefined;
  const choice = row.attachment ?? 'pdf';
  if (choice === 'pdf' || document.kind === 'quote') {
    if (!sources.documentPdf) return undefined;
    const pdf = await sources.documentPdf(document);
    return [{ filename: pdf.filename, content: pdf.bytes, contentType: 'application/pdf' }];
  }
  if (!sources.documentEInvoice) {
    throw failedForGood(
      'This email should carry an e-invoice, but this server was started without e-invoices',
    );
  }
  try {
    return await sources.documentEInvoice({ kind: document.kind, id: document.id }, choice);
  } catch (error) {
    if (error instanceof EInvoiceRefusedError) {
      throw failedForGood(
        `${error.message}: ${error.problems.map((problem) => problem.message).join(' ')} ` +
          'Fix this and retry the email, or send the document again with another attachment.',
      );
    }
    if (error instanceof ConflictError) throw failedForGood(error.message);
    throw error;
  }
}

/** The sources a server delivers with: PDFs and e-invoices rendered by `deps.pdfRenderer`. */
export function documentAttachmentSources(
  deps: PdfServiceDeps,
): Required<Omit<DocumentAttachmentSources, 'statementPdf' | 'receiptPdf'>> {
  return {
    documentPdf: (document) => renderAnyDocumentPdf(deps, document),
    documentEInvoice: (document, choice) => produceEInvoiceAttachments(deps, document, choice),
  };
}
