import type { ServiceDeps } from '../context.ts';
import { NotFoundError } from '../errors.ts';

export interface InvoiceEventView {
  id: string;
  type: string;
  fromStatus: string | null;
  toStatus: string | null;
  actor: { type: string; id: string | null; name: string };
  data: Record<string, unknown>;
  at: string;
}

/** The invoice's timeline, oldest first. */
export async function listInvoiceEvents(deps: ServiceDeps, invoiceId: string): Promise<InvoiceEventView[]> {
  const invoice = await deps.db
    .selectFrom('invoices')
    .select('id')
    .where('id', '=', invoiceId)
    .executeTakeFirst();
  if (!invoice) throw new NotFoundError('Invoice');
  const rows = await deps.db
    .selectFrom('invoice_events')
    .selectAll()
    .where('invoice_id', '=', invoiceId)
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
