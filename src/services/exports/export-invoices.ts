import { currencyExponent, formatMinor } from '../../domain/currency.ts';
import type { ServiceDeps } from '../context.ts';
import { computeDocumentTotals } from '../documents/document-view.ts';
import { type InvoiceFilter, listInvoices } from '../invoices/list-invoices.ts';
import { allPages, type CsvTable, EXPORT_BATCH, mapBatches, textCell } from './csv-table.ts';
import { loadTotalsSources } from './load-totals-sources.ts';

export type InvoiceExportFilter = Omit<InvoiceFilter, 'cursor' | 'limit'>;

const COLUMNS = [
  'id',
  'number',
  'status',
  'client_id',
  'client_name',
  'client_company',
  'project_id',
  'currency',
  'issue_date',
  'due_date',
  'subtotal',
  'discount',
  'tax',
  'total',
  'amount_paid',
  'amount_credited',
  'balance_due',
  'payment_terms',
  'buyer_reference',
  'order_reference',
  'created_at',
] as const;

/** The invoices of the list's filter, in the list's order, with their totals from the totals engine. */
export function exportInvoices(deps: ServiceDeps, filter: InvoiceExportFilter): CsvTable {
  const pages = allPages((cursor) => listInvoices(deps, { ...filter, cursor, limit: EXPORT_BATCH }));
  return {
    filename: 'invoices.csv',
    columns: COLUMNS,
    batches: mapBatches(pages, async (invoices) => {
      const sources = await loadTotalsSources(
        deps.db,
        invoices.map((invoice) => invoice.id),
      );
      return invoices.map((invoice) => {
        const source = sources.get(invoice.id);
        const totals = source ? computeDocumentTotals(source.row, source.lines) : null;
        const amount = (minor: bigint | undefined) =>
          minor === undefined ? null : formatMinor(minor, currencyExponent(invoice.currency));
        return [
          invoice.id,
          invoice.number,
          invoice.status,
          invoice.client.id,
          textCell(invoice.client.name),
          textCell(invoice.client.company),
          invoice.projectId,
          invoice.currency,
          invoice.issueDate,
          invoice.dueDate,
          amount(totals?.subtotal),
          amount(totals?.discountTotal),
          amount(totals?.taxTotal),
          invoice.total,
          invoice.amountPaid,
          invoice.amountCredited,
          invoice.balanceDue,
          source?.row.payment_terms ?? null,
          textCell(source?.row.buyer_reference),
          textCell(source?.row.order_reference),
          invoice.createdAt,
        ];
      });
    }),
  };
}
