/**
 * The reports as PDF tables (ports.ts ReportPdfDocument): one table per currency, its rows as the report gives them
 * and its total row from the report's own totals (never summed again here), printed by a ReportPdfRenderer with the
 * organisation's branding.
 */
import { AGING_BUCKETS, type AgingBucket } from '../../domain/reports/aging.ts';
import type { ReportPeriod } from '../../domain/reports/periods.ts';
import type { ReportPdfCell, ReportPdfDocument, ReportPdfRenderer } from '../../ports.ts';
import type { ServiceDeps } from '../context.ts';
import { businessPdfInput, type RenderedPdf } from '../documents/render-document-pdf.ts';
import type { AgingReport } from './get-aging-report.ts';
import type { PaymentsReport } from './get-payments-report.ts';
import type { RevenueReport } from './get-revenue-report.ts';
import type { TaxReport } from './get-tax-report.ts';

export interface ReportPdfDeps extends ServiceDeps {
  reportRenderer: ReportPdfRenderer;
}

/** A report as a PDF download named `name`.pdf with the organisation's branding. */
export async function renderReportPdf(
  deps: ReportPdfDeps,
  name: string,
  report: ReportPdfDocument,
): Promise<RenderedPdf> {
  const business = await businessPdfInput(deps.db);
  // Reports are for the organisation's staff and their words are English: the page words match them.
  const input = { ...business, language: 'en' as const, report };
  return { filename: `${name}.pdf`, bytes: await deps.reportRenderer.renderReport(input) };
}

const BUCKET_WORDS: Record<AgingBucket, string> = {
  current: 'Current',
  '1-30': '1-30 days',
  '31-60': '31-60 days',
  '61-90': '61-90 days',
  '90+': 'Over 90 days',
};

const PERIOD_WORDS: Record<ReportPeriod, string> = { month: 'Month', quarter: 'Quarter', year: 'Year' };

/** Rows of `rows` in `currency`, in the report's order. */
function inCurrency<T extends { currency: string }>(rows: T[], currency: string): T[] {
  return rows.filter((row) => row.currency === currency);
}

const money = (amount: string, currency: string): ReportPdfCell => ({ amount, currency });

/** "bank_transfer" -> "Bank transfer". */
function words(code: string): string {
  const text = code.replace(/_/g, ' ').trim();
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : '—';
}

export function agingPdf(report: AgingReport): ReportPdfDocument {
  const bucketColumns = AGING_BUCKETS.map((bucket) => ({ label: BUCKET_WORDS[bucket], numeric: true }));
  const sections: ReportPdfDocument['sections'] = report.totals.map((total) => ({
    heading: `Open balances in ${total.currency}`,
    columns: [{ label: 'Client' }, ...bucketColumns, { label: 'Total', numeric: true }],
    rows: [
      ...inCurrency(report.clients, total.currency).map((row) => ({
        cells: [
          row.clientName,
          ...AGING_BUCKETS.map((bucket) => money(row.buckets[bucket], row.currency)),
          money(row.total, row.currency),
        ],
      })),
      {
        cells: [
          'Total',
          ...AGING_BUCKETS.map((bucket) => money(total.buckets[bucket], total.currency)),
          money(total.total, total.currency),
        ],
        total: true,
      },
    ],
  }));
  if (report.invoices?.length) {
    sections.push({
      heading: 'Open invoices',
      columns: [
        { label: 'Invoice' },
        { label: 'Issued' },
        { label: 'Due' },
        { label: 'Days past due', numeric: true },
        { label: 'Bucket' },
        { label: 'Balance', numeric: true },
      ],
      rows: report.invoices.map((invoice) => ({
        cells: [
          invoice.number ?? '',
          invoice.issueDate,
          invoice.dueDate,
          String(invoice.daysPastDue),
          BUCKET_WORDS[invoice.bucket],
          money(invoice.balance, invoice.currency),
        ],
      })),
    });
  }
  return {
    title: 'Receivables aging',
    meta: [{ label: 'As of', value: report.asOf, date: true }],
    sections,
    emptyText: 'Nothing was open on that day.',
  };
}

