import type { ServiceDeps } from '../context.ts';
import { type ItemFilter, listItems } from '../items/list-items.ts';
import { allPages, type CsvTable, EXPORT_BATCH, mapBatches, textCell } from './csv-table.ts';

const COLUMNS = [
  'id',
  'code',
  'name',
  'description',
  'unit',
  'unit_price',
  'currency',
  'other_prices',
  'tax_rate_ids',
  'archived',
  'created_at',
] as const;

/** The catalogue items of the list's filter, newest first. Other currencies' prices as `EUR 12.50; GBP 11`. */
export function exportItems(deps: ServiceDeps, filter: Omit<ItemFilter, 'cursor' | 'limit'>): CsvTable {
  const pages = allPages((cursor) => listItems(deps, { ...filter, cursor, limit: EXPORT_BATCH }));
  return {
    filename: 'items.csv',
    columns: COLUMNS,
    batches: mapBatches(pages, (items) =>
      items.map((item) => [
        item.id,
        textCell(item.code),
        textCell(item.name),
        textCell(item.description),
        item.unit,
        item.unitPrice,
        item.currency,
        item.prices.map((price) => `${price.currency} ${price.unitPrice}`).join('; '),
        item.taxRateIds.join(' '),
        String(item.archived),
        item.createdAt,
      ]),
    ),
  };
}
