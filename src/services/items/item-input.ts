import type { Trx } from '../../db/client.ts';
import type { ItemPrice, ItemRow } from '../../db/schema.ts';
import { isCurrency } from '../../domain/currency.ts';
import { formatDecimal, parseDecimal } from '../../domain/decimal.ts';
import { ConflictError, ValidationError } from '../../domain/errors.ts';
import { UNIT_PRICE_LIMITS } from '../../domain/totals.ts';
import { DEFAULT_UNIT, isUnitCode, UNIT_CODE_MESSAGE } from '../../domain/units.ts';
import { checkSavedRateUsable } from '../taxes/tax-rate-input.ts';

/** What staff may set on a catalogue item; on update, fields left out keep their value. */
export interface ItemInput {
  name?: string;
  description?: string;
  /** In `currency`. */
  unitPrice?: string;
  /** The currency of unitPrice; default: the organisation's default currency. */
  currency?: string;
  /** Prices in other currencies, one per currency; when given, the full list. */
  prices?: ItemPrice[];
  /** UN/ECE Rec 20 code (domain/units.ts); default C62. */
  unit?: string;
  /** The seller's identifier of the item (BT-155 in e-invoices), e.g. a SKU; '' : none. */
  code?: string;
  /** Taxes a line filled from this item starts with; when given, the full list. */
  taxRateIds?: string[];
}

export const MAX_ITEM_PRICES = 50;
export const MAX_ITEM_TAXES = 10;

function checkCurrency(code: string, field: string): string {
  if (!isCurrency(code)) throw new ValidationError(field, `"${code}" is not an ISO 4217 currency code`);
  return code;
}

function checkPrice(value: string, field: string): string {
  return formatDecimal(parseDecimal(value, field, UNIT_PRICE_LIMITS));
}

function checkPrices(prices: ItemPrice[], ownCurrency: string): ItemPrice[] {
  const seen = new Set<string>();
  return prices.map((price, index) => {
    const field = `prices.${index}.currency`;
    const currency = checkCurrency(price.currency, field);
    if (currency === ownCurrency) {
      throw new ValidationError(
        field,
        `${currency} is the item's own currency: its price is unitPrice, not one of the other prices`,
      );
    }
    if (seen.has(currency))
      throw new ValidationError(field, `Only one price per currency: ${currency} is given twice`);
    seen.add(currency);
    return { currency, unitPrice: checkPrice(price.unitPrice, `prices.${index}.unitPrice`) };
  });
}

/** The ids must name active tax rates an invoice can use; each once. */
async function checkTaxRateIds(trx: Trx, ids: string[]): Promise<string[]> {
  const rates = ids.length
    ? await trx
        .selectFrom('tax_rates')
        .selectAll()
        .where('id', 'in', ids)
        .where('archived_at', 'is', null)
        .execute()
    : [];
  const seen = new Set<string>();
  ids.forEach((id, index) => {
    const field = `taxRateIds.${index}`;
    const rate = rates.find((r) => r.id === id);
    if (!rate) throw new ValidationError(field, 'No active tax rate has this id');
    if (seen.has(id)) throw new ValidationError(field, `The tax rate "${rate.name}" is listed twice`);
    seen.add(id);
    checkSavedRateUsable(rate, field);
  });
  return ids;
}

/**
 * Names are unique among active items, ignoring case: the editors offer items by name, and two alike would be a
 * guess. An archived item's name is free to reuse (restoring it then needs a rename).
 */
async function checkNameFree(trx: Trx, name: string, exceptId: string | null): Promise<void> {
  let query = trx
    .selectFrom('items')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .where('archived_at', 'is', null);
  if (exceptId) query = query.where('id', '<>', exceptId);
  if (await query.executeTakeFirst()) {
    throw new ConflictError(
      'item_name_taken',
      `An active item is already called "${name}"; choose another name or archive that item first`,
      'name',
    );
  }
}

/**
 * Validates an item against the database without writing, and returns its column values. `current` is the stored
 * item on update (null on create); `defaultCurrency` prices a new item. Every error names its field.
 */
export async function prepareItem(
  trx: Trx,
  input: ItemInput & { archived?: boolean },
  current: ItemRow | null,
  defaultCurrency: string,
) {
  const name = input.name === undefined ? current?.name : input.name.trim();
  if (!name) throw new ValidationError('name', 'An item needs a name, e.g. "Design work" or "Hosting"');
  const unitPriceText = input.unitPrice ?? current?.unit_price;
  if (unitPriceText === undefined) {
    throw new ValidationError('unitPrice', 'An item needs a unit price (it may be 0)');
  }
  const unitPrice = checkPrice(unitPriceText, 'unitPrice');
  const currency = checkCurrency(input.currency ?? current?.currency ?? defaultCurrency, 'currency');
  const prices = checkPrices(input.prices ?? current?.prices ?? [], currency);
  const unit = input.unit ?? current?.unit ?? DEFAULT_UNIT;
  if (!isUnitCode(unit)) throw new ValidationError('unit', UNIT_CODE_MESSAGE);
  // Rates archived after they were chosen stay listed until the list is changed; a new list must be all active.
  const taxRateIds =
    input.taxRateIds !== undefined
      ? await checkTaxRateIds(trx, input.taxRateIds)
      : (current?.tax_rate_ids ?? []);
  const archived = input.archived ?? current?.archived_at != null;
  if (!archived) await checkNameFree(trx, name, current?.id ?? null);
  return {
    name,
    description: input.description ?? current?.description ?? '',
    unit_price: unitPrice,
    currency,
    prices: JSON.stringify(prices),
    unit,
    code: input.code === undefined ? (current?.code ?? '') : input.code.trim(),
    tax_rate_ids: JSON.stringify(taxRateIds),
  };
}
