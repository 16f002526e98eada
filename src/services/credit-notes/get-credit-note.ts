import type { ServiceDeps } from '../context.ts';
import { documentParties } from '../documents/document-parties.ts';
import { toCreditNoteView } from './credit-note-view.ts';
import { loadCreditNote } from './load-credit-note.ts';

export async function getCreditNote(deps: ServiceDeps, id: string) {
  return toCreditNoteView(await loadCreditNote(deps.db, id));
}

/** The credit note with its parties as its PDF prints them now (the staff view of one credit note). */
export async function getCreditNoteWithParties(deps: ServiceDeps, id: string) {
  const note = await getCreditNote(deps, id);
  return { ...note, parties: await documentParties(deps.db, note.client.id) };
}
