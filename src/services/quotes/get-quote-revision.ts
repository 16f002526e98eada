import type { ServiceDeps } from '../context.ts';
import { findRevisionEntry, type RevisionAuthor } from '../documents/revisions.ts';
import { NotFoundError } from '../errors.ts';
import { loadQuote } from './load-quote.ts';
import { quoteRevisionStore, sendingOf } from './quote-revisions.ts';
import { type QuoteSnapshot, quoteRecordFromSnapshot } from './quote-snapshot.ts';
import { type QuoteView, toQuoteView } from './quote-view.ts';

export interface QuoteRevisionView {
  revision: number;
  current: boolean;
  note: string;
  createdBy: RevisionAuthor;
  createdAt: string;
  /**
   * The quote as this revision stored it, with its totals computed by the engine from the snapshot. `status` is as
   * it stood when the revision was saved; the client's answer belongs to the quote, not to a version.
   */
  quote: QuoteView;
}

/** One version of a sent quote, as it read when it was saved. */
export async function getQuoteRevision(
  deps: ServiceDeps,
  quoteId: string,
  revision: number,
): Promise<QuoteRevisionView> {
  const now = deps.clock.now();
  const live = await loadQuote(deps.db, quoteId);
  if (live.quote.status === 'draft') throw new NotFoundError('Revision');
  const { snapshot, ...entry } = await findRevisionEntry(deps.db, quoteRevisionStore, quoteId, revision, () =>
    sendingOf(deps.db, live.quote),
  );
  // Never edited: revision 1 is the quote itself.
  if (snapshot === null) return { ...entry, quote: toQuoteView(live, now) };
  const record = quoteRecordFromSnapshot(snapshot as QuoteSnapshot, live.timeZone);
  return { ...entry, quote: { ...toQuoteView(record, now), status: record.quote.status } };
}
