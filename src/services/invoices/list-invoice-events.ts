import type { ServiceDeps } from '../context.ts';
import { type DocumentEventView, toDocumentEventView } from '../documents/document-event-view.ts';
import { NotFoundError } from '../errors.ts';

/** The invoice's timeline, oldest first. */
export async function listInvoiceEvents(deps: ServiceDeps, invoiceId: string): Promise<DocumentEventView[]> {
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
  return rows.map(toDocumentEventView);
}
