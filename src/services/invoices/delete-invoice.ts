import { nextStatus } from '../../domain/invoice-status.ts';
import type { ServiceDeps } from '../context.ts';
import { loadInvoice } from './load-invoice.ts';

/** Only drafts can be deleted; an issued invoice is part of the books and is voided instead. */
export async function deleteInvoice(deps: ServiceDeps, id: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const { invoice } = await loadInvoice(trx, id, { lock: true });
    nextStatus(invoice.status, 'delete');
    await trx.deleteFrom('invoices').where('id', '=', id).execute();
  });
}
