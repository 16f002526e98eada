import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Db, Trx } from '../../db/client.ts';
import type { QuoteLineRow, QuoteRow } from '../../db/schema-documents.ts';
import { NotFoundError } from '../errors.ts';

export interface QuoteRecord {
  quote: QuoteRow;
  lines: QuoteLineRow[];
  client: { id: string; name: string; company: string };
  project: { id: string; name: string } | null;
  /** The invoice the quote became, if converted. */
  invoice: { id: string; number: string | null } | null;
  /** The organisation's time zone, read in the same query: it decides whether the quote has expired today. */
  timeZone: string;
}

/**
 * Reads a quote with its client, project, lines and the invoice it became in one round trip. `lock` takes the row
 * lock a status change needs (accept, decline and convert queue behind each other), so it only compiles in a
 * transaction.
 */
export async function loadQuote(db: Db, id: string): Promise<QuoteRecord>;
export async function loadQuote(db: Trx, id: string, options?: { lock?: boolean }): Promise<QuoteRecord>;
export async function loadQuote(
  db: Db | Trx,
  id: string,
  options: { lock?: boolean } = {},
): Promise<QuoteRecord> {
  let query = db
    .selectFrom('quotes')
    .innerJoin('clients', 'clients.id', 'quotes.client_id')
    .leftJoin('projects', 'projects.id', 'quotes.project_id')
    .leftJoin('invoices', 'invoices.id', 'quotes.invoice_id')
    .selectAll('quotes')
    .select((eb) => [
      'clients.name as client_name',
      'clients.company as client_company',
      'projects.name as project_name',
      'invoices.number as invoice_number',
      eb.selectFrom('settings').select('time_zone').where('settings.id', '=', 1).as('org_time_zone'),
      // Numerics are cast to text inside the JSON: as JSON numbers they would become binary floats.
      jsonArrayFrom(
        eb
          .selectFrom('quote_lines')
          .select([
            'quote_lines.id',
            'quote_lines.quote_id',
            'quote_lines.position',
            'quote_lines.description',
            sql<string>`quote_lines.quantity::text`.as('quantity'),
            sql<string>`quote_lines.unit_price::text`.as('unit_price'),
            'quote_lines.discount_kind',
            sql<string | null>`quote_lines.discount_value::text`.as('discount_value'),
            'quote_lines.taxes',
            'quote_lines.unit',
            'quote_lines.item_id',
            'quote_lines.item_code',
          ])
          .whereRef('quote_lines.quote_id', '=', 'quotes.id')
          .orderBy('quote_lines.position'),
      ).as('lines'),
    ])
    .where('quotes.id', '=', id);
  if (options.lock) query = query.forUpdate('quotes');
  const row = await query.executeTakeFirst();
  if (!row) throw new NotFoundError('Quote');
  const { client_name, client_company, project_name, invoice_number, org_time_zone, lines, ...quote } = row;
  return {
    quote,
    lines: lines as QuoteLineRow[],
    client: { id: quote.client_id, name: client_name, company: client_company },
    project: quote.project_id ? { id: quote.project_id, name: project_name ?? '' } : null,
    invoice: quote.invoice_id ? { id: quote.invoice_id, number: invoice_number ?? null } : null,
    timeZone: org_time_zone ?? 'UTC',
  };
}
