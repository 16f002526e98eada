import { todayIn } from '../../domain/dates.ts';
import { ConflictError } from '../../domain/errors.ts';
import { nextRunAfterResume, remainingInvoices } from '../../domain/recurrence.ts';
import type { ServiceDeps } from '../context.ts';
import { getSettings } from '../settings/get-settings.ts';
import { loadProfile, scheduleOf } from './recurring-profile.ts';
import { loadProfileView } from './recurring-view.ts';

/**
 * Resumes a paused profile. Periods that fell due during the pause are not billed afterwards: the next invoice is
 * the first period on or after today.
 */
export async function resumeRecurringProfile(deps: ServiceDeps, id: string) {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const row = await loadProfile(trx, id, { lock: true });
    if (row.status === 'finished') {
      throw new ConflictError(
        'profile_finished',
        'This recurring profile has ended; edit its end to continue it',
      );
    }
    if (row.status === 'paused') {
      const settings = await getSettings(trx);
      const schedule = scheduleOf(row);
      const next =
        remainingInvoices(schedule, row.generated_count) === 0
          ? null
          : nextRunAfterResume(schedule, row.next_run_date, todayIn(settings.time_zone, now));
      await trx
        .updateTable('recurring_profiles')
        .set({ status: next === null ? 'finished' : 'active', next_run_date: next, updated_at: now })
        .where('id', '=', id)
        .execute();
    }
    return loadProfileView(trx, id);
  });
}
