import type { Actor, ServiceDeps } from '../context.ts';
import { toInvoiceView } from '../invoices/invoice-view.ts';
import { loadInvoice } from '../invoices/load-invoice.ts';
import { convertLockedQuote } from './convert-locked-quote.ts';
import { loadQuote } from './load-quote.ts';
import { toQuoteView } from './quote-view.ts';

/** Staff convert an accepted quote to an invoice (a Draft, or issued with `issue`); see convertLockedQuote. */
export async function convertQuote(deps: ServiceDeps, actor: Actor, id: string, input: { issue?: boolean }) {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const record = await loadQuote(trx, id, { lock: true });
    const { invoiceId } = await convertLockedQuote(trx, actor, record, now, { issue: input.issue ?? false });
    return {
      quote: toQuoteView(await loadQuote(trx, id), now),
      invoice: toInvoiceView(await loadInvoice(trx, invoiceId), now),
    };
  });
}
