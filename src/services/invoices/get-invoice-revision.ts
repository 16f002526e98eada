import type { ServiceDeps } from '../context.ts';
import { findRevisionEntry, type RevisionAuthor } from '../documents/revisions.ts';
import { NotFoundError } from '../errors.ts';
import { invoiceRevisionStore, issuingOf } from './invoice-revisions.ts';
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
  const { snapshot, ...entry } = await findRevisionEntry(
    deps.db,
    invoiceRevisionStore,
    invoiceId,
    revision,
    () => issuingOf(deps.db, live.invoice),
  );
  // Never edited: revision 1 is the invoice itself.
  if (snapshot === null) return { ...entry, invoice: toInvoiceView(live, now) };
  const record = recordFromSnapshot(snapshot as InvoiceSnapshot, live.timeZone);
  return { ...entry, invoice: { ...toInvoiceView(record, now), status: record.invoice.status } };
}
