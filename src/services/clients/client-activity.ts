import { sql } from 'kysely';
import type { InvoiceEventRow } from '../../db/schema.ts';
import type { ServiceDeps } from '../context.ts';
import { type DocumentEventView, toDocumentEventView } from '../documents/document-event-view.ts';

export type ActivityDocumentKind = 'invoice' | 'quote' | 'credit_note';

/** One timeline event of one of the client's documents (payments are events of their invoice). */
export interface ClientActivityEntry {
  document: { kind: ActivityDocumentKind; id: string; number: string | null; currency: string };
  event: DocumentEventView;
}

type ActivityRow = Omit<InvoiceEventRow, 'invoice_id'> & {
  kind: ActivityDocumentKind;
  document_id: string;
  number: string | null;
  currency: string;
};

/**
 * The latest events of the client's invoices (with their payments), quotes and credit notes, newest first. Each
 * kind is cut to `limit` before they are merged, so the query reads no more than three times the answer.
 */
export async function listClientActivity(
  deps: ServiceDeps,
  clientId: string,
  limit: number,
): Promise<ClientActivityEntry[]> {
  const columns = sql`e.id, e.type, e.from_status, e.to_status, e.actor_type, e.actor_id, e.actor_name, e.data,
    e.created_at`;
  const { rows } = await sql<ActivityRow>`
    (select 'invoice' as kind, d.id as document_id, d.number, d.currency, ${columns}
     from invoice_events as e join invoices as d on d.id = e.invoice_id
     where d.client_id = ${clientId} order by e.created_at desc, e.id desc limit ${limit})
    union all
    (select 'quote', d.id, d.number, d.currency, ${columns}
     from document_events as e join quotes as d on d.id = e.document_id and e.document_kind = 'quote'
     where d.client_id = ${clientId} order by e.created_at desc, e.id desc limit ${limit})
    union all
    (select 'credit_note', d.id, d.number, d.currency, ${columns}
     from document_events as e join credit_notes as d on d.id = e.document_id and e.document_kind = 'credit_note'
     where d.client_id = ${clientId} order by e.created_at desc, e.id desc limit ${limit})
    order by created_at desc, kind, id desc
    limit ${limit}
  `.execute(deps.db);
  return rows.map((row) => ({
    document: { kind: row.kind, id: row.document_id, number: row.number, currency: row.currency },
    event: toDocumentEventView({ ...row, invoice_id: row.document_id }),
  }));
}
