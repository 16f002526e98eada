import { sql } from 'kysely';
import type { Trx } from '../../db/client.ts';
import { recordEntityChange } from '../audit/record-entity-change.ts';
import { type ActionContext, type ServiceDeps, systemContext } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { type ItemView, toItemView } from './item-view.ts';

export type DeleteItemResult =
  | { outcome: 'deleted' }
  | {
      outcome: 'archived';
      reason: string;
      invoiceCount: number;
      quoteCount: number;
      creditNoteCount: number;
      profileCount: number;
      item: ItemView;
    };

/**
 * How many invoices and quotes (in any version), credit notes and recurring profiles have a line filled from the
 * item. Invoice, quote and credit note lines reference the item, so a used item could not be deleted anyway.
 */
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
        .selectFrom(
          sql<{ quote_id: string }>`(
            select quote_id from quote_lines where item_id = ${id}
            union
            select document_id from document_revisions
              where document_kind = 'quote' and snapshot -> 'lines' @> ${asJsonLine('item_id')}::jsonb
          )`.as('uses'),
        )
        .select((inner) => inner.fn.countAll<string>().as('n'))
        .as('quotes'),
      eb
        .selectFrom('credit_note_lines')
        .select(sql<string>`count(distinct credit_note_id)`.as('n'))
        .where('item_id', '=', id)
        .as('creditNotes'),
      eb
        .selectFrom('recurring_profiles')
        .select((inner) => inner.fn.countAll<string>().as('n'))
        .where(sql<boolean>`lines @> ${asJsonLine('itemId')}::jsonb`)
        .as('profiles'),
    ])
    .executeTakeFirstOrThrow();
  return {
    invoices: Number(row.invoices ?? 0),
    quotes: Number(row.quotes ?? 0),
    creditNotes: Number(row.creditNotes ?? 0),
    profiles: Number(row.profiles ?? 0),
  };
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Deletes an item no document has used. An item on any invoice or quote (current lines or an earlier revision),
 * credit note or recurring profile is archived instead, so it can be traced from those lines: the answer says so and why. The row lock waits
 * for documents being saved with the item, and makes them wait, so none can take it up while it is deleted.
 */
export async function deleteItem(
  deps: ServiceDeps,
  id: string,
  context: ActionContext = systemContext,
): Promise<DeleteItemResult> {
  return deps.db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('items')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw new NotFoundError('Item');
    const uses = await usesOf(trx, id);
    if (uses.invoices + uses.quotes + uses.creditNotes + uses.profiles === 0) {
      await trx.deleteFrom('items').where('id', '=', id).execute();
      await recordEntityChange(
        trx,
        context,
        deps.clock.now(),
        { type: 'item', id },
        toItemView(current),
        null,
      );
      return { outcome: 'deleted' };
    }
    const now = deps.clock.now();
    const row = await trx
      .updateTable('items')
      .set({ archived_at: current.archived_at ?? now, updated_at: now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordEntityChange(trx, context, now, { type: 'item', id }, toItemView(current), toItemView(row));
    const places = [
      uses.invoices ? count(uses.invoices, 'invoice', 'invoices') : '',
      uses.quotes ? count(uses.quotes, 'quote', 'quotes') : '',
      uses.creditNotes ? count(uses.creditNotes, 'credit note', 'credit notes') : '',
      uses.profiles ? count(uses.profiles, 'recurring profile', 'recurring profiles') : '',
    ].filter(Boolean);
    const where =
      places.length > 1 ? `${places.slice(0, -1).join(', ')} and ${places.at(-1)}` : (places[0] ?? '');
    return {
      outcome: 'archived',
      reason: `"${row.name}" is used on ${where}, so it was archived instead of deleted: those lines keep their copy, and archived items are no longer offered`,
      invoiceCount: uses.invoices,
      quoteCount: uses.quotes,
      creditNoteCount: uses.creditNotes,
      profileCount: uses.profiles,
      item: toItemView(row),
    };
  });
}
