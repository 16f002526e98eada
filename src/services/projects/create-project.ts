import { ValidationError } from '../../domain/errors.ts';
import type { ServiceDeps } from '../context.ts';
import { toProjectView } from './project-view.ts';

export async function createProject(deps: ServiceDeps, input: { clientId: string; name: string }) {
  const name = input.name.trim();
  if (!name) throw new ValidationError('name', 'A project needs a name');
  const client = await deps.db
    .selectFrom('clients')
    .select('id')
    .where('id', '=', input.clientId)
    .executeTakeFirst();
  if (!client) throw new ValidationError('clientId', 'No client has this id');
  const now = deps.clock.now();
  const row = await deps.db
    .insertInto('projects')
    .values({ client_id: input.clientId, name, created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toProjectView(row);
}
