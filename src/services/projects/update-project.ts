import { ValidationError } from '../../domain/errors.ts';
import { recordEntityChange } from '../audit/record-entity-change.ts';
import { type ActionContext, type ServiceDeps, systemContext } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { toProjectView } from './project-view.ts';

export async function updateProject(
  deps: ServiceDeps,
  id: string,
  patch: { name?: string; archived?: boolean },
  context: ActionContext = systemContext,
) {
  const name = patch.name?.trim();
  if (name === '') throw new ValidationError('name', 'A project needs a name');
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('projects')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw new NotFoundError('Project');
    const row = await trx
      .updateTable('projects')
      .set({
        ...(name === undefined ? {} : { name }),
        ...(patch.archived === undefined ? {} : { archived_at: patch.archived ? now : null }),
        updated_at: now,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const project = toProjectView(row);
    await recordEntityChange(trx, context, now, { type: 'project', id }, toProjectView(before), project);
    return project;
  });
}
