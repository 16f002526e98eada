import { ValidationError } from '../../domain/errors.ts';
import { recordEntityChange } from '../audit/record-entity-change.ts';
import { type ActionContext, type ServiceDeps, systemContext } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { type ClientInput, clientColumns, organisationLocale, replaceContacts } from './client-input.ts';
import { getClient } from './get-client.ts';

export interface ClientPatch extends ClientInput {
  archived?: boolean;
}

/** Recorded in the audit log as `client.updated` with the changed fields, contacts included. */
export async function updateClient(
  deps: ServiceDeps,
  id: string,
  patch: ClientPatch,
  context: ActionContext = systemContext,
) {
  if (patch.name !== undefined && !patch.name.trim())
    throw new ValidationError('name', 'A client needs a name');
  const columns = clientColumns(
    { ...patch, name: patch.name?.trim() },
    await organisationLocale(deps, patch),
  );
  return deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    const archived = patch.archived === undefined ? {} : { archived_at: patch.archived ? now : null };
    const before = await trx
      .selectFrom('clients')
      .select('id')
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw new NotFoundError('Client');
    const beforeView = await getClient(trx, id);
    const updated = await trx
      .updateTable('clients')
      .set({ ...columns, ...archived, updated_at: now })
      .where('id', '=', id)
      .returning('id')
      .executeTakeFirst();
    if (!updated) throw new NotFoundError('Client');
    if (patch.contacts) await replaceContacts(trx, id, patch.contacts);
    const client = await getClient(trx, id);
    await recordEntityChange(trx, context, now, { type: 'client', id }, beforeView, client);
    return client;
  });
}
