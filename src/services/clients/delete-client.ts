import { ConflictError } from '../../domain/errors.ts';
import { recordEntityChange } from '../audit/record-entity-change.ts';
import { type ActionContext, type ServiceDeps, systemContext } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { getClient } from './get-client.ts';

/** Only a client with no invoices can be deleted; the others are archived so their records stay whole. */
export async function deleteClient(
  deps: ServiceDeps,
  id: string,
  context: ActionContext = systemContext,
): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const client = await trx
      .selectFrom('clients')
      .select('id')
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!client) throw new NotFoundError('Client');
    const invoice = await trx
      .selectFrom('invoices')
      .select('id')
      .where('client_id', '=', id)
      .executeTakeFirst();
    if (invoice) {
      throw new ConflictError(
        'client_has_invoices',
        'This client has invoices; archive it instead of deleting it',
      );
    }
    const before = await getClient(trx, id);
    await trx.deleteFrom('projects').where('client_id', '=', id).execute();
    await trx.deleteFrom('clients').where('id', '=', id).execute();
    await recordEntityChange(trx, context, deps.clock.now(), { type: 'client', id }, before, null);
  });
}
