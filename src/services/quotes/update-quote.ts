import { nextQuoteStatus } from '../../domain/quote-status.ts';
import type { Actor, ServiceDeps } from '../context.ts';
import { preparedLinesOf } from '../documents/prepare-document-body.ts';
import { recordDocumentEvent } from '../documents/record-document-event.ts';
import { getSettings } from '../settings/get-settings.ts';
import { loadQuote } from './load-quote.ts';
import { prepareQuote, type QuoteInput, quoteColumns, writeQuoteLines } from './prepare-quote.ts';
import { quoteDates } from './quote-dates.ts';
import { toQuoteView } from './quote-view.ts';
import { changedQuoteFields, reviseQuote } from './revise-quote.ts';

/**
 * Edits a quote. Lines, when given, replace the quote's lines as a whole. A draft is edited in place and records an
 * 'updated' event naming the fields that changed. A sent or viewed quote (expired included: extending validUntil
 * reopens it) keeps its number and is saved as a new revision, earlier versions kept (`reviseQuote`); `note` says
 * why. Accepted, declined and invoiced quotes are locked (409).
 */
export async function updateQuote(
  deps: ServiceDeps,
  actor: Actor,
  id: string,
  input: QuoteInput,
  revision: { note?: string | undefined } = {},
) {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const settings = await getSettings(trx);
    const record = await loadQuote(trx, id, { lock: true });
    const status = nextQuoteStatus(record.quote.status, 'edit', quoteDates(record, now));
    if (record.quote.status !== 'draft') {
      const note = revision.note?.trim() ?? '';
      await reviseQuote(trx, actor, record, input, { note, status }, settings, now);
      return toQuoteView(await loadQuote(trx, id), now);
    }
    const current = { row: record.quote, lines: preparedLinesOf(record.lines) };
    const prepared = await prepareQuote(trx, input, current, settings, now);
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
      data: { fields: changedQuoteFields(toQuoteView(record, now), updated), status: record.quote.status },
      at: now,
    });
    return updated;
  });
}
