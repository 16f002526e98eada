import type { Trx } from '../../db/client.ts';
import { commitWith } from '../../db/pipelined-transactions.ts';
import { nextStatus } from '../../domain/invoice-status.ts';
import { checkIssuable } from '../../domain/issue-rules.ts';
import { timelineAuditRows } from '../audit/record-timeline-audit.ts';
import type { Actor } from '../context.ts';
import { storeNumber, takeNextNumber } from '../documents/next-number.ts';
import { getSettings } from '../settings/get-settings.ts';
import { computeRecordTotals } from './invoice-view.ts';
import type { InvoiceRecord } from './load-invoice.ts';
import { invoiceEventRow } from './record-event.ts';

/**
 * Issues a Draft inside the caller's transaction: assigns the next number, status becomes Sent, and the change is
 * recorded. `record` must have been loaded with the row lock. Shared by "mark as sent" and "send by email".
 *
 * Taking the number locks its counter row until the transaction ends (that keeps numbers gapless), so every other
 * issuer in the series waits that long: all checks and reads come first, the number is taken last, and the invoice
 * with its event and audit entry are written in one statement after it. Returns the record as issued, so callers need not read it
 * again while the counter is held. `commit`: nothing follows in the transaction, so the write goes with the COMMIT
 * and the counter is released in that same round trip (db/pipelined-transactions.ts).
 */
export async function issueInvoice(
  trx: Trx,
  actor: Actor,
  record: InvoiceRecord,
  now: Date,
  action: 'mark_sent' | 'send' = 'mark_sent',
  options: { commit?: boolean } = {},
): Promise<InvoiceRecord> {
  const { invoice } = record;
  const status = nextStatus(invoice.status, 'mark_sent');
  const totals = computeRecordTotals(record);
  checkIssuable(
    {
      lineCount: record.lines.length,
      total: totals.total,
      exponent: totals.exponent,
      currency: invoice.currency,
    },
    'issue',
  );
  // loadInvoice reads the pattern with the invoice: one round trip fewer before the number.
  const pattern = record.invoiceNumberPattern ?? (await getSettings(trx)).invoice_number_pattern;
  const issued = { status, sent_at: now, updated_at: now, total_minor: totals.total };
  const number = await takeNextNumber(trx, 'invoice', pattern, invoice.issue_date);
  const event = invoiceEventRow(actor, {
    invoiceId: invoice.id,
    type: 'status_changed',
    fromStatus: invoice.status,
    toStatus: status,
    data: { number, action },
    at: now,
  });
  const audit = timelineAuditRows(actor, [event]);
  await storeNumber('invoice', number, () => {
    const write = trx.with('issued', (db) =>
      db
        .updateTable('invoices')
        .set({ ...issued, number })
        .where('id', '=', invoice.id),
    );
    // The audit entry goes in the same statement: the counter stays locked one round trip less.
    const writeAll =
      audit.length > 0 ? write.with('audited', (db) => db.insertInto('audit_log').values(audit)) : write;
    const query = writeAll.insertInto('invoice_events').values(event).compile();
    return trx.executeQuery(options.commit ? commitWith(query) : query);
  });
  return { ...record, invoice: { ...invoice, ...issued, number } };
}
