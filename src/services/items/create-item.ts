import type { ServiceDeps } from '../context.ts';
import { getSettings } from '../settings/get-settings.ts';
import { type ItemInput, prepareItem } from './item-input.ts';
import { toItemView } from './item-view.ts';

/** Adds a product or service to the catalogue, priced in the organisation's default currency unless told. */
export async function createItem(deps: ServiceDeps, input: ItemInput) {
  return deps.db.transaction().execute(async (trx) => {
    const settings = await getSettings(trx);
    const columns = await prepareItem(trx, input, null, settings.default_currency);
    const now = deps.clock.now();
    const row = await trx
      .insertInto('items')
      .values({ ...columns, created_at: now, updated_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toItemView(row);
  });
}
