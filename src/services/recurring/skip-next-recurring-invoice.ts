import { ConflictError } from '../../domain/errors.ts';
import { occurrenceAfter } from '../../domain/recurrence.ts';
import type { ServiceDeps } from '../context.ts';
import { loadProfile, scheduleOf } from './recurring-profile.ts';
import { loadProfileView } from './recurring-view.ts';

/**
 * Skips the next period: it is recorded as skipped (so no worker generates it) and the profile moves to the period
 * after it. A skipped period does not count towards "end after N invoices".
 */
export async function skipNextRecurringInvoice(deps: ServiceDeps, id: string) {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const row = await loadProfile(trx, id, { lock: true });
    const skipped = row.next_run_date;
    if (row.status === 'finished' || skipped === null) {
      throw new ConflictError('profile_finished', 'This recurring profile has no next invoice to skip');
    }
    await trx
      .insertInto('recurring_periods')
      .values({ profile_id: id, period_date: skipped, outcome: 'skipped', created_at: now })
      .onConflict((oc) => oc.columns(['profile_id', 'period_date']).doNothing())
      .execute();
    const next = occurrenceAfter(scheduleOf(row), skipped);
    await trx
      .updateTable('recurring_profiles')
      .set({
        next_run_date: next,
        ...(next === null ? { status: 'finished' as const } : {}),
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
    return loadProfileView(trx, id);
  });
}
