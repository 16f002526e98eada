import { ValidationError } from '../../domain/errors.ts';
import { recordEntityChange } from '../audit/record-entity-change.ts';
import { type ActionContext, type ServiceDeps, systemContext } from '../context.ts';
import { type ClientInput, clientColumns, organisationLocale, replaceContacts } from './client-input.ts';
import { getClient } from './get-client.ts';

/** Recorded in the audit log as `client.created` (the system when no request context is given). */
export async function createClient(
  deps: ServiceDeps,
  input: ClientInput,
  context: ActionContext = systemContext,
) {
  if (!input.name?.trim()) throw new ValidationError('name', 'A client needs a name');
  const columns = clientColumns(input, await organisationLocale(deps, input));
  return deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    const { id } = await trx
      .insertInto('clients')
      .values({ ...columns, name: input.name!.trim(), created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (input.contacts) await replaceContacts(trx, id, input.contacts);
    const client = await getClient(trx, id);
    await recordEntityChange(trx, context, now, { type: 'client', id }, null, client);
    return client;
  });
}
