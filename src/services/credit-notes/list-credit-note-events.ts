import type { ServiceDeps } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import type { InvoiceEventView } from '../invoices/list-invoice-events.ts';

/** The credit note's timeline, oldest first (the same shape as an invoice's). */
export async function listCreditNoteEvents(
  deps: ServiceDeps,
  creditNoteId: string,
): Promise<InvoiceEventView[]> {
  const note = await deps.db
    .selectFrom('credit_notes')
    .select('id')
    .where('id', '=', creditNoteId)
    .executeTakeFirst();
  if (!note) throw new NotFoundError('Credit note');
  const rows = await deps.db
    .selectFrom('document_events')
    .selectAll()
    .where('document_kind', '=', 'credit_note')
    .where('document_id', '=', creditNoteId)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: String(row.id),
    type: row.type,
    fromStatus: row.from_status,
    toStatus: row.to_status,
    actor: { type: row.actor_type, id: row.actor_id, name: row.actor_name },
    data: row.data,
    at: row.created_at.toISOString(),
  }));
}
