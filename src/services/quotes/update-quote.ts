import { nextQuoteStatus } from '../../domain/quote-status.ts';
import type { Actor, ServiceDeps } from '../context.ts';
import { preparedLinesOf } from '../documents/prepare-document-body.ts';
import { recordDocumentEvent } from '../documents/record-document-event.ts';
import { getSettings } from '../settings/get-settings.ts';
import { checkQuoteSendable } from './issue-quote.ts';
import { loadQuote } from './load-quote.ts';
import { prepareQuote, type QuoteInput, quoteColumns, writeQuoteLines } from './prepare-quote.ts';
import { quoteDates } from './quote-dates.ts';
import { type QuoteView, toQuoteView } from './quote-view.ts';

/** The parts of a quote an edit can change, compared before and after to name the fields that did change. */
const EDITABLE: readonly (keyof QuoteView)[] = [
  'client',
  'project',
  'currency',
  'issueDate',
  'validUntil',
  'lines',
  'discount',
  'taxes',
  'notes',
  'terms',
];

function changedFields(before: QuoteView, after: QuoteView): string[] {
  // Lines get new ids when replaced: compare what they say, not which rows hold it.
  const comparable = (view: QuoteView, key: keyof QuoteView) =>
    JSON.stringify(key === 'lines' ? view.lines.map(({ id: _id, ...line }) => line) : view[key]);
  return EDITABLE.filter((key) => comparable(before, key) !== comparable(after, key));
}

/**
 * Edits a quote. Lines, when given, replace the quote's lines as a whole. A draft is edited in place; a sent or
 * viewed quote (expired included: extending validUntil reopens it) is edited too and keeps its number and status.
 * Every edit records an 'updated' event naming the fields that changed. Accepted, declined and invoiced quotes are
 * locked (409).
 */
export async function updateQuote(deps: ServiceDeps, actor: Actor, id: string, input: QuoteInput) {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const settings = await getSettings(trx);
    const record = await loadQuote(trx, id, { lock: true });
    nextQuoteStatus(record.quote.status, 'edit', quoteDates(record, now));
    const current = { row: record.quote, lines: preparedLinesOf(record.lines) };
    const prepared = await prepareQuote(trx, input, current, settings, now);
    // The client already has a sent quote: it must still offer something.
    if (record.quote.status !== 'draft') {
      checkQuoteSendable(prepared.lines.length, prepared.totals, prepared.currency);
    }
    await trx
      .updateTable('quotes')
      .set({ ...quoteColumns(prepared), updated_at: now })
      .where('id', '=', id)
      .execute();
    if (input.lines) await writeQuoteLines(trx, id, prepared.lines, { replace: true });
    const updated = toQuoteView(await loadQuote(trx, id), now);
    await recordDocumentEvent(trx, actor, {
      kind: 'quote',
      documentId: id,
      type: 'updated',
      data: { fields: changedFields(toQuoteView(record, now), updated), status: record.quote.status },
      at: now,
    });
    return updated;
  });
}
