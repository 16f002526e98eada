import type { Db, Trx } from '../../db/client.ts';
import { NotFoundError } from '../errors.ts';
import { toItemView } from './item-view.ts';

export async function getItem(db: Db | Trx, id: string) {
  const row = await db.selectFrom('items').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('Item');
  return toItemView(row);
}
