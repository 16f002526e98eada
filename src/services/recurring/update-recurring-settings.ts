import type { CatchUpMode } from '../../domain/recurrence.ts';
import type { ServiceDeps } from '../context.ts';
import type { RecurringSettingsView } from './get-recurring-settings.ts';

/** Sets how recurring invoices catch up after downtime. */
export async function updateRecurringSettings(
  deps: ServiceDeps,
  input: { catchUp: CatchUpMode },
): Promise<RecurringSettingsView> {
  const row = await deps.db
    .updateTable('recurring_settings')
    .set({ catch_up: input.catchUp, updated_at: deps.clock.now() })
    .where('id', '=', 1)
    .returning('catch_up')
    .executeTakeFirstOrThrow();
  return { catchUp: row.catch_up };
}
