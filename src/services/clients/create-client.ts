import { ValidationError } from '../../domain/errors.ts';
import type { ServiceDeps } from '../context.ts';
import { type ClientInput, clientColumns, organisationLocale, replaceContacts } from './client-input.ts';
import { getClient } from './get-client.ts';

export async function createClient(deps: ServiceDeps, input: ClientInput) {
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
    return getClient(trx, id);
  });
}
