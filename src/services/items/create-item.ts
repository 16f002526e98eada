import { recordEntityChange } from '../audit/record-entity-change.ts';
import { type ActionContext, type ServiceDeps, systemContext } from '../context.ts';
import { getSettings } from '../settings/get-settings.ts';
import { type ItemInput, prepareItem } from './item-input.ts';
import { toItemView } from './item-view.ts';

/** Adds a product or service to the catalogue, priced in the organisation's default currency unless told. */
export async function createItem(
  deps: ServiceDeps,
  input: ItemInput,
  context: ActionContext = systemContext,
) {
  return deps.db.transaction().execute(async (trx) => {
    const settings = await getSettings(trx);
    const columns = await prepareItem(trx, input, null, settings.default_currency);
    const now = deps.clock.now();
    const row = await trx
      .insertInto('items')
      .values({ ...columns, created_at: now, updated_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    const item = toItemView(row);
    await recordEntityChange(trx, context, now, { type: 'item', id: row.id }, null, item);
    return item;
  });
}
