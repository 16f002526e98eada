import { sql } from 'kysely';
import type { ServiceDeps } from '../context.ts';
import { fillDocumentTaxAmounts, type TaxDocumentKind } from './document-tax-amounts.ts';

/** A run stops starting batches after this long; the next run (a minute later) carries on. */
const RUN_BUDGET_MS = 4 * 60 * 1000;

const BODIES = { invoice: 'invoices', credit_note: 'credit_notes' } as const;

/**
 * The background fill of document_tax_amounts (migration 038): computes the figures per tax of the issued documents
 * the triggers queued in report_tax_pending (new, edited, or issued before the migration) and takes them off the
 * list in the same transaction, so the tax report finds them ready instead of running the totals engine itself.
 * Drafts stay queued until they are issued. Safe to run at any time, from any process: batches lock their documents
 * FOR SHARE and insert figures with ON CONFLICT DO NOTHING.
 */
export async function fillPendingTaxAmounts(
  deps: ServiceDeps,
  shouldStop: () => boolean = () => false,
): Promise<{ documents: number }> {
  const started = Date.now();
  const stop = () => shouldStop() || Date.now() - started > RUN_BUDGET_MS;
  let documents = 0;
  for (const kind of ['invoice', 'credit_note'] as const satisfies TaxDocumentKind[]) {
    if (stop()) break;
    const queued = sql`
      select p.document_id as id from report_tax_pending as p
      join ${sql.table(BODIES[kind])} as d on d.id = p.document_id
      where p.document_kind = ${kind} and d.status <> 'draft'`;
    documents += await fillDocumentTaxAmounts(deps.db, kind, queued, {
      shouldStop: stop,
      onBatch: async (trx, ids) => {
        await trx
          .deleteFrom('report_tax_pending')
          .where('document_kind', '=', kind)
          .where('document_id', 'in', ids)
          .execute();
      },
    });
    // Queued documents whose figures something else computed meanwhile (the tax report fills what it needs).
    await sql`
      delete from report_tax_pending as p
      where p.document_kind = ${kind} and exists (
        select 1 from document_tax_amounts as t where t.document_kind = ${kind} and t.document_id = p.document_id)
    `.execute(deps.db);
  }
  return { documents };
}
