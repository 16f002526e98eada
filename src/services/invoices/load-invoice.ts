import { type CompiledQuery, type InferResult, sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Db, Trx } from '../../db/client.ts';
import {
  isStalePreparedStatement,
  preparedStatement,
  renewPreparedStatements,
} from '../../db/prepared-statements.ts';
import type { InvoiceLineRow, InvoiceRow } from '../../db/schema.ts';
import { NotFoundError } from '../errors.ts';

export interface InvoiceRecord {
  invoice: InvoiceRow;
  lines: InvoiceLineRow[];
  client: { id: string; name: string; company: string };
  project: { id: string; name: string } | null;
  /** The organisation's time zone, read in the same query: it decides whether the invoice is overdue today. */
  timeZone: string;
  /**
   * The organisation's invoice number pattern, read in the same query, so issuing needs no read of the settings
   * of its own; absent where the record was not read by this module.
   */
  invoiceNumberPattern?: string;
  /** The credit notes written for this invoice (drafts too), oldest first; absent where none are read. */
  creditNotes?: InvoiceCreditNoteRow[];
}

export interface InvoiceCreditNoteRow {
  id: string;
  number: string | null;
  status: 'draft' | 'issued';
  issue_date: string;
  /** Read as text from JSON: bigint does not survive JSON. */
  total_minor: string;
  issued_at: string | null;
}

/**
 * Every column of invoices, written out rather than `invoices.*`: the query runs as a prepared statement, which a
 * column added by a later migration must not change (see db/prepared-statements.ts). The type keeps it complete.
 */
const invoiceColumns = {
  id: true,
  number: true,
  status: true,
  client_id: true,
  project_id: true,
  currency: true,
  issue_date: true,
  due_date: true,
  payment_terms: true,
  discount_kind: true,
  discount_value: true,
  taxes: true,
  notes: true,
  terms: true,
  tax_rounding: true,
  invoice_discount_mode: true,
  total_minor: true,
  amount_paid_minor: true,
  amount_credited_minor: true,
  quote_id: true,
  sent_at: true,
  voided_at: true,
  void_reason: true,
  created_by: true,
  created_at: true,
  updated_at: true,
  viewed_at: true,
  view_count: true,
  last_viewed_at: true,
  buyer_reference: true,
  order_reference: true,
  delivery_date: true,
  overdue_noted_due_date: true,
  client_sort_key: true,
  email_attachment: true,
  import_batch_id: true,
} satisfies Record<keyof InvoiceRow, true>;

const INVOICE_COLUMNS = (Object.keys(invoiceColumns) as (keyof InvoiceRow)[]).map(
  (column) => `invoices.${column}` as const,
);

function invoicesQuery(db: Db | Trx) {
  return db
    .selectFrom('invoices')
    .innerJoin('clients', 'clients.id', 'invoices.client_id')
    .leftJoin('projects', 'projects.id', 'invoices.project_id')
    .select(INVOICE_COLUMNS)
    .select((eb) => [
      'clients.name as client_name',
      'clients.company as client_company',
      'projects.name as project_name',
      eb.selectFrom('settings').select('time_zone').where('settings.id', '=', 1).as('org_time_zone'),
      eb
        .selectFrom('settings')
        .select('invoice_number_pattern')
        .where('settings.id', '=', 1)
        .as('org_invoice_number_pattern'),
      // Numerics are cast to text inside the JSON: as JSON numbers they would become binary floats.
      jsonArrayFrom(
        eb
          .selectFrom('invoice_lines')
          .select([
            'invoice_lines.id',
            'invoice_lines.invoice_id',
            'invoice_lines.position',
            'invoice_lines.description',
            sql<string>`invoice_lines.quantity::text`.as('quantity'),
            sql<string>`invoice_lines.unit_price::text`.as('unit_price'),
            'invoice_lines.discount_kind',
            sql<string | null>`invoice_lines.discount_value::text`.as('discount_value'),
            'invoice_lines.taxes',
            'invoice_lines.unit',
            'invoice_lines.item_id',
            'invoice_lines.item_code',
          ])
          .whereRef('invoice_lines.invoice_id', '=', 'invoices.id')
          .orderBy('invoice_lines.position'),
      ).as('lines'),
      jsonArrayFrom(
        eb
          .selectFrom('credit_notes')
          .select([
            'credit_notes.id',
            'credit_notes.number',
            'credit_notes.status',
            sql<string>`credit_notes.issue_date::text`.as('issue_date'),
            sql<string>`credit_notes.total_minor::text`.as('total_minor'),
            'credit_notes.issued_at',
          ])
          .whereRef('credit_notes.invoice_id', '=', 'invoices.id')
          .orderBy('credit_notes.created_at')
          .orderBy('credit_notes.id'),
      ).as('credit_notes'),
    ]);
}

