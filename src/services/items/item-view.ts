import type { ItemPrice, ItemRow } from '../../db/schema.ts';
import { currencyExponent } from '../../domain/currency.ts';
import { findUnit } from '../../domain/units.ts';
import { normalizeDecimalText } from '../decimal-text.ts';

export interface ItemView {
  id: string;
  name: string;
  description: string;
  unitPrice: string;
  currency: string;
  prices: ItemPrice[];
  unit: string;
  unitLabel: string;
  code: string;
  taxRateIds: string[];
  archived: boolean;
  createdAt: string;
  updatedAt: string;
}

/** A price as the invoice view shows one: shortest exact form, at least the currency's decimals (at most 2). */
function priceText(value: string, currency: string): string {
  return normalizeDecimalText(value, Math.min(currencyExponent(currency), 2));
}

export function toItemView(row: ItemRow): ItemView {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    unitPrice: priceText(row.unit_price, row.currency),
    currency: row.currency,
    prices: row.prices.map((price) => ({
      currency: price.currency,
      unitPrice: priceText(price.unitPrice, price.currency),
    })),
    unit: row.unit,
    unitLabel: findUnit(row.unit)?.label ?? row.unit,
    code: row.code,
    taxRateIds: row.tax_rate_ids,
    archived: row.archived_at !== null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
