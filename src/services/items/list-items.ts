import type { ServiceDeps } from '../context.ts';
import { afterCursor, cursorTime, type PageRequest, pageLimit, toPage } from '../pagination.ts';
import { toItemView } from './item-view.ts';

export interface ItemFilter extends PageRequest {
  /** Case-insensitive search in name and description. */
  q?: string;
  /** true: archived items only; default: active items only. */
  archived?: boolean;
}

/** Items newest first, a page at a time (keyset on created_at, id, like the other lists). */
export async function listItems(deps: ServiceDeps, filter: ItemFilter) {
  let query = deps.db.selectFrom('items').selectAll().select(cursorTime('items'));
  const q = filter.q?.trim();
  if (q) {
    const pattern = `%${q.replace(/[\\%_]/g, '\\$&')}%`;
    query = query.where((eb) => eb.or([eb('name', 'ilike', pattern), eb('description', 'ilike', pattern)]));
  }
  query = query.where('archived_at', filter.archived ? 'is not' : 'is', null);
  if (filter.cursor) query = query.where(afterCursor('items', filter.cursor));
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(pageLimit(filter))
    .execute();
  return toPage(rows, filter, toItemView);
}