function invoiceQuery(db: Db | Trx, id: string) {
  return invoicesQuery(db).where('invoices.id', '=', id);
}

type InvoiceQueryRow = InferResult<ReturnType<typeof invoiceQuery>>[number];

/** The id the query is compiled with once; each read swaps in its own (the SQL text never changes). */
const ID_PLACEHOLDER = '00000000-0000-0000-0000-000000000000';
const compiledQueries = new Map<boolean, CompiledQuery<InvoiceQueryRow>>();

/**
 * The invoice query for `id`, built and compiled by Kysely once per process rather than on every read: on the
 * hottest read of the API the query builder cost more CPU than turning the result into the invoice view.
 */
function compiledInvoiceQuery(db: Db | Trx, id: string, lock: boolean): CompiledQuery<InvoiceQueryRow> {
  let template = compiledQueries.get(lock);
  if (!template) {
    const query = invoiceQuery(db, ID_PLACEHOLDER);
    // The plain read is the API's most frequent query: prepared once per connection. The locking one opens the
    // transaction of every status change: prepared where it is the first statement, where the connection retries
    // it by itself if a migration made it stale (db/pipelined-transactions.ts).
    template = lock
      ? preparedStatement('remit_load_invoice_locked', query.forUpdate('invoices').compile(), {
          openingOnly: true,
        })
      : preparedStatement('remit_load_invoice', query.compile());
    compiledQueries.set(lock, template);
  }
  return {
    ...template,
    parameters: template.parameters.map((value) => (value === ID_PLACEHOLDER ? id : value)),
  };
}

/** Runs the query; outside a transaction, once more under a fresh statement name if a migration made it stale. */
async function readInvoiceRows(db: Db | Trx, query: CompiledQuery<InvoiceQueryRow>) {
  try {
    return await db.executeQuery(query);
  } catch (error) {
    if (!isStalePreparedStatement(error)) throw error;
    renewPreparedStatements();
    // In a transaction the error has aborted it: the caller's retry (or the next request) uses the new name.
    if (db.isTransaction) throw error;
    return await db.executeQuery(query);
  }
}

/**
 * Reads an invoice with its client, project and lines in one round trip (a read is dominated by round trips,
 * not by the work in them). `lock` takes the row lock a status change needs, so it only compiles in a transaction.
 */
export async function loadInvoice(db: Db, id: string): Promise<InvoiceRecord>;
export async function loadInvoice(db: Trx, id: string, options?: { lock?: boolean }): Promise<InvoiceRecord>;
export async function loadInvoice(
  db: Db | Trx,
  id: string,
  options: { lock?: boolean } = {},
): Promise<InvoiceRecord> {
  const lock = options.lock ?? false;
  const row = (await readInvoiceRows(db, compiledInvoiceQuery(db, id, lock))).rows[0];
  if (!row) throw new NotFoundError('Invoice');
  return invoiceRecord(row);
}

/**
 * Several invoices in one round trip, as loadInvoice reads each, by id (absent ones are left out). `lock` takes
 * their row locks in id order, the order every batch locks in, so two batches never wait on each other in a cycle.
 */
export async function loadInvoices(
  trx: Trx,
  ids: string[],
  options: { lock?: boolean } = {},
): Promise<Map<string, InvoiceRecord>> {
  if (ids.length === 0) return new Map();
  const query = invoicesQuery(trx).where('invoices.id', 'in', ids).orderBy('invoices.id');
  const rows = await (options.lock ? query.forUpdate('invoices') : query).execute();
  return new Map(rows.map((row) => [row.id, invoiceRecord(row)]));
}

function invoiceRecord(row: InvoiceQueryRow): InvoiceRecord {
  const {
    client_name,
    client_company,
    project_name,
    org_time_zone,
    org_invoice_number_pattern,
    lines,
    credit_notes,
    ...invoice
  } = row;
  return {
    invoice,
    lines: lines as InvoiceLineRow[],
    client: { id: invoice.client_id, name: client_name, company: client_company },
    project: invoice.project_id ? { id: invoice.project_id, name: project_name ?? '' } : null,
    timeZone: org_time_zone ?? 'UTC',
    ...(org_invoice_number_pattern ? { invoiceNumberPattern: org_invoice_number_pattern } : {}),
    creditNotes: credit_notes as unknown as InvoiceCreditNoteRow[],
  };
}
