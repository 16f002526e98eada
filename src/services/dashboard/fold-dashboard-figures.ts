import { sql } from 'kysely';
import type { ServiceDeps } from '../context.ts';

/**
 * Folds the rows of dashboard_figures that the triggers appended into one row per (currency, figure, day), so the
 * dashboard reads a few hundred rows however many changes came before. Sums are unchanged: a reader's snapshot sees
 * either the rows or their fold, never both. Rows committed while it runs are left for the next run. One run at a
 * time (an advisory lock held by the transaction); a second one returns at once.
 */
export async function foldDashboardFigures(deps: ServiceDeps): Promise<{ folded: number }> {
  return deps.db.transaction().execute(async (trx) => {
    const { rows: lock } = await sql<{ taken: boolean }>`
      select pg_try_advisory_xact_lock(hashtext('remit:fold-dashboard-figures')) as taken
    `.execute(trx);
    if (!lock[0]?.taken) return { folded: 0 };
    const { rows } = await sql<{ folded: string }>`
      with folded as (
        delete from dashboard_figures
        where (currency, figure, coalesce(day, 'infinity'::date)) in (
          select currency, figure, coalesce(day, 'infinity'::date)
          from dashboard_figures
          group by 1, 2, 3
          having count(*) > 1
        )
        returning currency, figure, day, amount_minor, count
      ),
      sums as (
        insert into dashboard_figures (currency, figure, day, amount_minor, count)
        select currency, figure, day, sum(amount_minor), sum(count)
        from folded
        group by currency, figure, day
        having sum(amount_minor) <> 0 or sum(count) <> 0
      )
      select count(*)::text as folded from folded
    `.execute(trx);
    return { folded: Number(rows[0]?.folded ?? 0) };
  });
}
