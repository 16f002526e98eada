import { canPerformOnQuote, nextQuoteStatus } from '../../domain/quote-status.ts';
import type { ServiceDeps } from '../context.ts';
import { recordDocumentEvent } from '../documents/record-document-event.ts';
import { NotFoundError } from '../errors.ts';
import { loadQuote } from './load-quote.ts';
import { quoteDates } from './quote-dates.ts';

/**
 * A client contact opened the quote (portal or email link; staff views never call this). The first open sets the
 * viewed time, records a 'viewed' event and moves a Sent quote to Viewed; later opens change nothing. The contact
 * must belong to the quote's client (checked in the query); drafts are left untouched.
 */
export async function markQuoteViewed(
  deps: ServiceDeps,
  input: { quoteId: string; contactId: string },
): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const contact = await trx
      .selectFrom('contacts')
      .innerJoin('quotes', 'quotes.client_id', 'contacts.client_id')
      .select(['contacts.name', 'contacts.email'])
      .where('contacts.id', '=', input.contactId)
      .where('quotes.id', '=', input.quoteId)
      .executeTakeFirst();
    if (!contact) throw new NotFoundError('Quote');
    const record = await loadQuote(trx, input.quoteId, { lock: true });
    const { quote } = record;
    if (quote.status === 'draft' || quote.viewed_at) return;
    const dates = quoteDates(record, now);
    const status = canPerformOnQuote(quote.status, 'mark_viewed', dates)
      ? nextQuoteStatus(quote.status, 'mark_viewed', dates)
      : quote.status;
    await trx
      .updateTable('quotes')
      .set({ viewed_at: now, ...(status !== quote.status ? { status } : {}) })
      .where('id', '=', quote.id)
      .execute();
    await recordDocumentEvent(
      trx,
      { type: 'contact', id: input.contactId, name: contact.name || contact.email },
      {
        kind: 'quote',
        documentId: quote.id,
        type: 'viewed',
        fromStatus: status !== quote.status ? quote.status : null,
        toStatus: status !== quote.status ? status : null,
        data: { contactId: input.contactId },
        at: now,
      },
    );
  });
}
