import type { Actor, ServiceDeps } from '../context.ts';
import { toInvoiceView } from './invoice-view.ts';
import { issueInvoice } from './issue-invoice.ts';
import { loadInvoice } from './load-invoice.ts';

/** Issues a Draft without emailing it: it gets its number and becomes Sent. */
export async function markInvoiceSent(deps: ServiceDeps, actor: Actor, id: string) {
  const now = deps.clock.now();
  const issued = await deps.db.transaction().execute(async (trx) => {
    const record = await loadInvoice(trx, id, { lock: true });
    // Issuing is the last thing this transaction does: its write goes with the COMMIT.
    return issueInvoice(trx, actor, record, now, 'mark_sent', { commit: true });
  });
  return toInvoiceView(issued, now);
}
