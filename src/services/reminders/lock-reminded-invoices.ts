import type { Trx } from '../../db/client.ts';
import type { InvoiceRow } from '../../db/schema.ts';
import { currencyExponent, formatMinor } from '../../domain/currency.ts';
import type { InvoiceSummary } from '../invoices/invoice-view.ts';

/** What a batch of reminders needs of an invoice, read under its row lock. */
export interface RemindedInvoice
  extends Pick<
    InvoiceRow,
    'id' | 'number' | 'status' | 'client_id' | 'currency' | 'due_date' | 'email_attachment'
  > {
  /** Stored total minus what was paid and credited. */
  balanceDue: bigint;
  /** The email's view of the invoice. */
  summary: InvoiceSummary;
}

/**
 * Locks the invoices (id order, as every batch locks) and reads only the columns a reminder shows or checks. The
 * amounts are the stored ones, without the lines: an issued invoice's total_minor is the totals engine's figure
 * (written by issuing, revising, importing and seeding), which the invoice-by-invoice path recomputes and
 * test/services/reminder-batches.test.ts compares row by row.
 */
export async function lockRemindedInvoices(trx: Trx, ids: string[]): Promise<Map<string, RemindedInvoice>> {
  if (ids.length === 0) return new Map();
  const rows = await trx
    .selectFrom('invoices')
    .select([
      'id',
      'number',
      'status',
      'client_id',
      'currency',
      'due_date',
      'email_attachment',
      'total_minor',
      'amount_paid_minor',
      'amount_credited_minor',
    ])
    .where('id', 'in', ids)
    .orderBy('id')
    .forUpdate()
    .execute();
  return new Map(
    rows.map(({ total_minor: total, amount_paid_minor: paid, amount_credited_minor: credited, ...row }) => {
      const balanceDue = total - paid - (credited ?? 0n);
      const exponent = currencyExponent(row.currency);
      const summary: InvoiceSummary = {
        id: row.id,
        number: row.number,
        currency: row.currency,
        dueDate: row.due_date,
        totals: { total: formatMinor(total, exponent), balanceDue: formatMinor(balanceDue, exponent) },
      };
      return [row.id, { ...row, balanceDue, summary }];
    }),
  );
}
