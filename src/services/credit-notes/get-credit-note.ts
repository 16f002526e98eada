import type { ServiceDeps } from '../context.ts';
import { toCreditNoteView } from './credit-note-view.ts';
import { loadCreditNote } from './load-credit-note.ts';

export async function getCreditNote(deps: ServiceDeps, id: string) {
  return toCreditNoteView(await loadCreditNote(deps.db, id));
}
