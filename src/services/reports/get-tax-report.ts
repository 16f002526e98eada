import { sql } from 'kysely';
import type { Db } from '../../db/client.ts';
import { currencyExponent, formatMinor } from '../../domain/currency.ts';
import { periodOf, type ReportPeriod } from '../../domain/reports/periods.ts';
import type { TaxBasis } from '../../domain/reports/tax-ledger.ts';
import {
  addMovement,
  addTaxSum,
  type DocumentTax,
  sortedTaxSums,
  type TaxSum,
  type TaxSums,
  taxTotals,
} from '../../domain/reports/tax-sums.ts';
import type { ServiceDeps } from '../context.ts';
import { getSettings } from '../settings/get-settings.ts';
import { fillDocumentTaxAmounts, type TaxDocumentKind } from './document-tax-amounts.ts';
import { summaryTaxSums } from './tax-summary-figures.ts';

export type { TaxBasis };

export interface TaxReportQuery {
  from: string;
  to: string;
  period: ReportPeriod;
  basis: TaxBasis;
  currency?: string;
}

export interface TaxReportTax {
  name: string;
  rate: string;
  inclusive: boolean;
  compound: boolean;
  vatCategory: string | null;
}

export interface TaxReportRow extends TaxReportTax {
  /** YYYY-MM, YYYY-Qn or YYYY. */
  period: string;
  currency: string;
  /** Major units, e.g. "1234.50"; negative when credit notes outweigh invoices. */
  taxableAmount: string;
  taxAmount: string;
}

export interface TaxReport {
  from: string;
  to: string;
  period: ReportPeriod;
  basis: TaxBasis;
  timeZone: string;
  rows: TaxReportRow[];
  /** Per currency and tax over the whole range. */
  totals: Omit<TaxReportRow, 'period'>[];
}

interface TaxRow {
  document_id: string;
  name: string;
  rate: string;
  inclusive: boolean;
  compound: boolean;
  vat_category: string | null;
  taxable: string;
  tax: string;
}

/**
 * Taxable amount and tax per tax and period. Invoice basis: issued invoices (not void) by issue date, less issued
 * credit notes by theirs. Cash basis: payments by the day paid, less payment refunds by the day refunded, less
 * credit refunded in money by its day, each carrying its share of its document's taxes (domain/reports/
 * cash-allocation.ts), so a document's movements add up to its own figures to the cent once it is settled.
 * A document's figures per tax come from the totals engine, kept in document_tax_amounts (migration 029).
 * The sums are read from tax_summary (migration 042, tax-summary-figures.ts), which holds the same figures per day;
 * when it cannot answer exactly they are computed from the documents.
 */
export async function getTaxReport(deps: ServiceDeps, query: TaxReportQuery): Promise<TaxReport> {
  if (query.currency !== undefined) currencyExponent(query.currency, 'currency');
  const settings = await getSettings(deps.db);
  const sums = (await summaryTaxSums(deps.db, query)) ?? (await documentTaxSums(deps.db, query));
  const rows = sortedTaxSums(sums).filter(
    (row) => query.currency === undefined || row.currency === query.currency,
  );
  return {
    from: query.from,
    to: query.to,
    period: query.period,
    basis: query.basis,
    timeZone: settings.time_zone,
    rows: rows.map((row) => ({ period: row.period, ...figureView(row) })),
    totals: taxTotals(rows).map(figureView),
  };
}

/** The sums computed from the documents and payments themselves (when the summary cannot answer). */
export async function documentTaxSums(db: Db, query: TaxReportQuery): Promise<TaxSums> {
  const sums: TaxSums = new Map();
  if (query.basis === 'invoice') await addInvoiceBasis(db, query, sums);
  else await addCashBasis(db, query, sums);
  return sums;
}

function figureView(row: Omit<TaxSum, 'period'>): Omit<TaxReportRow, 'period'> {
  const exponent = currencyExponent(row.currency);
  return {
    currency: row.currency,
    name: row.name,
    rate: row.rate,
    inclusive: row.inclusive,
    compound: row.compound,
    vatCategory: row.vatCategory,
    taxableAmount: formatMinor(row.taxableMinor, exponent),
    taxAmount: formatMinor(row.taxMinor, exponent),
  };
}

const documentTax = (row: TaxRow): DocumentTax => ({
  name: row.name,
  rate: row.rate,
  inclusive: row.inclusive,
  compound: row.compound,
  vatCategory: row.vat_category,
  taxableMinor: BigInt(row.taxable),
  taxMinor: BigInt(row.tax),
});

const currencyFilter = (currency: string | undefined) =>
  currency === undefined ? sql`true` : sql`currency = ${currency}`;

