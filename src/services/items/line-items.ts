import type { Trx } from '../../db/client.ts';
import { ValidationError } from '../../domain/errors.ts';

/**
 * Lines filled from the catalogue name their item. The items must exist (archived ones too: a saved line keeps its
 * item). They are read with a key-share lock, so an item cannot be deleted while the document that uses it is
 * being saved: the delete waits and then finds the use (it archives instead). Answers each item's code (BT-155),
 * which the line keeps a copy of.
 */
export async function checkLineItems(
  trx: Trx,
  lines: { itemId?: string | null }[],
): Promise<ReadonlyMap<string, string>> {
  const ids = [...new Set(lines.flatMap((line) => (line.itemId ? [line.itemId] : [])))];
  if (!ids.length) return new Map();
  const found = await trx
    .selectFrom('items')
    .select(['id', 'code'])
    .where('id', 'in', ids)
    .forKeyShare()
    .execute();
  const known = new Map(found.map((row) => [row.id, row.code]));
  checkItemsFound(lines, known);
  return known;
}

/** Refuses a line naming an item that is not among `known` (the items read for the document). */
export function checkItemsFound(
  lines: { itemId?: string | null }[],
  known: ReadonlyMap<string, string>,
): void {
  lines.forEach((line, index) => {
    if (line.itemId && !known.has(line.itemId)) {
      throw new ValidationError(`lines.${index}.itemId`, 'No catalogue item has this id');
    }
  });
}
