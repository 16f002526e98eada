import { sql } from 'kysely';
import type { Db } from '../../db/client.ts';
import { computeTaxLedger, readyEntries, replaceTaxLedger } from '../../db/tax-summary-ledger.ts';
import { fillDocumentTaxAmounts, type TaxDocumentKind } from './document-tax-amounts.ts';

/** Queued documents computed per transaction. */
const FILL_BATCH = 2000;

const BODIES = { invoice: 'invoices', credit_note: 'credit_notes' } as const;

export interface TaxSummaryFillOptions {
  /** Looked at between batches: true stops filling (the rest is left for later). */
  shouldStop?: () => boolean;
}

/**
 * Brings tax_summary up to date (migration 042): recomputes the entries of the documents the triggers queued in
 * tax_summary_pending, then folds tax_summary's appended rows. Each batch computes the documents' figures per tax
 * first when missing, then, in one transaction holding the documents FOR SHARE (so an edit or payment in progress,
 * which locks its document first, finishes before) and one batch at a time, replaces their entries and takes them off the queue unless
 * they were queued again meanwhile (a newer `seq`). Documents whose figures cannot be computed yet stay queued.
 * Safe to run at any time from any process.
 */
export async function fillTaxSummary(
  db: Db,
  options: TaxSummaryFillOptions = {},
): Promise<{ documents: number }> {
  let documents = 0;
  for (const kind of ['invoice', 'credit_note'] as const satisfies TaxDocumentKind[]) {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      if (options.shouldStop?.()) return { documents };
      const queued = await db
        .selectFrom('tax_summary_pending')
        .select(['document_id', 'seq'])
        .where('document_kind', '=', kind)
        .where('document_id', '>', after)
        .orderBy('document_id')
        .limit(FILL_BATCH)
        .execute();
      if (queued.length === 0) break;
      after = queued[queued.length - 1]!.document_id;
      documents += await fillBatch(db, kind, queued);
    }
  }
  await foldTaxSummary(db);
  return { documents };
}

async function fillBatch(
  db: Db,
  kind: TaxDocumentKind,
  queued: { document_id: string; seq: bigint }[],
): Promise<number> {
  const ids = queued.map((row) => row.document_id);
  await fillDocumentTaxAmounts(
    db,
    kind,
    sql`select id from ${sql.table(BODIES[kind])} where id = any(${ids}::uuid[]) and status <> 'draft'`,
  );
  return db.transaction().execute(async (trx) => {
    // One batch at a time across processes: two batches replacing the same document's entries at once would each
    // delete what the other had not yet committed and both insert theirs.
    await sql`select pg_advisory_xact_lock(hashtext('remit:fill-tax-summary'))`.execute(trx);
    await sql`select id from ${sql.table(BODIES[kind])} where id = any(${ids}::uuid[]) for share`.execute(
      trx,
    );
    const ready = readyEntries(await computeTaxLedger(trx, kind, ids));
    await replaceTaxLedger(trx, kind, ready.ids, ready.entries);
    const readySet = new Set(ready.ids);
    const done = queued.filter((row) => readySet.has(row.document_id));
    await sql`
      delete from tax_summary_pending as p
      using unnest(${done.map((row) => row.document_id)}::uuid[], ${done.map((row) => row.seq.toString())}::bigint[])
        as d (id, seq)
      where p.document_kind = ${kind} and p.document_id = d.id and p.seq = d.seq`.execute(trx);
    return done.length;
  });
}

/**
 * Folds tax_summary's rows into one per (basis, currency, tax, day); sums are unchanged, and a reader's snapshot
 * sees either the rows or their fold. One run at a time (an advisory lock); a second one returns at once.
 */
export async function foldTaxSummary(db: Db): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ taken: boolean }>`
      select pg_try_advisory_xact_lock(hashtext('remit:fold-tax-summary')) as taken`.execute(trx);
    if (!rows[0]?.taken) return;
    await sql`
      with folded as (
        delete from tax_summary
        where (basis, currency, day, name, rate, inclusive, compound, coalesce(vat_category, '')) in (
          select basis, currency, day, name, rate, inclusive, compound, coalesce(vat_category, '')
          from tax_summary group by 1, 2, 3, 4, 5, 6, 7, 8 having count(*) > 1)
        returning basis, currency, day, name, rate, inclusive, compound, vat_category, taxable_minor, tax_minor,
                  entries
      )
      insert into tax_summary (basis, currency, day, name, rate, inclusive, compound, vat_category,
                               taxable_minor, tax_minor, entries)
      select basis, currency, day, name, rate, inclusive, compound, vat_category, sum(taxable_minor), sum(tax_minor),
             sum(entries)
      from folded group by 1, 2, 3, 4, 5, 6, 7, 8
      having sum(entries) <> 0 or sum(taxable_minor) <> 0 or sum(tax_minor) <> 0`.execute(trx);
  });
}
