import { z } from 'zod';
import { UNITS } from '../../domain/units.ts';
import { MAX_ITEM_PRICES, MAX_ITEM_TAXES } from '../../services/items/item-input.ts';
import { decimalInput, multilineText, shortText, unitInput, uuid } from '../schemas.ts';

const UNIT_LIST = UNITS.map((unit) => `${unit.code} ${unit.label}`).join(', ');

const currencyInput = z.string().length(3).toUpperCase();

/** A price of the item in another currency. */
export const itemPriceInput = z.strictObject({ currency: currencyInput, unitPrice: decimalInput });

/** The fields of a catalogue item a request may set; server-free, so the web app checks its form with the same rules. */
export const itemFields = {
  description: multilineText(5000)
    .optional()
    .meta({ description: 'Copied to the line description when the item is picked (with the name)' }),
  unitPrice: decimalInput.meta({ description: 'Price of one unit in `currency`, exact decimal ("85.00")' }),
  currency: currencyInput
    .optional()
    .meta({ description: "Currency of unitPrice; default: the organisation's default currency" }),
  prices: z
    .array(itemPriceInput)
    .max(MAX_ITEM_PRICES)
    .optional()
    .meta({ description: 'Prices in other currencies, one per currency (the full list when given)' }),
  unit: unitInput
    .optional()
    .meta({ description: `Unit of measure (default C62, a plain count): ${UNIT_LIST}` }),
  code: shortText(100).optional().meta({
    description: "The seller's identifier of the item, e.g. a SKU (BT-155 in e-invoices); '' for none",
  }),
  taxRateIds: z.array(uuid).max(MAX_ITEM_TAXES).optional().meta({
    description: 'Active tax rates a line filled from the item starts with (the full list when given)',
  }),
};

/** The body that creates an item. */
export const newItemBody = z.strictObject({ name: shortText().min(1), ...itemFields });
