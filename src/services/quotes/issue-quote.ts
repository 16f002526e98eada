import type { Trx } from '../../db/client.ts';
import { formatMinor } from '../../domain/currency.ts';
import { ValidationError } from '../../domain/errors.ts';
import { nextQuoteStatus } from '../../domain/quote-status.ts';
import type { InvoiceTotals } from '../../domain/totals.ts';
import { recordTimelineAudit } from '../audit/record-timeline-audit.ts';
import type { Actor } from '../context.ts';
import { computeDocumentTotals } from '../documents/document-view.ts';
import { storeNumber, takeNextNumber } from '../documents/next-number.ts';
import { documentEventRow } from '../documents/record-document-event.ts';
import { getSettings } from '../settings/get-settings.ts';
import type { QuoteRecord } from './load-quote.ts';
import { quoteDates } from './quote-dates.ts';

/** What a quote needs before a client sees it: at least one line and a total that is not negative. */
export function checkQuoteSendable(lineCount: number, totals: InvoiceTotals, currency: string): void {
  if (lineCount === 0) throw new ValidationError('lines', 'Add at least one line before sending the quote');
  if (totals.total < 0n) {
    throw new ValidationError(
      'lines',
      `The total would be ${formatMinor(totals.total, totals.exponent)} ${currency}: a quote cannot have a ` +
        'negative total',
    );
  }
}

/**
 * Issues a Draft quote inside the caller's transaction: takes the next number of the quote series (gapless: the
 * counter row stays locked until commit), status becomes Sent, and the change is recorded. `record` must have been
 * loaded with the row lock. Shared by "mark as sent" and "send by email". As for invoices (issue-invoice.ts), the
 * number is taken after every check and read, and only the statement writing it follows; returns the record as
 * issued.
 */
export async function issueQuote(
  trx: Trx,
  actor: Actor,
  record: QuoteRecord,
  now: Date,
  action: 'mark_sent' | 'send',
): Promise<QuoteRecord> {
  const { quote } = record;
  const status = nextQuoteStatus(quote.status, 'issue', quoteDates(record, now));
  const totals = computeDocumentTotals(quote, record.lines);
  checkQuoteSendable(record.lines.length, totals, quote.currency);
  const settings = await getSettings(trx);
  const issued = { status, sent_at: now, updated_at: now, total_minor: totals.total };
  const number = await takeNextNumber(trx, 'quote', settings.quote_number_pattern, quote.issue_date);
  const event = documentEventRow(actor, {
    kind: 'quote',
    documentId: quote.id,
    type: 'status_changed',
    fromStatus: quote.status,
    toStatus: status,
    data: { number, action },
    at: now,
  });
  await storeNumber('quote', number, () =>
    trx
      .with('issued', (db) =>
        db
          .updateTable('quotes')
          .set({ ...issued, number })
          .where('id', '=', quote.id),
      )
      .insertInto('document_events')
      .values(event)
      .execute(),
  );
  await recordTimelineAudit(trx, actor, [event]);
  return { ...record, quote: { ...quote, ...issued, number } };
}
