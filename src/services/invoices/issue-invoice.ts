import { sql } from 'kysely';
import type { Trx } from '../../db/client.ts';
import { ConflictError } from '../../domain/errors.ts';
import { nextStatus } from '../../domain/invoice-status.ts';
import { checkIssuable } from '../../domain/issue-rules.ts';
import { counterScope, formatInvoiceNumber } from '../../domain/numbering.ts';
import type { Actor } from '../context.ts';
import { getSettings } from '../settings/get-settings.ts';
import { computeRecordTotals } from './invoice-view.ts';
import type { InvoiceRecord } from './load-invoice.ts';
import { recordInvoiceEvent } from './record-event.ts';

/**
 * Takes the next value of a number counter. The upsert locks the counter row until the issuing transaction
 * ends, so concurrent issuers queue behind it, and a rollback gives the value back: numbers stay gapless.
 */
async function nextSequence(trx: Trx, scope: string): Promise<number> {
  const row = await trx
    .insertInto('invoice_counters')
    .values({ scope, last_value: 1n })
    .onConflict((oc) => oc.column('scope').doUpdateSet({ last_value: sql`invoice_counters.last_value + 1` }))
    .returning('last_value')
    .executeTakeFirstOrThrow();
  return Number(row.last_value);
}

/**
 * Issues a Draft inside the caller's transaction: assigns the next number, status becomes Sent, and the change is
 * recorded. `record` must have been loaded with the row lock. Shared by "mark as sent" and "send by email".
 */
export async function issueInvoice(
  trx: Trx,
  actor: Actor,
  record: InvoiceRecord,
  now: Date,
  action: 'mark_sent' | 'send' = 'mark_sent',
): Promise<{ number: string }> {
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
  const settings = await getSettings(trx);
  const pattern = settings.invoice_number_pattern;
  const sequence = await nextSequence(trx, counterScope(pattern, invoice.issue_date));
  const number = formatInvoiceNumber(pattern, sequence, invoice.issue_date);
  try {
    await trx
      .updateTable('invoices')
      .set({ status, number, sent_at: now, updated_at: now, total_minor: totals.total })
      .where('id', '=', invoice.id)
      .execute();
  } catch (error) {
    // Only when the pattern was changed to one that writes numbers an older pattern already wrote.
    if ((error as { code?: string }).code === '23505') {
      throw new ConflictError(
        'number_taken',
        `The number ${number} is already used by another invoice; change the invoice number pattern in settings`,
        'invoiceNumberPattern',
      );
    }
    throw error;
  }
  await recordInvoiceEvent(trx, actor, {
    invoiceId: invoice.id,
    type: 'status_changed',
    fromStatus: invoice.status,
    toStatus: status,
    data: { number, action },
    at: now,
  });
  return { number };
}
