import {
  type PdfServiceDeps,
  type RenderedPdf,
  renderDocumentPdf,
} from '../documents/render-document-pdf.ts';
import { getSettings } from '../settings/get-settings.ts';
import { creditNotePresentation } from './credit-note-presentation.ts';
import { toCreditNoteView } from './credit-note-view.ts';
import { loadCreditNote } from './load-credit-note.ts';

/** The credit note as a PDF (staff download, email attachment, portal download), from its current rows. */
export async function renderCreditNotePdf(deps: PdfServiceDeps, creditNoteId: string): Promise<RenderedPdf> {
  const [record, settings] = await Promise.all([loadCreditNote(deps.db, creditNoteId), getSettings(deps.db)]);
  const note = toCreditNoteView(record);
  return renderDocumentPdf(deps, note, creditNotePresentation(note, settings.locale || 'en-US'));
}
