import type { Db } from '../../db/client.ts';
import type { InvoiceLineRow, InvoiceRow } from '../../db/schema.ts';

export interface InvoiceTotalsSource {
  row: InvoiceRow;
  /** In their position order. */
  lines: InvoiceLineRow[];
}

/** A batch of invoices with their lines, in two queries, keyed by id: what the totals engine needs. */
export async function loadTotalsSources(db: Db, ids: string[]): Promise<Map<string, InvoiceTotalsSource>> {
  const sources = new Map<string, InvoiceTotalsSource>();
  if (ids.length === 0) return sources;
  const [rows, lines] = await Promise.all([
    db.selectFrom('invoices').selectAll().where('id', 'in', ids).execute(),
    db
      .selectFrom('invoice_lines')
      .selectAll()
      .where('invoice_id', 'in', ids)
      .orderBy('invoice_id')
      .orderBy('position')
      .execute(),
  ]);
  for (const row of rows) sources.set(row.id, { row, lines: [] });
  for (const line of lines) sources.get(line.invoice_id)?.lines.push(line);
  return sources;
}
