/**
 * The tax report's sums: taxable amount and tax per (period, currency, tax), added up exactly in minor units and
 * never across currencies. Invoices add, credit notes subtract (the caller passes their figures negated).
 */
import { compare, parseDecimal } from '../decimal.ts';
import { movementShares } from './cash-allocation.ts';

export interface TaxIdentity {
  name: string;
  /** Canonical percent text ("20", "9.975"). */
  rate: string;
  inclusive: boolean;
  compound: boolean;
  /** UNCL5305 VAT category of the tax rate, null when the rate has none (or the tax names no rate). */
  vatCategory: string | null;
}

export interface TaxSum extends TaxIdentity {
  period: string;
  currency: string;
  taxableMinor: bigint;
  taxMinor: bigint;
}

export type TaxSums = Map<string, TaxSum>;

const identityKey = (currency: string, tax: TaxIdentity) =>
  JSON.stringify([currency, tax.name, tax.rate, tax.inclusive, tax.compound, tax.vatCategory]);

export function addTaxSum(
  sums: TaxSums,
  period: string,
  currency: string,
  tax: TaxIdentity,
  taxableMinor: bigint,
  taxMinor: bigint,
): void {
  const key = `${period}\u0000${identityKey(currency, tax)}`;
  const sum = sums.get(key);
  if (sum) {
    sum.taxableMinor += taxableMinor;
    sum.taxMinor += taxMinor;
  } else sums.set(key, { ...tax, period, currency, taxableMinor, taxMinor });
}

/** A document's figure per tax, as stored in document_tax_amounts. */
export interface DocumentTax extends TaxIdentity {
  taxableMinor: bigint;
  taxMinor: bigint;
}

/**
 * Cash basis: what a payment or refund of a document carries of each of its taxes (see cash-allocation.ts), added
 * to `sums` with `sign` (-1 for a credit note's refund).
 */
export function addMovement(
  sums: TaxSums,
  movement: { period: string; currency: string; totalMinor: bigint; paidBefore: bigint; paidAfter: bigint },
  taxes: readonly DocumentTax[],
  sign: 1n | -1n,
): void {
  if (taxes.length === 0) return;
  const components = taxes.flatMap((tax) => [tax.taxableMinor, tax.taxMinor]);
  const shares = movementShares(components, movement.totalMinor, movement.paidBefore, movement.paidAfter);
  taxes.forEach((tax, index) => {
    addTaxSum(
      sums,
      movement.period,
      movement.currency,
      tax,
      sign * shares[2 * index]!,
      sign * shares[2 * index + 1]!,
    );
  });
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The sums in a stable order: period, currency, tax name, rate. */
export function sortedTaxSums(sums: TaxSums): TaxSum[] {
  return [...sums.values()].sort(
    (a, b) =>
      compareText(a.period, b.period) ||
      compareText(a.currency, b.currency) ||
      compareText(a.name, b.name) ||
      compare(parseDecimal(a.rate, 'rate'), parseDecimal(b.rate, 'rate')) ||
      compareText(String(a.vatCategory), String(b.vatCategory)) ||
      Number(a.inclusive) - Number(b.inclusive) ||
      Number(a.compound) - Number(b.compound),
  );
}

/** Per currency and tax over every period. */
export function taxTotals(rows: readonly TaxSum[]): Omit<TaxSum, 'period'>[] {
  const totals: TaxSums = new Map();
  for (const row of rows) addTaxSum(totals, '', row.currency, row, row.taxableMinor, row.taxMinor);
  return sortedTaxSums(totals).map(({ period: _period, ...rest }) => rest);
}
