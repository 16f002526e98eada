import { ValidationError } from '../../domain/errors.ts';
import type { ServiceDeps } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { type ClientInput, clientColumns, organisationLocale, replaceContacts } from './client-input.ts';
import { getClient } from './get-client.ts';

export interface ClientPatch extends ClientInput {
  archived?: boolean;
}

export async function updateClient(deps: ServiceDeps, id: string, patch: ClientPatch) {
  if (patch.name !== undefined && !patch.name.trim())
    throw new ValidationError('name', 'A client needs a name');
  const columns = clientColumns(
    { ...patch, name: patch.name?.trim() },
    await organisationLocale(deps, patch),
  );
  return deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    const archived = patch.archived === undefined ? {} : { archived_at: patch.archived ? now : null };
    const updated = await trx
      .updateTable('clients')
      .set({ ...columns, ...archived, updated_at: now })
      .where('id', '=', id)
      .returning('id')
      .executeTakeFirst();
    if (!updated) throw new NotFoundError('Client');
    if (patch.contacts) await replaceContacts(trx, id, patch.contacts);
    return getClient(trx, id);
  });
}
