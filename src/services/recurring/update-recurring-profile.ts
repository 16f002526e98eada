import { todayIn } from '../../domain/dates.ts';
import { nextRunAfterEdit, validateSchedule } from '../../domain/recurrence.ts';
import type { Actor, ServiceDeps } from '../context.ts';
import { getSettings } from '../settings/get-settings.ts';
import {
  changesAnchor,
  lastHandledPeriod,
  loadProfile,
  mergedScheduleInput,
  prepareProfileInvoice,
  type RecurringProfileInput,
  scheduleColumns,
  templateColumns,
} from './recurring-profile.ts';
import { loadProfileView } from './recurring-view.ts';

/**
 * Edits a profile. Invoices already generated keep what they were made with; the changes apply to the next ones.
 * A changed schedule takes effect from today: it never creates invoices for dates before the edit.
 */
export async function updateRecurringProfile(
  deps: ServiceDeps,
  _actor: Actor,
  id: string,
  input: RecurringProfileInput,
) {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const row = await loadProfile(trx, id, { lock: true });
    const schedule = validateSchedule(mergedScheduleInput(row, input));
    const settings = await getSettings(trx);
    const today = todayIn(settings.time_zone, now);
    const anchorChanged = changesAnchor(input);
    const nextRunDate = nextRunAfterEdit({
      schedule,
      anchorChanged,
      currentNext: row.status === 'finished' ? null : row.next_run_date,
      lastHandled: await lastHandledPeriod(trx, id),
      today,
      generatedCount: row.generated_count,
    });
    const prepared = await prepareProfileInvoice(trx, input, row, settings, nextRunDate ?? today, now);
    const status = nextRunDate === null ? 'finished' : row.status === 'paused' ? 'paused' : 'active';
    await trx
      .updateTable('recurring_profiles')
      .set({
        ...templateColumns(prepared),
        ...scheduleColumns(schedule),
        ...(input.name !== undefined ? { name: input.name.trim() } : {}),
        ...(input.autoSend !== undefined ? { auto_send: input.autoSend } : {}),
        status,
        next_run_date: nextRunDate,
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
    return loadProfileView(trx, id);
  });
}