async function addInvoiceBasis(db: Db, query: TaxReportQuery, sums: TaxSums): Promise<void> {
  const inRange = sql`issue_date between ${query.from}::date and ${query.to}::date and ${currencyFilter(query.currency)}`;
  const invoices = sql`select id from invoices where status not in ('draft', 'void') and ${inRange}`;
  const creditNotes = sql`select id from credit_notes where status = 'issued' and ${inRange}`;
  await fillDocumentTaxAmounts(db, 'invoice', invoices);
  await fillDocumentTaxAmounts(db, 'credit_note', creditNotes);
  const result = await sql<TaxRow & { currency: string; month: string }>`
    select d.currency, to_char(d.issue_date, 'YYYY-MM') as month, t.name, t.rate, t.inclusive,
           t.compound, r.vat_category, sum(d.sign * t.taxable_minor)::text as taxable,
           sum(d.sign * t.tax_minor)::text as tax, '' as document_id
    from (
      select 'invoice' as kind, id, currency, issue_date, 1 as sign from invoices
      where status not in ('draft', 'void') and ${inRange}
      union all
      select 'credit_note', id, currency, issue_date, -1 from credit_notes where status = 'issued' and ${inRange}
    ) as d
    join document_tax_amounts as t on t.document_kind = d.kind and t.document_id = d.id and t.name is not null
    left join tax_rates as r on r.id = t.tax_rate_id
    group by 1, 2, 3, 4, 5, 6, 7`.execute(db);
  for (const row of result.rows) {
    const tax = documentTax(row);
    addTaxSum(
      sums,
      periodOf(`${row.month}-01`, query.period),
      row.currency,
      tax,
      tax.taxableMinor,
      tax.taxMinor,
    );
  }
}

interface MovementRow {
  document_id: string;
  currency: string;
  total: string;
  day: string;
  before: string;
  after: string;
}

async function addCashBasis(db: Db, query: TaxReportQuery, sums: TaxSums): Promise<void> {
  const counted = sql`p.status = 'succeeded' and p.deleted_at is null`;
  const between = (column: string) =>
    sql`${sql.ref(column)} between ${query.from}::date and ${query.to}::date`;
  const invoiceIds = sql`
    select p.invoice_id as id from payments as p where ${counted} and ${between('p.paid_on')}
    union
    select p.invoice_id from payment_refunds as r join payments as p on p.id = r.payment_id
    where ${counted} and ${between('r.refunded_on')}`;
  const invoiceMovements = sql<MovementRow>`
    with events as (
      select p.invoice_id as id, p.paid_on as day, 0 as ord, p.seq, p.amount_minor as amount
      from payments as p where ${counted} and p.invoice_id in (${invoiceIds})
      union all
      select p.invoice_id, r.refunded_on, 1, r.seq, -r.amount_minor
      from payment_refunds as r join payments as p on p.id = r.payment_id
      where ${counted} and p.invoice_id in (${invoiceIds})
    ), running as (
      select id, day, amount,
             sum(amount) over (partition by id order by day, ord, seq rows unbounded preceding) as after
      from events
    )
    select e.id as document_id, i.currency, i.total_minor::text as total, e.day,
           (e.after - e.amount)::text as before, e.after::text as after
    from running as e join invoices as i on i.id = e.id
    where e.day between ${query.from}::date and ${query.to}::date and ${currencyFilter(query.currency)}`;
  const creditNoteIds = sql`select credit_note_id as id from credit_refunds as r where ${between('r.refunded_on')}`;
  const creditNoteMovements = sql<MovementRow>`
    with running as (
      select credit_note_id as id, refunded_on as day, amount_minor as amount,
             sum(amount_minor) over (
               partition by credit_note_id order by refunded_on, created_at, id rows unbounded preceding) as after
      from credit_refunds where credit_note_id in (${creditNoteIds})
    )
    select e.id as document_id, c.currency, c.total_minor::text as total, e.day,
           (e.after - e.amount)::text as before, e.after::text as after
    from running as e join credit_notes as c on c.id = e.id
    where c.status = 'issued' and e.day between ${query.from}::date and ${query.to}::date
      and ${currencyFilter(query.currency)}`;

  for (const [kind, ids, movements, sign] of [
    ['invoice', invoiceIds, invoiceMovements, 1n],
    ['credit_note', creditNoteIds, creditNoteMovements, -1n],
  ] as const) {
    await fillDocumentTaxAmounts(db, kind, ids);
    const taxes = await documentTaxes(db, kind, ids);
    for (const movement of (await movements.execute(db)).rows) {
      addMovement(
        sums,
        {
          period: periodOf(movement.day, query.period),
          currency: movement.currency,
          totalMinor: BigInt(movement.total),
          paidBefore: BigInt(movement.before),
          paidAfter: BigInt(movement.after),
        },
        taxes.get(movement.document_id) ?? [],
        sign,
      );
    }
  }
}

async function documentTaxes(
  db: Db,
  kind: TaxDocumentKind,
  ids: ReturnType<typeof sql>,
): Promise<Map<string, DocumentTax[]>> {
  const result = await sql<TaxRow>`
    select t.document_id, t.name, t.rate, t.inclusive, t.compound, r.vat_category,
           t.taxable_minor::text as taxable, t.tax_minor::text as tax
    from document_tax_amounts as t left join tax_rates as r on r.id = t.tax_rate_id
    where t.document_kind = ${kind} and t.name is not null and t.document_id in (${ids})
    order by t.document_id, t.position`.execute(db);
  const byDocument = new Map<string, DocumentTax[]>();
  for (const row of result.rows) {
    const list = byDocument.get(row.document_id) ?? [];
    list.push(documentTax(row));
    byDocument.set(row.document_id, list);
  }
  return byDocument;
}
