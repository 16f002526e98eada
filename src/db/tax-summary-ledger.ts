/**
 * Reads and writes tax_summary_documents (migration 042): each document's contribution to the tax report per day,
 * computed by domain/reports/tax-ledger.ts from its figures per tax (document_tax_amounts) and its payments and
 * refunds. Shared by migration 042's backfill, the fill of queued documents and the tax report's check of documents
 * changed since, so all three compute a document the same way.
 */
import { type Kysely, sql } from 'kysely';
import {
  documentTaxLedger,
  type LedgerDocument,
  needsTaxFigures,
  type TaxLedgerEntry,
} from '../domain/reports/tax-ledger.ts';
import type { DocumentTax } from '../domain/reports/tax-sums.ts';

export type LedgerKind = 'invoice' | 'credit_note';

// biome-ignore lint/suspicious/noExplicitAny: used by migrations (untyped) and services (typed) alike
type AnyDb = Kysely<any>;

interface BodyRow {
  id: string;
  currency: string;
  counted_on: string | null;
  total: string;
}

interface MovementRow {
  id: string;
  day: string;
  before: string;
  after: string;
}

interface FigureRow {
  document_id: string;
  name: string | null;
  rate: string | null;
  inclusive: boolean;
  compound: boolean;
  vat_category: string | null;
  taxable: string;
  tax: string;
}

/**
 * A document's ledger entries, or null when it needs figures per tax that document_tax_amounts does not hold yet.
 * A document that no longer exists has none.
 */
export type LedgerResult = Map<string, TaxLedgerEntry[] | null>;

const BODIES = {
  invoice: sql`
    select id, currency, case when status not in ('draft', 'void') then issue_date::text end as counted_on,
           total_minor::text as total
    from invoices`,
  credit_note: sql`
    select id, currency, case when status = 'issued' then issue_date::text end as counted_on,
           total_minor::text as total
    from credit_notes`,
} as const;

/** Payments by the day paid and their refunds by the day refunded, each with the amount paid before and after. */
const movementsOf = (kind: LedgerKind, ids: readonly string[]) =>
  kind === 'invoice'
    ? sql<MovementRow>`
      with events as (
        select p.invoice_id as id, p.paid_on as day, 0 as ord, p.seq, p.amount_minor as amount
        from payments as p
        where p.status = 'succeeded' and p.deleted_at is null and p.invoice_id = any(${ids}::uuid[])
        union all
        select p.invoice_id, r.refunded_on, 1, r.seq, -r.amount_minor
        from payment_refunds as r join payments as p on p.id = r.payment_id
        where p.status = 'succeeded' and p.deleted_at is null and p.invoice_id = any(${ids}::uuid[])
      ), running as (
        select id, day, amount,
               sum(amount) over (partition by id order by day, ord, seq rows unbounded preceding) as after
        from events
      )
      select id, day::text as day, (after - amount)::text as before, after::text as after from running`
    : sql<MovementRow>`
      with running as (
        select r.credit_note_id as id, r.refunded_on as day, r.amount_minor as amount,
               sum(r.amount_minor) over (
                 partition by r.credit_note_id order by r.refunded_on, r.created_at, r.id
                 rows unbounded preceding) as after
        from credit_refunds as r join credit_notes as c on c.id = r.credit_note_id
        where c.status = 'issued' and r.credit_note_id = any(${ids}::uuid[])
      )
      select id, day::text as day, (after - amount)::text as before, after::text as after from running`;

