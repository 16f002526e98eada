import type { ServiceDeps } from '../context.ts';
import { loadQuote } from './load-quote.ts';
import { toQuoteView } from './quote-view.ts';

export async function getQuote(deps: ServiceDeps, id: string) {
  return toQuoteView(await loadQuote(deps.db, id), deps.clock.now());
}
