import type { ServiceDeps } from '../context.ts';
import { readReminderSettings, reminderSettingsView } from './reminder-settings.ts';

export interface ReminderSettingsPatch {
  enabled?: boolean;
  daysBeforeDue?: number | null;
  onDueDate?: boolean;
  everyDaysAfter?: number | null;
  maxAfter?: number;
}

/** Changes the automatic reminder schedule; fields left out keep their value. Ranges are checked by the route. */
export async function updateReminderSettings(deps: ServiceDeps, patch: ReminderSettingsPatch) {
  const columns = {
    enabled: patch.enabled,
    days_before_due: patch.daysBeforeDue,
    on_due_date: patch.onDueDate,
    every_days_after: patch.everyDaysAfter,
    max_after: patch.maxAfter,
  };
  const changes = Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== undefined));
  await deps.db
    .updateTable('reminder_settings')
    .set({ ...changes, updated_at: deps.clock.now() })
    .where('id', '=', 1)
    .execute();
  return reminderSettingsView(await readReminderSettings(deps.db));
}
