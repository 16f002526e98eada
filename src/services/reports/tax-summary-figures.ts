import { sql } from 'kysely';
import type { Db, Trx } from '../../db/client.ts';
import { computeTaxLedger, type LedgerKind } from '../../db/tax-summary-ledger.ts';
import { periodOf, type ReportPeriod } from '../../domain/reports/periods.ts';
import type { TaxBasis, TaxLedgerEntry } from '../../domain/reports/tax-ledger.ts';
import { addTaxSum, type TaxIdentity, type TaxSums } from '../../domain/reports/tax-sums.ts';
import { fillTaxSummary } from './fill-tax-summary.ts';

/** More queued documents than this and the report computes from the documents instead (e.g. right after a bulk import). */
const QUEUED_LIMIT = 5000;

export interface TaxSummaryQuery {
  from: string;
  to: string;
  period: ReportPeriod;
  basis: TaxBasis;
}

interface SummaryRow {
  entries: string;
  currency: string;
  day: string;
  name: string;
  rate: string;
  inclusive: boolean;
  compound: boolean;
  vat_category: string | null;
  taxable: string;
  tax: string;
}

const identity = (row: SummaryRow): TaxIdentity => ({
  name: row.name,
  rate: row.rate,
  inclusive: row.inclusive,
  compound: row.compound,
  vatCategory: row.vat_category,
});

/**
 * The tax report's sums from tax_summary (migration 042), or null when it cannot answer exactly and the report must
 * compute from the documents. It first computes the documents queued by recent writes, then reads in one snapshot
 * the summary and the documents queued since (a write committed in between): their stored entries are taken out
 * and their entries as of the snapshot added, so the sums are those of the documents as of that snapshot.
 */
export async function summaryTaxSums(
  db: Db,
  query: TaxSummaryQuery,
  options: { fillFirst?: boolean } = {},
): Promise<TaxSums | null> {
  const queuedBefore = (await queuedDocuments(db)).length;
  if (queuedBefore > QUEUED_LIMIT) return null;
  if (queuedBefore > 0 && options.fillFirst !== false) await fillTaxSummary(db);
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const sums = new SumsWithEntries(query.period);
      const { rows } = await sql<SummaryRow>`
        select currency, to_char(day, 'YYYY-MM') || '-01' as day, name, rate, inclusive, compound, vat_category,
               sum(taxable_minor)::text as taxable, sum(tax_minor)::text as tax, sum(entries)::text as entries
        from tax_summary
        where basis = ${query.basis} and day between ${query.from}::date and ${query.to}::date
        group by 1, 2, 3, 4, 5, 6, 7`.execute(trx);
      for (const row of rows) sums.add(row, 1n);
      const queued = await queuedDocuments(trx);
      if (queued.length > QUEUED_LIMIT) return null;
      for (const kind of ['invoice', 'credit_note'] as const) {
        const ids = queued.filter((row) => row.document_kind === kind).map((row) => row.document_id);
        if (ids.length === 0) continue;
        if (!(await adjustForQueued(trx, kind, ids, query, sums))) return null;
      }
      return sums.present();
    });
}

/**
 * Sums per period and tax with the number of document entries behind each: a tax shows in a period while some
 * document there has it (even at zero), so one whose entries all left (e.g. a voided invoice) drops out.
 */
class SumsWithEntries {
  private readonly sums: TaxSums = new Map();
  private readonly entries: TaxSums = new Map();
  constructor(private readonly period: ReportPeriod) {}

  add(row: SummaryRow, sign: 1n | -1n): void {
    const period = periodOf(row.day, this.period);
    const tax = identity(row);
    addTaxSum(this.sums, period, row.currency, tax, sign * BigInt(row.taxable), sign * BigInt(row.tax));
    addTaxSum(this.entries, period, row.currency, tax, sign * BigInt(row.entries), 0n);
  }

  present(): TaxSums {
    for (const [key, entries] of this.entries) if (entries.taxableMinor <= 0n) this.sums.delete(key);
    return this.sums;
  }
}

const queuedDocuments = (db: Db | Trx) =>
  db
    .selectFrom('tax_summary_pending')
    .select(['document_kind', 'document_id'])
    .limit(QUEUED_LIMIT + 1)
    .execute();

const entryRow = (entry: TaxLedgerEntry): SummaryRow => ({
  entries: '1',
  currency: entry.currency,
  day: entry.period,
  name: entry.name,
  rate: entry.rate,
  inclusive: entry.inclusive,
  compound: entry.compound,
  vat_category: entry.vatCategory,
  taxable: entry.taxableMinor.toString(),
  tax: entry.taxMinor.toString(),
});

/** Replaces the stored entries of queued documents by their current ones; false when some lack figures per tax. */
async function adjustForQueued(
  trx: Trx,
  kind: LedgerKind,
  ids: string[],
  query: TaxSummaryQuery,
  sums: SumsWithEntries,
): Promise<boolean> {
  const current = await computeTaxLedger(trx, kind, ids);
  for (const entries of current.values()) {
    if (entries === null) return false;
    for (const entry of entries) {
      if (entry.basis !== query.basis || entry.period < query.from || entry.period > query.to) continue;
      sums.add(entryRow(entry), 1n);
    }
  }
  const stored = await sql<SummaryRow>`
    select currency, day::text as day, name, rate, inclusive, compound, vat_category,
           taxable_minor::text as taxable, tax_minor::text as tax, '1' as entries
    from tax_summary_documents
    where document_kind = ${kind} and document_id = any(${ids}::uuid[])
      and basis = ${query.basis} and day between ${query.from}::date and ${query.to}::date`.execute(trx);
  for (const row of stored.rows) sums.add(row, -1n);
  return true;
}