export function taxPdf(report: TaxReport): ReportPdfDocument {
  const currencies = [...new Set(report.totals.map((total) => total.currency))];
  const taxLabel = (row: { name: string; vatCategory: string | null }) =>
    row.vatCategory ? `${row.name} (${row.vatCategory})` : row.name;
  return {
    title: 'Tax report',
    meta: [
      { label: 'From', value: report.from, date: true },
      { label: 'To', value: report.to, date: true },
      { label: 'Basis', value: report.basis === 'cash' ? 'Cash (payments)' : 'Invoice (issue date)' },
      { label: 'Per', value: PERIOD_WORDS[report.period] },
    ],
    sections: currencies.map((currency) => ({
      heading: `Taxes in ${currency}`,
      columns: [
        { label: 'Period' },
        { label: 'Tax' },
        { label: 'Rate', numeric: true },
        { label: 'Taxable amount', numeric: true },
        { label: 'Tax', numeric: true },
      ],
      rows: [
        ...inCurrency(report.rows, currency).map((row) => ({
          cells: [
            row.period,
            taxLabel(row),
            `${row.rate}%`,
            money(row.taxableAmount, currency),
            money(row.taxAmount, currency),
          ],
        })),
        ...inCurrency(report.totals, currency).map((total) => ({
          cells: [
            'Total',
            taxLabel(total),
            `${total.rate}%`,
            money(total.taxableAmount, currency),
            money(total.taxAmount, currency),
          ],
          total: true,
        })),
      ],
    })),
    emptyText: 'No taxes in this period.',
  };
}

const GROUP_WORDS = { month: 'Month', client: 'Client', project: 'Project' } as const;

export function revenuePdf(report: RevenueReport): ReportPdfDocument {
  return {
    title: 'Revenue',
    meta: [
      { label: 'From', value: report.from, date: true },
      { label: 'To', value: report.to, date: true },
      { label: 'Per', value: GROUP_WORDS[report.groupBy] },
    ],
    sections: report.totals.map((total) => ({
      heading: `Revenue in ${total.currency}`,
      columns: [
        { label: GROUP_WORDS[report.groupBy] },
        { label: 'Invoiced', numeric: true },
        { label: 'Collected', numeric: true },
        { label: 'Outstanding', numeric: true },
      ],
      rows: [
        ...inCurrency(report.rows, total.currency).map((row) => ({
          cells: [
            row.label,
            money(row.invoiced, row.currency),
            money(row.collected, row.currency),
            money(row.outstanding, row.currency),
          ],
        })),
        {
          cells: [
            'Total',
            money(total.invoiced, total.currency),
            money(total.collected, total.currency),
            money(total.outstanding, total.currency),
          ],
          total: true,
        },
      ],
    })),
    emptyText: 'Nothing was invoiced or collected in this period.',
  };
}

export function paymentsPdf(report: PaymentsReport): ReportPdfDocument {
  return {
    title: 'Payments received',
    meta: [
      { label: 'From', value: report.from, date: true },
      { label: 'To', value: report.to, date: true },
      { label: 'Per', value: PERIOD_WORDS[report.period] },
    ],
    sections: report.totals.map((total) => ({
      heading: `Payments in ${total.currency}`,
      columns: [
        { label: 'Period' },
        { label: 'Method' },
        { label: 'Gateway' },
        { label: 'Count', numeric: true },
        { label: 'Received', numeric: true },
        { label: 'Refunded', numeric: true },
        { label: 'Net', numeric: true },
        { label: 'Fees', numeric: true },
      ],
      rows: [
        ...inCurrency(report.rows, total.currency).map((row) => ({
          cells: [
            row.period,
            words(row.method),
            words(row.gateway),
            String(row.count),
            money(row.received, row.currency),
            money(row.refunded, row.currency),
            money(row.net, row.currency),
            row.fees === null ? '—' : money(row.fees, row.currency),
          ],
        })),
        {
          cells: [
            'Total',
            '',
            '',
            String(total.count),
            money(total.received, total.currency),
            money(total.refunded, total.currency),
            money(total.net, total.currency),
            '',
          ],
          total: true,
        },
      ],
    })),
    emptyText: 'No payments in this period.',
  };
}
