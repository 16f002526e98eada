import type { Trx } from '../../db/client.ts';
import type { SettingsRow } from '../../db/schema.ts';
import { formatMinor } from '../../domain/currency.ts';
import { ValidationError } from '../../domain/errors.ts';
import type { StoredQuoteStatus } from '../../domain/quote-status.ts';
import type { Actor } from '../context.ts';
import { preparedLinesOf } from '../documents/prepare-document-body.ts';
import { recordDocumentEvent } from '../documents/record-document-event.ts';
import { authorOf, saveRevision } from '../documents/revisions.ts';
import { checkQuoteSendable } from './issue-quote.ts';
import { loadQuote, type QuoteRecord } from './load-quote.ts';
import { prepareQuote, type QuoteInput, quoteColumns, writeQuoteLines } from './prepare-quote.ts';
import { quoteRevisionStore, sendingOf } from './quote-revisions.ts';
import { quoteSnapshotOf } from './quote-snapshot.ts';
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

export function changedQuoteFields(before: QuoteView, after: QuoteView): string[] {
  // Lines get new ids when replaced: compare what they say, not which rows hold it.
  const comparable = (view: QuoteView, key: keyof QuoteView) =>
    JSON.stringify(key === 'lines' ? view.lines.map(({ id: _id, ...line }) => line) : view[key]);
  return EDITABLE.filter((key) => comparable(before, key) !== comparable(after, key));
}

/** A sent quote stays with its client and currency, as the client read it. */
function checkParty(record: QuoteRecord, input: QuoteInput): void {
  const { quote } = record;
  if (input.currency !== undefined && input.currency !== quote.currency) {
    throw new ValidationError(
      'currency',
      `The currency of a sent quote cannot change (it is ${quote.currency}, as the client read it); ` +
        'make a new quote in the other currency instead',
    );
  }
  if (input.clientId !== undefined && input.clientId !== quote.client_id) {
    throw new ValidationError(
      'clientId',
      'A sent quote stays with its client; make a new quote for the other client instead',
    );
  }
}

/**
 * Saves an edit of a sent quote (sent, viewed or expired) as a new revision, in the caller's transaction on a quote
 * loaded with the row lock; `status` is what the status machine gives the edit. Every version stays in
 * `document_revisions` (the first edit also stores the quote as sent, revision 1); the quote row and its lines
 * hold the latest, which is what the client sees and may accept. The number never changes. A viewed quote goes
 * back to Sent and forgets when it was viewed: the client has not seen this version yet, and its next open marks it
 * Viewed again. An edit that changes nothing saves nothing. Returns the revision saved, or null.
 */
export async function reviseQuote(
  trx: Trx,
  actor: Actor,
  record: QuoteRecord,
  input: QuoteInput,
  edit: { note: string; status: StoredQuoteStatus },
  settings: SettingsRow,
  now: Date,
): Promise<number | null> {
  const { quote } = record;
  checkParty(record, input);
  const current = { row: quote, lines: preparedLinesOf(record.lines) };
  const prepared = await prepareQuote(trx, input, current, settings, now);
  // The client already has the quote: it must still offer something.
  checkQuoteSendable(prepared.lines.length, prepared.totals, prepared.currency);

  await trx.updateTable('quotes').set(quoteColumns(prepared)).where('id', '=', quote.id).execute();
  if (input.lines) await writeQuoteLines(trx, quote.id, prepared.lines, { replace: true });
  const written = await loadQuote(trx, quote.id);
  const fields = changedQuoteFields(toQuoteView(record, now), toQuoteView(written, now));
  if (fields.length === 0) return null;

  const changes = { status: edit.status, viewed_at: null, updated_at: now };
  await trx.updateTable('quotes').set(changes).where('id', '=', quote.id).execute();
  const revision = await saveRevision(trx, quoteRevisionStore, quote.id, {
    original: { snapshot: quoteSnapshotOf(record), firstVersion: () => sendingOf(trx, quote) },
    snapshot: quoteSnapshotOf({ ...written, quote: { ...written.quote, ...changes } }),
    note: edit.note,
    author: authorOf(actor),
    createdBy: actor.userId,
    at: now,
  });
  const statusChanged = edit.status !== quote.status;
  await recordDocumentEvent(trx, actor, {
    kind: 'quote',
    documentId: quote.id,
    type: 'revised',
    fromStatus: statusChanged ? quote.status : null,
    toStatus: statusChanged ? edit.status : null,
    data: {
      revision,
      fields,
      note: edit.note,
      total: formatMinor(prepared.totals.total, prepared.totals.exponent),
    },
    at: now,
  });
  return revision;
}
