import type { ServiceDeps } from '../context.ts';
import { documentParties } from '../documents/document-parties.ts';
import { loadQuote } from './load-quote.ts';
import { toQuoteView } from './quote-view.ts';

export async function getQuote(deps: ServiceDeps, id: string) {
  return toQuoteView(await loadQuote(deps.db, id), deps.clock.now());
}

/** The quote with its parties as its PDF prints them now (the staff view of one quote). */
export async function getQuoteWithParties(deps: ServiceDeps, id: string) {
  const quote = await getQuote(deps, id);
  return { ...quote, parties: await documentParties(deps.db, quote.client.id) };
}
