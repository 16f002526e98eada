import type { Db, Trx } from '../../db/client.ts';
import { NotFoundError } from '../errors.ts';
import { type ClientView, toClientView } from './client-view.ts';

export async function getClient(db: Db | Trx, id: string): Promise<ClientView> {
  const row = await db.selectFrom('clients').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('Client');
  const contacts = await db
    .selectFrom('contacts')
    .selectAll()
    .where('client_id', '=', id)
    .orderBy('position')
    .execute();
  return toClientView(row, contacts);
}
