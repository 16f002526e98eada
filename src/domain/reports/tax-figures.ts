/**
 * A document's figures per tax as the tax report keeps them: the totals engine's tax lines, each with the tax rate
 * it came from (when the document's stored taxes name one), so the report can show the rate's VAT category.
 */
import { formatDecimal, normalize, parseDecimal } from '../decimal.ts';
import { taxKey } from '../tax.ts';
import type { TaxLine } from '../totals.ts';

export interface StoredTaxReference {
  taxRateId: string | null;
  name: string;
  rate: string;
  inclusive: boolean;
  compound: boolean;
}

export interface DocumentTaxFigure {
  taxRateId: string | null;
  name: string;
  rate: string;
  inclusive: boolean;
  compound: boolean;
  taxableMinor: bigint;
  taxMinor: bigint;
}

const keyOf = (tax: { name: string; rate: string; inclusive: boolean; compound: boolean }) =>
  taxKey(tax.name, formatDecimal(normalize(parseDecimal(tax.rate, 'rate'))), tax.inclusive, tax.compound);

/** The engine's tax lines with the first tax rate id the document's stored taxes give for the same tax. */
export function documentTaxFigures(
  taxLines: readonly TaxLine[],
  storedTaxes: readonly StoredTaxReference[],
): DocumentTaxFigure[] {
  const rateIds = new Map<string, string>();
  for (const tax of storedTaxes) {
    const key = keyOf(tax);
    if (tax.taxRateId && !rateIds.has(key)) rateIds.set(key, tax.taxRateId);
  }
  return taxLines.map((line) => ({
    taxRateId: rateIds.get(keyOf(line)) ?? null,
    name: line.name,
    rate: line.rate,
    inclusive: line.inclusive,
    compound: line.compound,
    taxableMinor: line.taxableBase,
    taxMinor: line.amount,
  }));
}
