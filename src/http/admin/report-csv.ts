import { stringify } from 'csv-stringify/sync';
import type { FastifyReply } from 'fastify';
import { AGING_BUCKETS } from '../../domain/reports/aging.ts';
import type { AgingReport } from '../../services/reports/get-aging-report.ts';
import type { PaymentsReport } from '../../services/reports/get-payments-report.ts';
import type { RevenueReport } from '../../services/reports/get-revenue-report.ts';
import type { TaxReport } from '../../services/reports/get-tax-report.ts';

/** A report as a table: a header row, then one row per figure line; every cell text (decimals stay exact). */
export type CsvTable = string[][];

/**
 * Text a spreadsheet would run as a formula (=, +, -, @, tab, carriage return first) gets a leading apostrophe:
 * only names people typed, never the figures, whose minus sign must stay.
 */
function safeText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function sendCsv(reply: FastifyReply, name: string, table: CsvTable, bom: boolean) {
  const body = stringify(table, { bom, record_delimiter: 'windows', quoted_match: /[",\r\n]/ });
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}.csv"`)
    .send(body);
}

export function agingCsv(report: AgingReport): CsvTable {
  if (report.invoices) {
    return [
      ['as_of', 'invoice_number', 'currency', 'issue_date', 'due_date', 'days_past_due', 'bucket', 'balance'],
      ...report.invoices.map((invoice) => [
        report.asOf,
        safeText(invoice.number ?? ''),
        invoice.currency,
        invoice.issueDate,
        invoice.dueDate,
        String(invoice.daysPastDue),
        invoice.bucket,
        invoice.balance,
      ]),
    ];
  }
  return [
    ['as_of', 'client_id', 'client', 'currency', ...AGING_BUCKETS, 'total', 'invoices'],
    ...report.clients.map((row) => [
      report.asOf,
      row.clientId,
      safeText(row.clientName),
      row.currency,
      ...AGING_BUCKETS.map((bucket) => row.buckets[bucket]),
      row.total,
      String(row.invoiceCount),
    ]),
  ];
}

export function taxCsv(report: TaxReport): CsvTable {
  return [
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
    ...report.rows.map((row) => [
      row.period,
      report.basis,
      row.currency,
      safeText(row.name),
      row.rate,
      row.vatCategory ?? '',
      String(row.inclusive),
      String(row.compound),
      row.taxableAmount,
      row.taxAmount,
    ]),
  ];
}

export function revenueCsv(report: RevenueReport): CsvTable {
  return [
    [report.groupBy, `${report.groupBy}_id`, 'currency', 'invoiced', 'collected', 'outstanding'],
    ...report.rows.map((row) => [
      safeText(row.label),
      row.key ?? '',
      row.currency,
      row.invoiced,
      row.collected,
      row.outstanding,
    ]),
  ];
}

export function paymentsCsv(report: PaymentsReport): CsvTable {
  return [
    ['period', 'currency', 'method', 'gateway', 'count', 'received', 'refunded', 'net', 'fees'],
    ...report.rows.map((row) => [
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
  ];
}
