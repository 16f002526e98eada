import type { ServiceDeps } from '../context.ts';
import { toUserView } from './user-view.ts';

export async function listUsers(deps: ServiceDeps) {
  const rows = await deps.db.selectFrom('users').selectAll().orderBy('created_at').orderBy('id').execute();
  return rows.map(toUserView);
}
