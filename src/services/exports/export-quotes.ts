import type { ServiceDeps } from '../context.ts';
import { listQuotes, type QuoteFilter } from '../quotes/list-quotes.ts';
import { allPages, type CsvTable, EXPORT_BATCH, mapBatches, textCell } from './csv-table.ts';

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
  'valid_until',
  'total',
  'invoice_id',
  'created_at',
] as const;

/** The quotes of the list's filter, in the list's order. */
export function exportQuotes(deps: ServiceDeps, filter: Omit<QuoteFilter, 'cursor' | 'limit'>): CsvTable {
  const pages = allPages((cursor) => listQuotes(deps, { ...filter, cursor, limit: EXPORT_BATCH }));
  return {
    filename: 'quotes.csv',
    columns: COLUMNS,
    batches: mapBatches(pages, (quotes) =>
      quotes.map((quote) => [
        quote.id,
        quote.number,
        quote.status,
        quote.client.id,
        textCell(quote.client.name),
        textCell(quote.client.company),
        quote.projectId,
        quote.currency,
        quote.issueDate,
        quote.validUntil,
        quote.total,
        quote.invoiceId,
        quote.createdAt,
      ]),
    ),
  };
}
