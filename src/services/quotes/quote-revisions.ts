import type { Db, Trx } from '../../db/client.ts';
import type { QuoteRow } from '../../db/schema-documents.ts';
import { documentRevisionStore } from '../documents/document-revision-store.ts';
import type { FirstVersion } from '../documents/revisions.ts';

/** Quotes keep their revisions in `document_revisions`. */
export const quoteRevisionStore = documentRevisionStore('quote');

/** Who sent the quote and when, from its timeline: the author of revision 1 ("as sent"). */
export async function sendingOf(db: Db | Trx, quote: QuoteRow): Promise<FirstVersion> {
  const event = await db
    .selectFrom('document_events')
    .select(['actor_type', 'actor_id', 'actor_name', 'created_at'])
    .where('document_kind', '=', 'quote')
    .where('document_id', '=', quote.id)
    .where('from_status', '=', 'draft')
    .where('to_status', '=', 'sent')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return {
    author: event
      ? { type: event.actor_type, id: event.actor_id, name: event.actor_name }
      : { type: 'system', id: null, name: '' },
    at: event?.created_at ?? quote.sent_at ?? quote.created_at,
    note: 'As sent',
  };
}

/** The number of the version a sent quote shows now: 1 until its first edit. */
export async function currentQuoteRevision(db: Db | Trx, quoteId: string): Promise<number> {
  return Math.max(await quoteRevisionStore.last(db, quoteId), 1);
}
