/**
 * Tax helpers for the totals engine: validation of tax inputs, identity of a tax, the order in which a
 * line's taxes are computed, and extraction of inclusive tax from a gross amount.
 */
import {
  apportion,
  type Decimal,
  divRoundHalfUp,
  formatDecimal,
  normalize,
  parseDecimal,
  pow10,
  unitsAt,
} from './decimal.ts';
import { ValidationError } from './errors.ts';

/** rate in percent, e.g. "9.975". */
export interface TaxInput {
  name: string;
  rate: string;
  inclusive: boolean;
  compound: boolean;
}

/** A validated tax. Two taxes with the same `key` are the same tax. */
export interface ParsedTax {
  key: string;
  name: string;
  /** The rate in percent, normalized (no trailing zeros). */
  rate: Decimal;
  /** Canonical text of the rate: "9.975", "20", "0". */
  rateText: string;
  inclusive: boolean;
  compound: boolean;
}

export const MAX_TAX_RATE_DECIMALS = 6;
export const MAX_TAX_NAME_LENGTH = 100;

export const INCLUSIVE_AND_COMPOUND =
  'A tax cannot be both inclusive and compound: an inclusive tax is contained in the price, a compound tax is ' +
  'charged on top of the price and the other taxes';

/**
 * Whether a tax's two flags go together. Inclusive taxes are extracted from the gross before any tax is charged on
 * top; a compound tax is charged on the net plus the taxes before it. A tax cannot be both.
 */
export function isValidTaxKind(tax: { inclusive: boolean; compound: boolean }): boolean {
  return !(tax.inclusive && tax.compound);
}

/** Throws a ValidationError naming `field` for a tax that is both inclusive and compound. */
export function checkTaxKind(
  tax: { inclusive: boolean; compound: boolean },
  field: string,
  message = INCLUSIVE_AND_COMPOUND,
): void {
  if (!isValidTaxKind(tax)) throw new ValidationError(field, message);
}

/** The identity of a tax: same name, rate (numerically), inclusive and compound flags. */
export function taxKey(name: string, rateText: string, inclusive: boolean, compound: boolean): string {
  return JSON.stringify([name, rateText, inclusive, compound]);
}

/** Validates one tax. `field` is its path, e.g. `taxes.0` or `lines.2.taxes.1`. */
export function parseTax(input: TaxInput, field: string): ParsedTax {
  if (input === null || typeof input !== 'object') {
    throw new ValidationError(field, `${field} must be an object with name, rate, inclusive and compound`);
  }
  const { name, inclusive, compound } = input;
  if (typeof name !== 'string' || name.trim() === '') {
    throw new ValidationError(`${field}.name`, `${field}.name must be a non-empty string`);
  }
  if (name.length > MAX_TAX_NAME_LENGTH) {
    throw new ValidationError(
      `${field}.name`,
      `${field}.name must be at most ${MAX_TAX_NAME_LENGTH} characters`,
    );
  }
  if (typeof inclusive !== 'boolean') {
    throw new ValidationError(`${field}.inclusive`, `${field}.inclusive must be true or false`);
  }
  if (typeof compound !== 'boolean') {
    throw new ValidationError(`${field}.compound`, `${field}.compound must be true or false`);
  }
  checkTaxKind({ inclusive, compound }, `${field}.compound`);
  const rate = normalize(
    parseDecimal(input.rate, `${field}.rate`, {
      maxScale: MAX_TAX_RATE_DECIMALS,
      maxIntegerDigits: 3,
      nonNegative: true,
    }),
  );
  if (rate.units > unitsAt({ units: 100n, scale: 0 }, rate.scale)) {
    throw new ValidationError(`${field}.rate`, `${field}.rate must be between 0 and 100 percent`);
  }
  const rateText = formatDecimal(rate);
  return { key: taxKey(name, rateText, inclusive, compound), name, rate, rateText, inclusive, compound };
}

/** Validates a list of taxes found at `field` (e.g. `taxes` or `lines.3.taxes`). */
export function parseTaxList(input: readonly TaxInput[] | null | undefined, field: string): ParsedTax[] {
  if (input === null || input === undefined) return [];
  if (!Array.isArray(input)) throw new ValidationError(field, `${field} must be a list`);
  return input.map((tax, j) => parseTax(tax, `${field}.${j}`));
}

/**
 * The taxes that apply to one line: its own taxes in their order, then the invoice-level taxes it does not
 * already carry. A tax listed twice counts once.
 */
export function mergeTaxes(own: readonly ParsedTax[], invoice: readonly ParsedTax[]): ParsedTax[] {
  const seen = new Set<string>();
  const merged: ParsedTax[] = [];
  for (const tax of [...own, ...invoice]) {
    if (seen.has(tax.key)) continue;
    seen.add(tax.key);
    merged.push(tax);
  }
  return merged;
}

/**
 * The exclusive taxes of a line in computation order: non-compound taxes first, then compound taxes, each
 * group in listed order. A compound tax is charged on the net plus every tax computed before it.
 */
export function exclusiveCalculationOrder(taxes: readonly ParsedTax[]): ParsedTax[] {
  const exclusive = taxes.filter((t) => !t.inclusive);
  return [...exclusive.filter((t) => !t.compound), ...exclusive.filter((t) => t.compound)];
}

/**
 * Inclusive taxes contained in a gross amount (minor units). With combined rate R = sum of the rates, the
 * tax contained is gross × R / (100 + R), rounded half up once; it is then split among the rates in
 * proportion to each rate (largest remainder), so the parts add up exactly.
 *
 * Returns the total tax contained, each rate's part (same order as `taxes`), and the net (gross − tax).
 */
export function extractInclusive(
  gross: bigint,
  taxes: readonly ParsedTax[],
): { tax: bigint; parts: bigint[]; net: bigint } {
  if (taxes.length === 0) return { tax: 0n, parts: [], net: gross };
  const { numerators, denominator } = inclusiveShares(taxes);
  let combined = 0n;
  for (const n of numerators) combined += n;
  // exact tax = gross × combined / denominator, with denominator = 100 + R at a common scale
  const tax = divRoundHalfUp(gross * combined, denominator);
  const parts = apportion(
    tax,
    numerators.map((n) => gross * n),
    denominator,
  );
  return { tax, parts, net: gross - tax };
}

/**
 * For inclusive taxes with rates r_j (percent) and R = Σ r_j: numerators r_j and denominator 100 + R, all at
 * one common scale, so that gross × numerator_j / denominator is the exact part of rate j in a gross amount.
 */
export function inclusiveShares(taxes: readonly ParsedTax[]): { numerators: bigint[]; denominator: bigint } {
  let scale = 0;
  for (const t of taxes) scale = Math.max(scale, t.rate.scale);
  const numerators = taxes.map((t) => unitsAt(t.rate, scale));
  let denominator = 100n * pow10(scale);
  for (const n of numerators) denominator += n;
  return { numerators, denominator };
}
