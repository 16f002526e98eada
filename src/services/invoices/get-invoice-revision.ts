import type { ServiceDeps } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { issuingOf, lastRevisionNumber, type RevisionAuthor } from './invoice-revisions.ts';
import { type InvoiceSnapshot, recordFromSnapshot } from './invoice-snapshot.ts';
import { type InvoiceView, toInvoiceView } from './invoice-view.ts';
import { loadInvoice } from './load-invoice.ts';

export interface InvoiceRevisionView {
  revision: number;
  current: boolean;
  note: string;
  createdBy: RevisionAuthor;
  createdAt: string;
  /**
   * The invoice as this revision stored it, with its totals computed by the engine from the snapshot. `status` and
   * `totals.amountPaid` are as they stood when the revision was saved.
   */
  invoice: InvoiceView;
}

/** One version of an issued invoice, as it read when it was saved. */
export async function getInvoiceRevision(
  deps: ServiceDeps,
  invoiceId: string,
  revision: number,
): Promise<InvoiceRevisionView> {
  const now = deps.clock.now();
  const live = await loadInvoice(deps.db, invoiceId);
  if (live.invoice.status === 'draft') throw new NotFoundError('Revision');
  const last = await lastRevisionNumber(deps.db, invoiceId);
  // Never edited: revision 1 is the invoice itself.
  if (last === 0) {
    if (revision !== 1) throw new NotFoundError('Revision');
    const issuing = await issuingOf(deps.db, live.invoice);
    return {
      revision: 1,
      current: true,
      note: 'As issued',
      createdBy: issuing.author,
      createdAt: issuing.at.toISOString(),
      invoice: toInvoiceView(live, now),
    };
  }
  const row = await deps.db
    .selectFrom('invoice_revisions')
    .select(['revision', 'snapshot', 'note', 'actor_type', 'actor_id', 'actor_name', 'created_at'])
    .where('invoice_id', '=', invoiceId)
    .where('revision', '=', revision)
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Revision');
  const record = recordFromSnapshot(row.snapshot as unknown as InvoiceSnapshot, live.timeZone);
  return {
    revision: row.revision,
    current: row.revision === last,
    note: row.note,
    createdBy: { type: row.actor_type, id: row.actor_id, name: row.actor_name },
    createdAt: row.created_at.toISOString(),
    invoice: { ...toInvoiceView(record, now), status: record.invoice.status },
  };
}
