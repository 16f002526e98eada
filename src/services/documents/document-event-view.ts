import type { InvoiceEventRow } from '../../db/schema.ts';
import type { DocumentEventRow } from '../../db/schema-documents.ts';

/** One entry of a document's timeline (invoice, quote or credit note), as the API shows it. */
export interface DocumentEventView {
  id: string;
  type: string;
  fromStatus: string | null;
  toStatus: string | null;
  actor: { type: string; id: string | null; name: string };
  data: Record<string, unknown>;
  at: string;
}

export function toDocumentEventView(row: InvoiceEventRow | DocumentEventRow): DocumentEventView {
  return {
    id: String(row.id),
    type: row.type,
    fromStatus: row.from_status,
    toStatus: row.to_status,
    actor: { type: row.actor_type, id: row.actor_id, name: row.actor_name },
    data: row.data,
    at: row.created_at.toISOString(),
  };
}
