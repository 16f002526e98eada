import {
  type PdfServiceDeps,
  type RenderedPdf,
  renderDocumentPdf,
} from '../documents/render-document-pdf.ts';
import { creditNotePresentation } from './credit-note-presentation.ts';
import { toCreditNoteView } from './credit-note-view.ts';
import { loadCreditNote } from './load-credit-note.ts';

/** The credit note as a PDF (staff download, email attachment, portal download), from its current rows. */
export async function renderCreditNotePdf(deps: PdfServiceDeps, creditNoteId: string): Promise<RenderedPdf> {
  const note = toCreditNoteView(await loadCreditNote(deps.db, creditNoteId));
  return renderDocumentPdf(deps, note, (reader, client) => creditNotePresentation(note, reader, client));
}
