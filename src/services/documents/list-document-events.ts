import type { ServiceDeps } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { type DocumentEventView, toDocumentEventView } from './document-event-view.ts';

const TABLE = { quote: 'quotes', credit_note: 'credit_notes' } as const;
const NAME = { quote: 'Quote', credit_note: 'Credit note' } as const;

/** The timeline of a quote or credit note (document_events), oldest first; 404 for an unknown document. */
export async function listDocumentEvents(
  deps: ServiceDeps,
  kind: 'quote' | 'credit_note',
  documentId: string,
): Promise<DocumentEventView[]> {
  const document = await deps.db
    .selectFrom(TABLE[kind])
    .select('id')
    .where('id', '=', documentId)
    .executeTakeFirst();
  if (!document) throw new NotFoundError(NAME[kind]);
  const rows = await deps.db
    .selectFrom('document_events')
    .selectAll()
    .where('document_kind', '=', kind)
    .where('document_id', '=', documentId)
    .orderBy('id')
    .execute();
  return rows.map(toDocumentEventView);
}
