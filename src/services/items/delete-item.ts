import { sql } from 'kysely';
import type { Trx } from '../../db/client.ts';
import type { ServiceDeps } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { type ItemView, toItemView } from './item-view.ts';

export type DeleteItemResult =
  | { outcome: 'deleted' }
  | { outcome: 'archived'; reason: string; invoiceCount: number; profileCount: number; item: ItemView };

/** How many invoices (in any version) and recurring profiles have a line filled from the item. */
async function usesOf(trx: Trx, id: string) {
  const asJsonLine = (key: string) => JSON.stringify([{ [key]: id }]);
  const row = await trx
    .selectNoFrom((eb) => [
      eb
        .selectFrom(
          sql<{ invoice_id: string }>`(
            select invoice_id from invoice_lines where item_id = ${id}
            union
            select invoice_id from invoice_revisions where snapshot -> 'lines' @> ${asJsonLine('item_id')}::jsonb
          )`.as('uses'),
        )
        .select((inner) => inner.fn.countAll<string>().as('n'))
        .as('invoices'),
      eb
        .selectFrom('recurring_profiles')
        .select((inner) => inner.fn.countAll<string>().as('n'))
        .where(sql<boolean>`lines @> ${asJsonLine('itemId')}::jsonb`)
        .as('profiles'),
    ])
    .executeTakeFirstOrThrow();
  return { invoices: Number(row.invoices ?? 0), profiles: Number(row.profiles ?? 0) };
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Deletes an item no document has used. An item on any invoice (current lines or an earlier revision) or recurring
 * profile is archived instead, so it can be traced from those lines: the answer says so and why. The row lock waits
 * for documents being saved with the item, and makes them wait, so none can take it up while it is deleted.
 */
export async function deleteItem(deps: ServiceDeps, id: string): Promise<DeleteItemResult> {
  return deps.db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('items')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw new NotFoundError('Item');
    const uses = await usesOf(trx, id);
    if (uses.invoices === 0 && uses.profiles === 0) {
      await trx.deleteFrom('items').where('id', '=', id).execute();
      return { outcome: 'deleted' };
    }
    const now = deps.clock.now();
    const row = await trx
      .updateTable('items')
      .set({ archived_at: current.archived_at ?? now, updated_at: now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const where = [
      uses.invoices ? count(uses.invoices, 'invoice', 'invoices') : '',
      uses.profiles ? count(uses.profiles, 'recurring profile', 'recurring profiles') : '',
    ]
      .filter(Boolean)
      .join(' and ');
    return {
      outcome: 'archived',
      reason: `"${row.name}" is used on ${where}, so it was archived instead of deleted: those lines keep their copy, and archived items are no longer offered`,
      invoiceCount: uses.invoices,
      profileCount: uses.profiles,
      item: toItemView(row),
    };
  });
}
