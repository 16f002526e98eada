import { AGING_BUCKETS } from '../../domain/reports/aging.ts';
import { type CsvCell, type CsvTable, textCell } from '../../services/exports/csv-table.ts';
import type { AgingReport } from '../../services/reports/get-aging-report.ts';
import type { PaymentsReport } from '../../services/reports/get-payments-report.ts';
import type { RevenueReport } from '../../services/reports/get-revenue-report.ts';
import type { TaxReport } from '../../services/reports/get-tax-report.ts';

/**
 * The reports as tables for the shared streaming CSV writer (http/csv-download.ts): a header, then one row per
 * figure line; every cell text (decimals stay exact), free text through textCell (no spreadsheet formulas).
 */
function table(filename: string, columns: string[], rows: CsvCell[][]): CsvTable {
  return {
    filename,
    columns,
    batches: (async function* () {
      if (rows.length > 0) yield rows;
    })(),
  };
}

export function agingCsv(report: AgingReport, filename: string): CsvTable {
  if (report.invoices) {
    return table(
      filename,
      ['as_of', 'invoice_number', 'currency', 'issue_date', 'due_date', 'days_past_due', 'bucket', 'balance'],
      report.invoices.map((invoice) => [
        report.asOf,
        textCell(invoice.number ?? ''),
        invoice.currency,
        invoice.issueDate,
        invoice.dueDate,
        String(invoice.daysPastDue),
        invoice.bucket,
        invoice.balance,
      ]),
    );
  }
  return table(
    filename,
    ['as_of', 'client_id', 'client', 'currency', ...AGING_BUCKETS, 'total', 'invoices'],
    report.clients.map((row) => [
      report.asOf,
      row.clientId,
      textCell(row.clientName),
      row.currency,
      ...AGING_BUCKETS.map((bucket) => row.buckets[bucket]),
      row.total,
      String(row.invoiceCount),
    ]),
  );
}

export function taxCsv(report: TaxReport, filename: string): CsvTable {
  return table(
    filename,
    [
      'period',
      'basis',
      'currency',
      'tax',
      'rate',
      'vat_category',
      'inclusive',
      'compound',
      'taxable_amount',
      'tax_amount',
    ],
    report.rows.map((row) => [
      row.period,
      report.basis,
      row.currency,
      textCell(row.name),
      row.rate,
      row.vatCategory ?? '',
      String(row.inclusive),
      String(row.compound),
      row.taxableAmount,
      row.taxAmount,
    ]),
  );
}

export function revenueCsv(report: RevenueReport, filename: string): CsvTable {
  return table(
    filename,
    [report.groupBy, `${report.groupBy}_id`, 'currency', 'invoiced', 'collected', 'outstanding'],
    report.rows.map((row) => [
      textCell(row.label),
      row.key ?? '',
      row.currency,
      row.invoiced,
      row.collected,
      row.outstanding,
    ]),
  );
}

export function paymentsCsv(report: PaymentsReport, filename: string): CsvTable {
  return table(
    filename,
    ['period', 'currency', 'method', 'gateway', 'count', 'received', 'refunded', 'net', 'fees'],
    report.rows.map((row) => [
      row.period,
      row.currency,
      row.method,
      row.gateway,
      String(row.count),
      row.received,
      row.refunded,
      row.net,
      row.fees ?? '',
    ]),
  );
}
