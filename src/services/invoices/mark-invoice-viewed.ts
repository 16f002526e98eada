import { sql } from 'kysely';
import { canPerform, nextStatus } from '../../domain/invoice-status.ts';
import type { ServiceDeps } from '../context.ts';
import { NotFoundError } from '../errors.ts';

export interface InvoiceViewedResult {
  /** True the first time a contact of the client opened the invoice. */
  firstView: boolean;
  viewCount: number;
  status: string;
}

/**
 * Records that a client contact opened the invoice (portal or email link; staff views never call this). The first
 * open sets the viewed time, records a 'viewed' event and moves a Sent invoice to Viewed; later opens only count.
 * The contact must belong to the invoice's client (checked in the query). Drafts are not visible to clients and are
 * left untouched.
 */
export async function markInvoiceViewed(
  deps: ServiceDeps,
  input: { invoiceId: string; contactId: string },
): Promise<InvoiceViewedResult> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('invoices')
      .innerJoin('contacts', 'contacts.client_id', 'invoices.client_id')
      .select([
        'invoices.status',
        'invoices.viewed_at',
        'invoices.view_count',
        'contacts.name as contact_name',
        'contacts.email as contact_email',
      ])
      .where('invoices.id', '=', input.invoiceId)
      .where('contacts.id', '=', input.contactId)
      .forUpdate('invoices')
      .executeTakeFirst();
    if (!row) throw new NotFoundError('Invoice');
    if (row.status === 'draft') return { firstView: false, viewCount: row.view_count, status: row.status };

    const firstView = row.viewed_at === null;
    const status =
      firstView && canPerform(row.status, 'mark_viewed') ? nextStatus(row.status, 'mark_viewed') : row.status;
    const updated = await trx
      .updateTable('invoices')
      .set({
        view_count: sql<number>`view_count + 1`,
        last_viewed_at: now,
        ...(firstView ? { viewed_at: now } : {}),
        ...(status !== row.status ? { status } : {}),
      })
      .where('id', '=', input.invoiceId)
      .returning('view_count')
      .executeTakeFirstOrThrow();
    if (firstView) {
      await trx
        .insertInto('invoice_events')
        .values({
          invoice_id: input.invoiceId,
          type: 'viewed',
          from_status: status !== row.status ? row.status : null,
          to_status: status !== row.status ? status : null,
          actor_type: 'contact',
          actor_id: input.contactId,
          actor_name: row.contact_name || row.contact_email,
          data: JSON.stringify({ contactId: input.contactId }),
          created_at: now,
        })
        .execute();
    }
    return { firstView, viewCount: updated.view_count, status };
  });
}
