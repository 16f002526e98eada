import type { StoredTax } from '../../db/schema.ts';
import { currencyExponent, formatMinor } from '../../domain/currency.ts';
import type { ServiceDeps } from '../context.ts';
import { normalizeDecimalText } from '../decimal-text.ts';
import { computeDocumentTotals } from '../documents/document-view.ts';
import { listInvoices } from '../invoices/list-invoices.ts';
import { allPages, type CsvCell, type CsvTable, EXPORT_BATCH, mapBatches, textCell } from './csv-table.ts';
import type { InvoiceExportFilter } from './export-invoices.ts';
import { loadTotalsSources } from './load-totals-sources.ts';

const COLUMNS = [
  'invoice_id',
  'invoice_number',
  'currency',
  'position',
  'item_code',
  'description',
  'quantity',
  'unit',
  'unit_price',
  'discount_kind',
  'discount_value',
  'taxes',
  'amount',
  'line_discount',
  'invoice_discount_share',
  'net',
  'tax',
] as const;

/** `VAT 19%; Eco 1.5% (inclusive)`: the line's taxes as a person reads them. */
function taxesText(taxes: StoredTax[]): string {
  return taxes
    .map((tax) => {
      const notes = [tax.inclusive && 'inclusive', tax.compound && 'compound'].filter(Boolean);
      return `${tax.name} ${normalizeDecimalText(tax.rate)}%${notes.length ? ` (${notes.join(', ')})` : ''}`;
    })
    .join('; ');
}

/** Every line of the invoices of the list's filter, with the amounts the totals engine gives each line. */
export function exportInvoiceLines(deps: ServiceDeps, filter: InvoiceExportFilter): CsvTable {
  const pages = allPages((cursor) => listInvoices(deps, { ...filter, cursor, limit: EXPORT_BATCH }));
  return {
    filename: 'invoice-lines.csv',
    columns: COLUMNS,
    batches: mapBatches(pages, async (invoices) => {
      const sources = await loadTotalsSources(
        deps.db,
        invoices.map((invoice) => invoice.id),
      );
      return invoices.flatMap((invoice) => {
        const source = sources.get(invoice.id);
        if (!source) return [];
        const totals = computeDocumentTotals(source.row, source.lines);
        const amount = (minor: bigint) => formatMinor(minor, currencyExponent(invoice.currency));
        return source.lines.map((line, index): CsvCell[] => {
          const figures = totals.lines[index];
          return [
            invoice.id,
            invoice.number,
            invoice.currency,
            String(index + 1),
            textCell(line.item_code),
            textCell(line.description),
            normalizeDecimalText(line.quantity),
            line.unit,
            normalizeDecimalText(line.unit_price),
            line.discount_kind,
            line.discount_value === null ? null : normalizeDecimalText(line.discount_value),
            textCell(taxesText(line.taxes)),
            figures ? amount(figures.amount) : null,
            figures ? amount(figures.discount) : null,
            figures ? amount(figures.invoiceDiscountShare) : null,
            figures ? amount(figures.net) : null,
            figures ? amount(figures.tax) : null,
          ];
        });
      });
    }),
  };
}
