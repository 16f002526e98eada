import type { Actor, ServiceDeps } from '../context.ts';
import { answerQuote, type QuoteAnswer } from './answer-quote.ts';
import { loadQuote } from './load-quote.ts';
import { toQuoteView } from './quote-view.ts';

/**
 * Staff record the client's answer given by phone or in person: accepted (with the name of who accepted) or
 * declined, with a note. The decision records the staff user and the request's address.
 */
export async function recordQuoteAnswer(deps: ServiceDeps, actor: Actor, id: string, answer: QuoteAnswer) {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const record = await loadQuote(trx, id, { lock: true });
    await answerQuote(trx, actor, record, answer, now);
    return toQuoteView(await loadQuote(trx, id), now);
  });
}
