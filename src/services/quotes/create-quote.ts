import type { Actor, ServiceDeps } from '../context.ts';
import { recordDocumentEvent } from '../documents/record-document-event.ts';
import { getSettings } from '../settings/get-settings.ts';
import { loadQuote } from './load-quote.ts';
import { prepareQuote, type QuoteInput, quoteColumns, writeQuoteLines } from './prepare-quote.ts';
import { toQuoteView } from './quote-view.ts';

/** Saves a new Draft quote. Drafts have no number yet: it is assigned when the quote is sent or marked sent. */
export async function createQuote(deps: ServiceDeps, actor: Actor, input: QuoteInput) {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const settings = await getSettings(trx);
    const prepared = await prepareQuote(trx, { ...input, lines: input.lines ?? [] }, null, settings, now);
    const { id } = await trx
      .insertInto('quotes')
      .values({
        ...quoteColumns(prepared),
        status: 'draft',
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeQuoteLines(trx, id, prepared.lines, { replace: false });
    await recordDocumentEvent(trx, actor, {
      kind: 'quote',
      documentId: id,
      type: 'created',
      toStatus: 'draft',
      at: now,
    });
    return toQuoteView(await loadQuote(trx, id), now);
  });
}
