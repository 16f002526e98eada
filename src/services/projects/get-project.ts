import type { Db, Trx } from '../../db/client.ts';
import { NotFoundError } from '../errors.ts';
import { toProjectView } from './project-view.ts';

export async function getProject(db: Db | Trx, id: string) {
  const row = await db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('Project');
  return toProjectView(row);
}
