import { nextStatus } from '../../domain/invoice-status.ts';
import { recordAuditEntry } from '../audit/record-audit-entry.ts';
import type { ActionContext, ServiceDeps } from '../context.ts';
import { loadInvoice } from './load-invoice.ts';

/**
 * Only drafts can be deleted; an issued invoice is part of the books and is voided instead. The audit log keeps
 * that the draft existed (its timeline goes with it).
 */
export async function deleteInvoice(deps: ServiceDeps, id: string, context: ActionContext): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const { invoice } = await loadInvoice(trx, id, { lock: true });
    nextStatus(invoice.status, 'delete');
    await trx.deleteFrom('invoices').where('id', '=', id).execute();
    await recordAuditEntry(trx, context, deps.clock.now(), {
      action: 'invoice.deleted',
      entityType: 'invoice',
      entityId: id,
      before: { status: invoice.status, clientId: invoice.client_id, currency: invoice.currency },
      after: null,
    });
  });
}
