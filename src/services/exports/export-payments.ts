import { sql } from 'kysely';
import type { PaymentMethod } from '../../db/schema.ts';
import { currencyExponent, formatMinor } from '../../domain/currency.ts';
import { ValidationError } from '../../domain/errors.ts';
import type { ServiceDeps } from '../context.ts';
import { type CsvTable, EXPORT_BATCH, textCell, timestampCell } from './csv-table.ts';

export interface PaymentExportFilter {
  /** Paid on or after (a calendar date). */
  from?: string;
  /** Paid on or before. */
  to?: string;
  clientId?: string;
  invoiceId?: string;
  method?: PaymentMethod;
  /** Deleted payments too (with their deletion time); default: only the payments that stand. */
  includeDeleted?: boolean;
}

const COLUMNS = [
  'id',
  'invoice_id',
  'invoice_number',
  'client_id',
  'client_name',
  'currency',
  'amount',
  'paid_on',
  'method',
  'provider',
  'provider_payment_id',
  'reference',
  'note',
  'status',
  'refunded',
  'credit_refunded',
  'deleted_at',
  'created_at',
] as const;

/**
 * The payments of the filter, oldest first by the day paid, then by invoice and recording order: keyset pages along
 * the index on (paid_on, invoice_id) of migration 029, each day's rows put in recording order by an incremental sort.
 */
export function exportPayments(deps: ServiceDeps, filter: PaymentExportFilter): CsvTable {
  if (filter.from && filter.to && filter.from > filter.to) {
    throw new ValidationError('to', 'The end date must be on or after the start date');
  }
  return { filename: 'payments.csv', columns: COLUMNS, batches: paymentBatches(deps, filter) };
}

async function* paymentBatches(deps: ServiceDeps, filter: PaymentExportFilter) {
  let after: { paidOn: string; invoiceId: string; seq: bigint } | null = null;
  for (;;) {
    const rows = await deps.db
      .selectFrom('payments')
      .innerJoin('invoices', 'invoices.id', 'payments.invoice_id')
      .innerJoin('clients', 'clients.id', 'invoices.client_id')
      .select([
        'payments.id',
        'payments.seq',
        'payments.invoice_id',
        'invoices.number as invoice_number',
        'invoices.client_id',
        'clients.name as client_name',
        'payments.currency',
        'payments.amount_minor',
        'payments.paid_on',
        'payments.method',
        'payments.provider',
        'payments.provider_payment_id',
        'payments.reference',
        'payments.note',
        'payments.status',
        'payments.refunded_minor',
        'payments.credit_refunded_minor',
        'payments.deleted_at',
        'payments.created_at',
      ])
      .$if(Boolean(filter.from), (query) => query.where('payments.paid_on', '>=', filter.from!))
      .$if(Boolean(filter.to), (query) => query.where('payments.paid_on', '<=', filter.to!))
      .$if(Boolean(filter.clientId), (query) => query.where('invoices.client_id', '=', filter.clientId!))
      .$if(Boolean(filter.invoiceId), (query) => query.where('payments.invoice_id', '=', filter.invoiceId!))
      .$if(Boolean(filter.method), (query) => query.where('payments.method', '=', filter.method!))
      .$if(!filter.includeDeleted, (query) => query.where('payments.deleted_at', 'is', null))
      .$if(after !== null, (query) =>
        query.where(
          sql<boolean>`(payments.paid_on, payments.invoice_id, payments.seq) > (${after!.paidOn}::date, ${after!.invoiceId}::uuid, ${after!.seq})`,
        ),
      )
      .orderBy('payments.paid_on')
      .orderBy('payments.invoice_id')
      .orderBy('payments.seq')
      .limit(EXPORT_BATCH)
      .execute();
    if (rows.length > 0) {
      yield rows.map((row) => {
        const exponent = currencyExponent(row.currency);
        return [
          row.id,
          row.invoice_id,
          row.invoice_number,
          row.client_id,
          textCell(row.client_name),
          row.currency,
          formatMinor(row.amount_minor, exponent),
          row.paid_on,
          row.method,
          row.provider || null,
          row.provider_payment_id,
          textCell(row.reference),
          textCell(row.note),
          row.status,
          formatMinor(row.refunded_minor, exponent),
          formatMinor(row.credit_refunded_minor, exponent),
          timestampCell(row.deleted_at),
          timestampCell(row.created_at),
        ];
      });
    }
    const last = rows.at(-1);
    if (!last || rows.length < EXPORT_BATCH) return;
    after = { paidOn: last.paid_on, invoiceId: last.invoice_id, seq: last.seq };
  }
}
