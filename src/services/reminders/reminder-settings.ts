import type { Db, Trx } from '../../db/client.ts';
import type { ReminderSettingsRow } from '../../db/schema.ts';
import type { ReminderSchedule } from '../../domain/reminder-schedule.ts';
import type { ServiceDeps } from '../context.ts';

export interface ReminderSettingsView extends ReminderSchedule {
  enabled: boolean;
  updatedAt: string;
}

export async function readReminderSettings(db: Db | Trx): Promise<ReminderSettingsRow> {
  return db.selectFrom('reminder_settings').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
}

export function reminderSchedule(row: ReminderSettingsRow): ReminderSchedule {
  return {
    daysBeforeDue: row.days_before_due,
    onDueDate: row.on_due_date,
    everyDaysAfter: row.every_days_after,
    maxAfter: row.max_after,
  };
}

export function reminderSettingsView(row: ReminderSettingsRow): ReminderSettingsView {
  return { enabled: row.enabled, ...reminderSchedule(row), updatedAt: row.updated_at.toISOString() };
}

export async function getReminderSettings(deps: ServiceDeps): Promise<ReminderSettingsView> {
  return reminderSettingsView(await readReminderSettings(deps.db));
}
