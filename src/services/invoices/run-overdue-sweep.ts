import { sql } from 'kysely';
import { todayIn } from '../../domain/dates.ts';
import type { ServiceDeps } from '../context.ts';
import { getSettings } from '../settings/get-settings.ts';

/**
 * Records an 'overdue' event for every issued invoice with a balance whose due date has passed in the
 * organisation's time zone. The status itself is derived on every read (effectiveStatus), so this only writes the
 * moment on the timeline: once per invoice and due date, enforced by a unique index (invoice_events_overdue_once),
 * so two workers or a rerun change nothing. A new due date (a revision) can become overdue again.
 */
export async function runOverdueSweep(deps: ServiceDeps): Promise<{ recorded: number }> {
  const now = deps.clock.now();
  const settings = await getSettings(deps.db);
  const today = todayIn(settings.time_zone, now);
  const result = await sql`
    insert into invoice_events (invoice_id, type, from_status, to_status, actor_type, actor_id, actor_name, data, created_at)
    select i.id, 'overdue', i.status, 'overdue', 'system', null, 'Remit',
           jsonb_build_object('dueDate', i.due_date::text, 'today', ${today}::text), ${now}
    from invoices i
    where i.status in ('sent', 'viewed', 'partially_paid')
      and i.total_minor - i.amount_paid_minor - i.amount_credited_minor > 0
      and i.due_date < ${today}::date
    on conflict do nothing
  `.execute(deps.db);
  return { recorded: Number(result.numAffectedRows ?? 0n) };
}
