/**
 * A catalogue item put on a line: the line takes its own copy of the item's text, price, unit and taxes, so editing
 * the item later changes no saved document.
 */
import type { Item, TaxRate } from '../types.ts';
import { type LineDraft, taxOf } from './charges.ts';

/** The item's price in `currency`: its own price when the currencies match, else its price for that currency. */
export function priceFor(item: Item, currency: string): string | null {
  if (item.currency === currency) return item.unitPrice;
  return item.prices.find((price) => price.currency === currency)?.unitPrice ?? null;
}

/**
 * What picking `item` sets on a line of a document in `currency`. Without a price in that currency the price is left
 * empty and the line says so. Taxes are the item's rates still offered (an archived one is left out, and said).
 */
export function fillFromItem(item: Item, currency: string, rates: TaxRate[]): Partial<LineDraft> {
  const price = priceFor(item, currency);
  const taxes = item.taxRateIds.flatMap((id) => {
    const rate = rates.find((r) => r.id === id);
    return rate ? [taxOf(rate)] : [];
  });
  const notices: string[] = [];
  if (price === null) {
    notices.push(
      `“${item.name}” has no price in ${currency} (it is priced in ${[item.currency, ...item.prices.map((p) => p.currency)].join(', ')}): enter the unit price.`,
    );
  }
  if (taxes.length < item.taxRateIds.length) {
    notices.push('A default tax of this item is no longer offered and was left out.');
  }
  return {
    description: item.description ? `${item.name}\n${item.description}` : item.name,
    unitPrice: price ?? '',
    unit: item.unit,
    taxes,
    itemId: item.id,
    notice: notices.join(' ') || undefined,
  };
}
