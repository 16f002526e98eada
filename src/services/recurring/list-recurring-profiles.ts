import type { RecurringProfileRow } from '../../db/schema.ts';
import type { ServiceDeps } from '../context.ts';
import { afterCursor, cursorTime, type PageRequest, pageLimit, toPage } from '../pagination.ts';
import { getSettings } from '../settings/get-settings.ts';
import { selectProfiles, toRecurringProfileView } from './recurring-view.ts';

export async function listRecurringProfiles(
  deps: ServiceDeps,
  filter: PageRequest & { status?: RecurringProfileRow['status']; clientId?: string },
) {
  let query = selectProfiles(deps.db).select(cursorTime('recurring_profiles'));
  if (filter.status) query = query.where('recurring_profiles.status', '=', filter.status);
  if (filter.clientId) query = query.where('recurring_profiles.client_id', '=', filter.clientId);
  if (filter.cursor) query = query.where(afterCursor('recurring_profiles', filter.cursor));
  const [rows, settings] = await Promise.all([
    query
      .orderBy('recurring_profiles.created_at', 'desc')
      .orderBy('recurring_profiles.id', 'desc')
      .limit(pageLimit(filter))
      .execute(),
    getSettings(deps.db),
  ]);
  return toPage(rows, filter, (row) => toRecurringProfileView(row, settings));
}
