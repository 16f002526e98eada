/**
 * Currencies and money amounts. An amount is a bigint count of the currency's minor unit (cents for USD,
 * yen for JPY, fils for KWD); the exponent (number of minor-unit digits) comes from ISO 4217 via the
 * `currency-codes` package and is never assumed to be 2.
 */
import cc from 'currency-codes';
import { decimal, formatDecimal, parseDecimal, unitsAt } from './decimal.ts';
import { ValidationError } from './errors.ts';

/**
 * Largest amount, in minor units, that the engine accepts or produces (2^53 - 1): it fits a PostgreSQL
 * bigint and stays exact as a JavaScript number, e.g. 90 trillion in a 2-decimal currency.
 */
export const MAX_MINOR_UNITS = 9_007_199_254_740_991n;

const CODE_PATTERN = /^[A-Z]{3}$/;

/** True for an upper-case ISO 4217 alphabetic code known to the currency table ("USD", "JPY"). */
export function isCurrency(code: unknown): code is string {
  return typeof code === 'string' && CODE_PATTERN.test(code) && cc.code(code) !== undefined;
}

/**
 * Number of minor-unit digits of an ISO 4217 currency: JPY 0, USD 2, KWD 3.
 * Throws a ValidationError naming `field` for anything that is not a known upper-case code.
 */
export function currencyExponent(code: string, field = 'currency'): number {
  if (typeof code !== 'string' || !CODE_PATTERN.test(code)) {
    throw new ValidationError(
      field,
      `${field} must be a three-letter ISO 4217 code in upper case, e.g. "USD"`,
    );
  }
  const digits = cc.code(code)?.digits;
  if (digits === undefined || !Number.isInteger(digits) || digits < 0) {
    throw new ValidationError(field, `${field} "${code}" is not a known ISO 4217 currency`);
  }
  return digits;
}

function checkExponent(exponent: number): void {
  if (!Number.isInteger(exponent) || exponent < 0 || exponent > 18) {
    throw new RangeError(`invalid currency exponent ${exponent}`);
  }
}

/**
 * Minor units as a major-unit decimal string with exactly `exponent` decimals:
 * (123450n, 2) -> "1234.50", (-5n, 2) -> "-0.05", (1234n, 0) -> "1234", (1234n, 3) -> "1.234".
 */
export function formatMinor(minor: bigint, exponent: number): string {
  checkExponent(exponent);
  return formatDecimal(decimal(minor, exponent), exponent);
}

/**
 * Parses a major-unit amount ("1234.50", or a JSON number) into minor units. Rejects more significant
 * decimals than the currency has ("0.005" in USD, "1.5" in JPY), exponent notation and amounts beyond
 * MAX_MINOR_UNITS, with a ValidationError naming `field`. Trailing zeros are harmless ("12.500" USD).
 * Negative amounts are accepted; callers that need a sign check it.
 */
export function parseMoney(input: string | number, exponent: number, field: string): bigint {
  checkExponent(exponent);
  const value = parseDecimal(input, field, { maxScale: Math.max(exponent, 12), maxIntegerDigits: 18 });
  if (value.scale > exponent) {
    throw new ValidationError(
      field,
      exponent === 0
        ? `${field} must be a whole amount: this currency has no minor unit`
        : `${field} must have at most ${exponent} decimal places in this currency`,
    );
  }
  const minor = unitsAt(value, exponent);
  if (minor > MAX_MINOR_UNITS || minor < -MAX_MINOR_UNITS) {
    throw new ValidationError(field, `${field} is too large`);
  }
  return minor;
}

/** Throws a ValidationError naming `field` when an amount is outside ±MAX_MINOR_UNITS. */
export function checkMinorRange(minor: bigint, field: string, what = 'amount'): bigint {
  if (minor > MAX_MINOR_UNITS || minor < -MAX_MINOR_UNITS) {
    throw new ValidationError(field, `${field}: the ${what} is too large`);
  }
  return minor;
}
