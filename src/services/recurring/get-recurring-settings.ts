import type { CatchUpMode } from '../../domain/recurrence.ts';
import type { ServiceDeps } from '../context.ts';

export interface RecurringSettingsView {
  /** After downtime: `all` generates every missed period with its own dates, `latest` only the most recent one. */
  catchUp: CatchUpMode;
}

export async function getRecurringSettings(deps: ServiceDeps): Promise<RecurringSettingsView> {
  const row = await deps.db
    .selectFrom('recurring_settings')
    .select('catch_up')
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  return { catchUp: row.catch_up };
}
