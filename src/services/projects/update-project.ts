import { ValidationError } from '../../domain/errors.ts';
import type { ServiceDeps } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { toProjectView } from './project-view.ts';

export async function updateProject(
  deps: ServiceDeps,
  id: string,
  patch: { name?: string; archived?: boolean },
) {
  const name = patch.name?.trim();
  if (name === '') throw new ValidationError('name', 'A project needs a name');
  const now = deps.clock.now();
  const row = await deps.db
    .updateTable('projects')
    .set({
      ...(name === undefined ? {} : { name }),
      ...(patch.archived === undefined ? {} : { archived_at: patch.archived ? now : null }),
      updated_at: now,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Project');
  return toProjectView(row);
}
