import type { ServiceDeps } from '../context.ts';
import { afterCursor, cursorTime, type PageRequest, pageLimit, toPage } from '../pagination.ts';
import { toProjectView } from './project-view.ts';

export async function listProjects(
  deps: ServiceDeps,
  filter: PageRequest & { clientId?: string; archived?: boolean },
) {
  let query = deps.db.selectFrom('projects').selectAll().select(cursorTime('projects'));
  if (filter.clientId) query = query.where('client_id', '=', filter.clientId);
  query = query.where('archived_at', filter.archived ? 'is not' : 'is', null);
  if (filter.cursor) query = query.where(afterCursor('projects', filter.cursor));
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(pageLimit(filter))
    .execute();
  return toPage(rows, filter, toProjectView);
}
