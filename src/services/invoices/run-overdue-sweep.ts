import { sql } from 'kysely';
import { todayIn } from '../../domain/dates.ts';
import { OPEN_STATUSES } from '../../domain/invoice-status.ts';
import type { BatchProgress } from '../batch-progress.ts';
import type { ServiceDeps } from '../context.ts';
import { getSettings } from '../settings/get-settings.ts';

/** Invoices noted per transaction. */
export const OVERDUE_SWEEP_BATCH = 5_000;

export interface OverdueSweepOptions {
  batchSize?: number;
  onProgress?: BatchProgress;
}

/**
 * Records an 'overdue' event for every issued invoice with a balance whose due date has passed in the
 * organisation's time zone. The status itself is derived on every read (effectiveStatus), so this only writes the
 * moment on the timeline, once per invoice and due date.
 *
 * Incremental: invoices.overdue_noted_due_date says which due date was recorded, and a partial index
 * (invoices_overdue_pending_idx, migration 025) holds only open invoices with a balance not noted for their
 * current due date, so a run reads just those that became overdue since the last one, and writes nothing when
 * nothing is new. A revision moving the due date brings an invoice back by itself. Batches of `batchSize`, each
 * its own transaction; rows another worker holds are skipped (it notes them), and the unique index
 * invoice_events_overdue_once still turns any second event for the same due date into a no-op.
 */
export async function runOverdueSweep(
  deps: ServiceDeps,
  options: OverdueSweepOptions = {},
): Promise<{ recorded: number }> {
  const batchSize = options.batchSize ?? OVERDUE_SWEEP_BATCH;
  const now = deps.clock.now();
  const settings = await getSettings(deps.db);
  const today = todayIn(settings.time_zone, now);
  let recorded = 0;
  for (let batch = 1; ; batch++) {
    const { rows } = await sql<{ noted: string; recorded: string }>`
      with newly_overdue as (
        select id, status, due_date
        from invoices
        where status in (${sql.join(OPEN_STATUSES)})
          and total_minor - amount_paid_minor - amount_credited_minor > 0
          and overdue_noted_due_date is distinct from due_date
          and due_date < ${today}::date
        order by due_date, id
        limit ${batchSize}
        for update skip locked
      ),
      noted as (
        update invoices set overdue_noted_due_date = newly_overdue.due_date
        from newly_overdue where invoices.id = newly_overdue.id
        returning invoices.id
      ),
      events as (
        insert into invoice_events
          (invoice_id, type, from_status, to_status, actor_type, actor_id, actor_name, data, created_at)
        select id, 'overdue', status, 'overdue', 'system', null, 'Remit',
               jsonb_build_object('dueDate', due_date::text, 'today', ${today}::text), ${now}
        from newly_overdue
        on conflict do nothing
        returning 1
      )
      select (select count(*) from noted)::text as noted, (select count(*) from events)::text as recorded
    `.execute(deps.db);
    const noted = Number(rows[0]?.noted ?? 0);
    recorded += Number(rows[0]?.recorded ?? 0);
    if (noted > 0) options.onProgress?.({ batch, done: noted, total: recorded });
    if (noted < batchSize) return { recorded };
  }
}
