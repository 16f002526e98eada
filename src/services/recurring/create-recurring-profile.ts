import { firstOccurrenceOnOrAfter, validateSchedule } from '../../domain/recurrence.ts';
import type { Actor, ServiceDeps } from '../context.ts';
import { getSettings } from '../settings/get-settings.ts';
import {
  mergedScheduleInput,
  prepareProfileInvoice,
  type RecurringProfileInput,
  scheduleColumns,
  templateColumns,
} from './recurring-profile.ts';
import { loadProfileView } from './recurring-view.ts';

/**
 * Saves a recurring profile. Its first period is the schedule's first date, even if that is in the past: the
 * generator then catches up according to the organisation's catch-up rule.
 */
export async function createRecurringProfile(deps: ServiceDeps, actor: Actor, input: RecurringProfileInput) {
  const now = deps.clock.now();
  const schedule = validateSchedule(mergedScheduleInput(null, input));
  // validateSchedule refuses schedules without any date, so there is a first one.
  const firstDate = firstOccurrenceOnOrAfter(schedule, null) as string;
  return deps.db.transaction().execute(async (trx) => {
    const settings = await getSettings(trx);
    const prepared = await prepareProfileInvoice(trx, input, null, settings, firstDate, now);
    const { id } = await trx
      .insertInto('recurring_profiles')
      .values({
        ...templateColumns(prepared),
        ...scheduleColumns(schedule),
        name: input.name?.trim() ?? '',
        auto_send: input.autoSend ?? false,
        status: 'active',
        next_run_date: firstDate,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return loadProfileView(trx, id);
  });
}
