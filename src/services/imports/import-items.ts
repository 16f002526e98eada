import type { Insertable } from 'kysely';
import type { ItemsTable } from '../../db/schema.ts';
import { currencyExponent, isCurrency } from '../../domain/currency.ts';
import { formatDecimal, parseDecimal } from '../../domain/decimal.ts';
import { ValidationError } from '../../domain/errors.ts';
import { UNIT_PRICE_LIMITS } from '../../domain/totals.ts';
import { DEFAULT_UNIT, isUnitCode, UNITS } from '../../domain/units.ts';
import type { ActionContext, ServiceDeps } from '../context.ts';
import { getSettings } from '../settings/get-settings.ts';
import { type ImportRequest, insertInChunks, type PlanImport, runImport } from './run-import.ts';

/** A unit code, or the code of a unit named in words ("hour", "hours", "pc"); null when neither. */
export function unitCodeFor(text: string): string | null {
  if (!text) return DEFAULT_UNIT;
  const upper = text.trim().toUpperCase();
  if (isUnitCode(upper)) return upper;
  const lower = text.trim().toLowerCase();
  if (['pc', 'pcs', 'piece', 'pieces', 'stk', 'unit', 'units'].includes(lower)) return 'H87';
  if (['h', 'hr', 'hrs'].includes(lower)) return 'HUR';
  return UNITS.find((unit) => unit.label === lower || unit.plural === lower)?.code ?? null;
}

/**
 * Catalogue items, one a row. Names are unique among active items ignoring case (as the item editor keeps them), so
 * a name already in the catalogue or on an earlier row is refused.
 */
export const planItems: PlanImport = async (trx, file, problems, now) => {
  const settings = await getSettings(trx);
  const taken = new Map(
    (await trx.selectFrom('items').select('name').where('archived_at', 'is', null).execute()).map((item) => [
      item.name.toLowerCase(),
      0,
    ]),
  );
  const items: Insertable<ItemsTable>[] = [];
  for (const row of file.rows) {
    const name = row.get('name');
    if (!name) problems.add(row, 'name', 'An item needs a name');
    const key = name.toLowerCase();
    if (name && taken.has(key)) {
      const line = taken.get(key);
      problems.add(
        row,
        'name',
        line
          ? `Line ${line} already has an item called "${name}"`
          : `An active item is already called "${name}"`,
      );
    }
    taken.set(key, row.line);
    const currency = (row.get('currency') || settings.default_currency).toUpperCase();
    if (!isCurrency(currency)) {
      problems.add(row, 'currency', `"${row.get('currency')}" is not an ISO 4217 currency code`);
      continue;
    }
    const unit = unitCodeFor(row.get('unit'));
    if (!unit) {
      problems.add(
        row,
        'unit',
        `"${row.get('unit')}" is not a unit Remit knows: use a UN/ECE code such as HUR, DAY, H87`,
      );
    }
    if (!row.get('unitPrice')) problems.add(row, 'unitPrice', 'An item needs a unit price (it may be 0)');
    const price = problems.amount(row, 'unitPrice', currencyExponent(currency));
    let unitPrice: string | undefined;
    if (price !== undefined) {
      try {
        unitPrice = formatDecimal(parseDecimal(price, 'unitPrice', UNIT_PRICE_LIMITS));
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        problems.add(row, 'unitPrice', error.message.replace(/^unitPrice/, 'The unit price'));
      }
    }
    if (!name || !unit || unitPrice === undefined) continue;
    items.push({
      name,
      description: row.get('description'),
      unit_price: unitPrice,
      currency,
      prices: JSON.stringify([]),
      unit,
      code: row.get('code'),
      tax_rate_ids: JSON.stringify([]),
      created_at: now,
      updated_at: now,
    });
  }
  return {
    created: { items: items.length },
    async write(trx) {
      await insertInChunks(items, (chunk) => trx.insertInto('items').values(chunk).execute());
    },
  };
};

export function importItems(deps: ServiceDeps, context: ActionContext, request: ImportRequest) {
  return runImport(deps, context, 'items', request, planItems);
}
