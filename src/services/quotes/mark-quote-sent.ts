import type { Actor, ServiceDeps } from '../context.ts';
import { issueQuote } from './issue-quote.ts';
import { loadQuote } from './load-quote.ts';
import { toQuoteView } from './quote-view.ts';

/** Issues a Draft quote without emailing it (handed over by other means): it gets its number and becomes Sent. */
export async function markQuoteSent(deps: ServiceDeps, actor: Actor, id: string) {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const record = await loadQuote(trx, id, { lock: true });
    return toQuoteView(await issueQuote(trx, actor, record, now, 'mark_sent'), now);
  });
}
