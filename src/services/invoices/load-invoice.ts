import type { Db, Trx } from '../../db/client.ts';
import type { InvoiceLineRow, InvoiceRow } from '../../db/schema.ts';
import { NotFoundError } from '../errors.ts';

export interface InvoiceRecord {
  invoice: InvoiceRow;
  lines: InvoiceLineRow[];
  client: { id: string; name: string; company: string };
  project: { id: string; name: string } | null;
}

/** Reads an invoice with its lines; `lock` takes the row lock a status change needs (transaction only). */
export async function loadInvoice(
  db: Db | Trx,
  id: string,
  options: { lock?: boolean } = {},
): Promise<InvoiceRecord> {
  let query = db.selectFrom('invoices').selectAll().where('id', '=', id);
  if (options.lock) query = query.forUpdate();
  const invoice = await query.executeTakeFirst();
  if (!invoice) throw new NotFoundError('Invoice');
  const [lines, client, project] = await Promise.all([
    db.selectFrom('invoice_lines').selectAll().where('invoice_id', '=', id).orderBy('position').execute(),
    db
      .selectFrom('clients')
      .select(['id', 'name', 'company'])
      .where('id', '=', invoice.client_id)
      .executeTakeFirstOrThrow(),
    invoice.project_id
      ? db
          .selectFrom('projects')
          .select(['id', 'name'])
          .where('id', '=', invoice.project_id)
          .executeTakeFirst()
      : Promise.resolve(undefined),
  ]);
  return { invoice, lines, client, project: project ?? null };
}
