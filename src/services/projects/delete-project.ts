import { ConflictError } from '../../domain/errors.ts';
import { recordEntityChange } from '../audit/record-entity-change.ts';
import { type ActionContext, type ServiceDeps, systemContext } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { toProjectView } from './project-view.ts';

export async function deleteProject(
  deps: ServiceDeps,
  id: string,
  context: ActionContext = systemContext,
): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const project = await trx
      .selectFrom('projects')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!project) throw new NotFoundError('Project');
    const invoice = await trx
      .selectFrom('invoices')
      .select('id')
      .where('project_id', '=', id)
      .executeTakeFirst();
    if (invoice) {
      throw new ConflictError(
        'project_has_invoices',
        'This project has invoices; archive it instead of deleting it',
      );
    }
    await trx.deleteFrom('projects').where('id', '=', id).execute();
    await recordEntityChange(
      trx,
      context,
      deps.clock.now(),
      { type: 'project', id },
      toProjectView(project),
      null,
    );
  });
}