/** Computes the ledger entries of the documents `ids` of `kind` as the database holds them now. */
export async function computeTaxLedger(
  db: AnyDb,
  kind: LedgerKind,
  ids: readonly string[],
): Promise<LedgerResult> {
  const result: LedgerResult = new Map(ids.map((id) => [id, []]));
  if (ids.length === 0) return result;
  const bodies = await sql<BodyRow>`
    select * from (${BODIES[kind]}) as d where d.id = any(${ids}::uuid[])`.execute(db);
  const movements = await movementsOf(kind, ids).execute(db);
  const figures = await sql<FigureRow>`
    select t.document_id, t.name, t.rate, t.inclusive, t.compound, r.vat_category,
           t.taxable_minor::text as taxable, t.tax_minor::text as tax
    from document_tax_amounts as t left join tax_rates as r on r.id = t.tax_rate_id
    where t.document_kind = ${kind} and t.document_id = any(${ids}::uuid[])
    order by t.document_id, t.position`.execute(db);

  const movementsOfDocument = new Map<string, LedgerDocument['movements'][number][]>();
  for (const row of movements.rows) {
    const list = movementsOfDocument.get(row.id) ?? [];
    list.push({ day: row.day, paidBefore: BigInt(row.before), paidAfter: BigInt(row.after) });
    movementsOfDocument.set(row.id, list);
  }
  const taxesOfDocument = new Map<string, DocumentTax[]>();
  for (const row of figures.rows) {
    const list = taxesOfDocument.get(row.document_id) ?? [];
    // A row without a name says the document was computed and has no taxes.
    if (row.name !== null && row.rate !== null)
      list.push({
        name: row.name,
        rate: row.rate,
        inclusive: row.inclusive,
        compound: row.compound,
        vatCategory: row.vat_category,
        taxableMinor: BigInt(row.taxable),
        taxMinor: BigInt(row.tax),
      });
    taxesOfDocument.set(row.document_id, list);
  }
  for (const body of bodies.rows) {
    const document: LedgerDocument = {
      currency: body.currency,
      sign: kind === 'invoice' ? 1n : -1n,
      countedOn: body.counted_on,
      totalMinor: BigInt(body.total),
      movements: movementsOfDocument.get(body.id) ?? [],
    };
    if (!needsTaxFigures(document)) continue;
    const taxes = taxesOfDocument.get(body.id);
    result.set(body.id, taxes === undefined ? null : documentTaxLedger(document, taxes));
  }
  return result;
}

/** Replaces the stored entries of the documents `ids` by `entries` (the triggers of migration 042 update tax_summary). */
export async function replaceTaxLedger(
  db: AnyDb,
  kind: LedgerKind,
  ids: readonly string[],
  entries: ReadonlyMap<string, readonly TaxLedgerEntry[]>,
): Promise<void> {
  if (ids.length === 0) return;
  await sql`
    delete from tax_summary_documents where document_kind = ${kind} and document_id = any(${ids}::uuid[])
  `.execute(db);
  const columns = {
    id: [] as string[],
    basis: [] as string[],
    day: [] as string[],
    currency: [] as string[],
    name: [] as string[],
    rate: [] as string[],
    inclusive: [] as boolean[],
    compound: [] as boolean[],
    vatCategory: [] as (string | null)[],
    taxable: [] as string[],
    tax: [] as string[],
  };
  for (const id of ids) {
    for (const entry of entries.get(id) ?? []) {
      columns.id.push(id);
      columns.basis.push(entry.basis);
      columns.day.push(entry.period);
      columns.currency.push(entry.currency);
      columns.name.push(entry.name);
      columns.rate.push(entry.rate);
      columns.inclusive.push(entry.inclusive);
      columns.compound.push(entry.compound);
      columns.vatCategory.push(entry.vatCategory);
      columns.taxable.push(entry.taxableMinor.toString());
      columns.tax.push(entry.taxMinor.toString());
    }
  }
  if (columns.id.length === 0) return;
  await sql`
    insert into tax_summary_documents (
      document_kind, document_id, basis, day, currency, name, rate, inclusive, compound, vat_category,
      taxable_minor, tax_minor)
    select ${kind}, * from unnest(
      ${columns.id}::uuid[], ${columns.basis}::text[], ${columns.day}::date[], ${columns.currency}::text[],
      ${columns.name}::text[], ${columns.rate}::text[], ${columns.inclusive}::boolean[],
      ${columns.compound}::boolean[], ${columns.vatCategory}::text[], ${columns.taxable}::bigint[],
      ${columns.tax}::bigint[])
  `.execute(db);
}

/** The entries of `result` that are ready (figures known), and the ids they belong to. */
export function readyEntries(result: LedgerResult): {
  ids: string[];
  entries: Map<string, TaxLedgerEntry[]>;
} {
  const entries = new Map<string, TaxLedgerEntry[]>();
  for (const [id, list] of result) if (list !== null) entries.set(id, list);
  return { ids: [...entries.keys()], entries };
}
