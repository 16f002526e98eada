/**
 * The files an invoice or credit note email carries for an e-invoice choice (domain/einvoice/attachment-choice.ts):
 * Factur-X is the one PDF (the XML inside); an XML format goes with the plain PDF, for the person who reads the
 * mail. Both files come from one snapshot. `assertAttachmentPossible` is the same check at send time, in the
 * sending transaction, so a document that cannot be carried is refused before anything is queued.
 */
import type { Trx } from '../../db/client.ts';
import type {
  EInvoiceAttachmentChoice,
  EmailAttachmentChoice,
} from '../../domain/einvoice/attachment-choice.ts';
import type { EInvoiceProfile } from '../../domain/einvoice/profiles.ts';
import { ConflictError } from '../../domain/errors.ts';
import type { MailAttachment } from '../../ports.ts';
import type { PdfServiceDeps, RenderedPdf } from '../documents/render-document-pdf.ts';
import { assembleEInvoiceInput, type EInvoiceDocumentKind } from './assemble-einvoice-input.ts';
import { EINVOICE_FORMAT_SPECS } from './einvoice-formats.ts';
import { EInvoiceRefusedError, issuedModel, produceEInvoice } from './produce-einvoice.ts';
import { FACTURX_LABEL, produceFacturxPdf, renderPlainPdf } from './produce-facturx-pdf.ts';
import { inReadSnapshot } from './read-snapshot.ts';

function pdfAttachment(pdf: RenderedPdf): MailAttachment {
  return { filename: pdf.filename, content: pdf.bytes, contentType: 'application/pdf' };
}

function profileAndLabel(choice: EInvoiceAttachmentChoice): { profile: EInvoiceProfile; label: string } {
  if (choice === 'facturx') return { profile: 'facturx', label: FACTURX_LABEL };
  const spec = EINVOICE_FORMAT_SPECS[choice];
  return { profile: spec.profile, label: spec.label };
}

export function produceEInvoiceAttachments(
  deps: PdfServiceDeps,
  document: { kind: EInvoiceDocumentKind; id: string },
  choice: EInvoiceAttachmentChoice,
): Promise<MailAttachment[]> {
  const { kind, id } = document;
  return inReadSnapshot(deps.db, async (trx) => {
    const snapshot = { ...deps, db: trx };
    if (choice === 'facturx') return [pdfAttachment(await produceFacturxPdf(snapshot, kind, id))];
    // The XML first: a refusal costs no rendering.
    const { xml, filename } = await produceEInvoice(snapshot, kind, id, choice);
    const pdf = await renderPlainPdf(snapshot, kind, id);
    return [
      pdfAttachment(pdf),
      { filename, content: Buffer.from(xml, 'utf8'), contentType: 'application/xml' },
    ];
  });
}

/**
 * Throws what the download would (EInvoiceRefusedError with every reason, 422; ConflictError for a void invoice)
 * when the document cannot be sent with `choice`; the plain PDF always can. A draft is checked as it will be once
 * issued, so that a send checks before it takes a number (issuing holds the number counter; no rule depends on
 * the number's value, only on its presence).
 */
export async function assertAttachmentPossible(
  trx: Trx,
  document: { kind: EInvoiceDocumentKind; id: string },
  choice: EmailAttachmentChoice,
): Promise<void> {
  if (choice === 'pdf') return;
  const { profile, label } = profileAndLabel(choice);
  const assembled = await assembleEInvoiceInput(trx, document.kind, document.id);
  if (assembled.status === 'draft' || assembled.number === null) {
    assembled.status = 'issued';
    assembled.number = 'DRAFT';
    assembled.input.document.number = 'DRAFT';
  }
  issuedModel(assembled, document.kind, profile, label);
}

/** Why the document cannot be sent with `choice`, in words (the reasons, or why it is no bill); null when it can. */
export async function attachmentRefusal(
  trx: Trx,
  document: { kind: EInvoiceDocumentKind; id: string },
  choice: EmailAttachmentChoice,
): Promise<string | null> {
  try {
    await assertAttachmentPossible(trx, document, choice);
    return null;
  } catch (error) {
    if (error instanceof EInvoiceRefusedError) {
      return `${error.message}: ${error.problems.map((problem) => problem.message).join(' ')}`;
    }
    if (error instanceof ConflictError) return error.message;
    throw error;
  }
}
