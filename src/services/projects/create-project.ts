import { ValidationError } from '../../domain/errors.ts';
import { recordEntityChange } from '../audit/record-entity-change.ts';
import { type ActionContext, type ServiceDeps, systemContext } from '../context.ts';
import { toProjectView } from './project-view.ts';

export async function createProject(
  deps: ServiceDeps,
  input: { clientId: string; name: string },
  context: ActionContext = systemContext,
) {
  const name = input.name.trim();
  if (!name) throw new ValidationError('name', 'A project needs a name');
  const client = await deps.db
    .selectFrom('clients')
    .select('id')
    .where('id', '=', input.clientId)
    .executeTakeFirst();
  if (!client) throw new ValidationError('clientId', 'No client has this id');
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('projects')
      .values({ client_id: input.clientId, name, created_at: now, updated_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    const project = toProjectView(row);
    await recordEntityChange(trx, context, now, { type: 'project', id: row.id }, null, project);
    return project;
  });
}
