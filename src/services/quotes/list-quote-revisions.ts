import { currencyExponent, formatMinor } from '../../domain/currency.ts';
import type { ServiceDeps } from '../context.ts';
import { listRevisionEntries, type RevisionAuthor } from '../documents/revisions.ts';
import { NotFoundError } from '../errors.ts';
import { quoteRevisionStore, sendingOf } from './quote-revisions.ts';
import type { QuoteSnapshot } from './quote-snapshot.ts';

export interface QuoteRevisionSummary {
  revision: number;
  /** The version the quote shows now (and the client sees and may accept). */
  current: boolean;
  number: string | null;
  currency: string;
  validUntil: string;
  total: string;
  note: string;
  createdBy: RevisionAuthor;
  createdAt: string;
}

/**
 * Every version of a sent quote, oldest first. A quote sent and never edited has one version, the quote itself; a
 * draft has none yet.
 */
export async function listQuoteRevisions(
  deps: ServiceDeps,
  quoteId: string,
): Promise<QuoteRevisionSummary[]> {
  const quote = await deps.db.selectFrom('quotes').selectAll().where('id', '=', quoteId).executeTakeFirst();
  if (!quote) throw new NotFoundError('Quote');
  if (quote.status === 'draft') return [];
  const entries = await listRevisionEntries(deps.db, quoteRevisionStore, quoteId, () =>
    sendingOf(deps.db, quote),
  );
  const exponent = currencyExponent(quote.currency);
  return entries.map(({ snapshot, ...entry }) => {
    const row = (snapshot as QuoteSnapshot | null)?.quote;
    return {
      revision: entry.revision,
      current: entry.current,
      number: row ? ((row.number as string | null) ?? null) : quote.number,
      currency: row ? (row.currency as string) : quote.currency,
      validUntil: row ? (row.valid_until as string) : quote.valid_until,
      total: formatMinor(row ? BigInt(row.total_minor as string) : quote.total_minor, exponent),
      note: entry.note,
      createdBy: entry.createdBy,
      createdAt: entry.createdAt,
    };
  });
}
