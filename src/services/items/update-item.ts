import { recordEntityChange } from '../audit/record-entity-change.ts';
import { type ActionContext, type ServiceDeps, systemContext } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { getSettings } from '../settings/get-settings.ts';
import { type ItemInput, prepareItem } from './item-input.ts';
import { toItemView } from './item-view.ts';

export interface ItemPatch extends ItemInput {
  archived?: boolean;
}

/**
 * Changes or archives an item. Lines filled from it keep their own copy, so no invoice or profile changes. The lock
 * does not block lines being saved with the item meanwhile (they take a key-share lock only).
 */
export async function updateItem(
  deps: ServiceDeps,
  id: string,
  patch: ItemPatch,
  context: ActionContext = systemContext,
) {
  return deps.db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('items')
      .selectAll()
      .where('id', '=', id)
      .forNoKeyUpdate()
      .executeTakeFirst();
    if (!current) throw new NotFoundError('Item');
    const settings = await getSettings(trx);
    const columns = await prepareItem(trx, patch, current, settings.default_currency);
    const now = deps.clock.now();
    const archivedAt =
      patch.archived === undefined
        ? current.archived_at
        : patch.archived
          ? (current.archived_at ?? now)
          : null;
    const row = await trx
      .updateTable('items')
      .set({ ...columns, archived_at: archivedAt, updated_at: now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const item = toItemView(row);
    await recordEntityChange(trx, context, now, { type: 'item', id }, toItemView(current), item);
    return item;
  });
}
