import { ConflictError } from '../../domain/errors.ts';
import type { ServiceDeps } from '../context.ts';
import { NotFoundError } from '../errors.ts';

export async function deleteProject(deps: ServiceDeps, id: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const project = await trx
      .selectFrom('projects')
      .select('id')
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
  });
}
