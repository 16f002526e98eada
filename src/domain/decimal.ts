/**
 * Exact decimal arithmetic on BigInt. No binary floating point is used anywhere: a value is an integer
 * `units` scaled by a power of ten, `value = units / 10^scale`.
 *
 * Rounding is always "half up" in the commercial sense: half away from zero, so that -2.5 rounds to -3
 * exactly as 2.5 rounds to 3 and a credit is the exact mirror of the invoice it reverses.
 *
 * Pure and portable: runs in Node and in the browser.
 */
import { ValidationError } from './errors.ts';

export interface Decimal {
  /** The value multiplied by 10^scale. */
  readonly units: bigint;
  /** Number of decimal places, a non-negative integer. */
  readonly scale: number;
}

export interface DecimalLimits {
  /** Most digits accepted after the decimal point, ignoring trailing zeros. Default 12. */
  maxScale?: number;
  /** Most digits accepted before the decimal point, ignoring leading zeros. Default 18. */
  maxIntegerDigits?: number;
  /** Reject values below zero. Default false. */
  nonNegative?: boolean;
}

export const DEFAULT_MAX_SCALE = 12;
export const DEFAULT_MAX_INTEGER_DIGITS = 18;
/** Longest text accepted by `parseDecimal`, to refuse absurd inputs before any work is done. */
export const MAX_DECIMAL_TEXT_LENGTH = 64;
/** A binary64 number reliably carries this many significant decimal digits; more must be sent as a string. */
const MAX_NUMBER_SIGNIFICANT_DIGITS = 15;

export const ZERO: Decimal = Object.freeze({ units: 0n, scale: 0 });

const DECIMAL_PATTERN = /^(-)?(\d+)(?:\.(\d+))?$/;
const POWERS: bigint[] = [];

/** 10^n as a bigint, for a non-negative integer n. */
export function pow10(n: number): bigint {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`pow10: invalid exponent ${n}`);
  let value = POWERS[n];
  if (value === undefined) {
    value = 10n ** BigInt(n);
    POWERS[n] = value;
  }
  return value;
}

/** Builds a decimal from its scaled integer and scale. */
export function decimal(units: bigint, scale = 0): Decimal {
  if (!Number.isInteger(scale) || scale < 0) throw new RangeError(`decimal: invalid scale ${scale}`);
  return { units, scale };
}

/** The sign of a bigint: -1, 0 or 1. */
export function signOf(value: bigint): -1 | 0 | 1 {
  return value < 0n ? -1 : value > 0n ? 1 : 0;
}

/** Absolute value of a bigint. */
export function absBig(value: bigint): bigint {
  return value < 0n ? -value : value;
}

/**
 * `numerator / denominator` rounded to an integer, half away from zero (2.5 -> 3, -2.5 -> -3).
 * Throws RangeError on a zero denominator.
 */
export function divRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  const num = denominator < 0n ? -numerator : numerator;
  const den = denominator < 0n ? -denominator : denominator;
  const quotient = num / den; // truncates toward zero
  const remainder = num % den; // has the sign of num
  if (absBig(remainder) * 2n >= den) return num < 0n ? quotient - 1n : quotient + 1n;
  return quotient;
}

function fail(field: string, message: string): never {
  throw new ValidationError(field, `${field} ${message}`);
}

function countSignificantDigits(text: string): number {
  return text.replace(/[-.]/g, '').replace(/^0+/, '').length;
}

/**
 * Parses a decimal given as a string ("1234.50", "-0.5", "82.6446") or as a JSON number (12.5).
 * Rejects exponent notation, NaN, Infinity, and values outside `limits`, with a ValidationError naming
 * `field`. Trailing zeros after the point do not count as decimal places ("1.500" is 1.5).
 * The result is normalized: no trailing fractional zeros.
 */
export function parseDecimal(input: unknown, field: string, limits: DecimalLimits = {}): Decimal {
  const maxScale = limits.maxScale ?? DEFAULT_MAX_SCALE;
  const maxIntegerDigits = limits.maxIntegerDigits ?? DEFAULT_MAX_INTEGER_DIGITS;
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) fail(field, 'must be a finite decimal number');
    if (Math.abs(input) > Number.MAX_SAFE_INTEGER)
      fail(field, 'is too large for a JSON number; send it as a string');
    text = String(input);
    if (/e/i.test(text))
      fail(field, 'cannot be represented exactly as a JSON number; send it as a decimal string');
    if (countSignificantDigits(text) > MAX_NUMBER_SIGNIFICANT_DIGITS) {
      fail(field, 'has more digits than a JSON number carries exactly; send it as a decimal string');
    }
  } else if (typeof input === 'string') {
    text = input;
  } else {
    fail(field, 'must be a decimal number written as a string, e.g. "12.50"');
  }
  if (text.length > MAX_DECIMAL_TEXT_LENGTH) fail(field, 'is too long');
  if (/[eE]/.test(text))
    fail(field, 'must be written without exponent notation, e.g. "1500" rather than "1.5e3"');
  const match = DECIMAL_PATTERN.exec(text);
  if (match === null) fail(field, 'must be a decimal number such as "12.50"');
  const negative = match[1] === '-';
  const integerPart = (match[2] ?? '').replace(/^0+/, '');
  const fractionPart = (match[3] ?? '').replace(/0+$/, '');
  if (integerPart.length > maxIntegerDigits)
    fail(field, `must have at most ${maxIntegerDigits} digits before the decimal point`);
  if (fractionPart.length > maxScale) {
    fail(field, maxScale === 0 ? 'must be a whole number' : `must have at most ${maxScale} decimal places`);
  }
  const magnitude = BigInt(`${integerPart || '0'}${fractionPart}`);
  if (magnitude === 0n) return ZERO;
  if (negative && limits.nonNegative) fail(field, 'must not be negative');
  return { units: negative ? -magnitude : magnitude, scale: fractionPart.length };
}

/** Removes trailing fractional zeros: 1.500 (units 1500, scale 3) becomes 1.5 (15, 1). */
export function normalize(value: Decimal): Decimal {
  if (value.units === 0n) return ZERO;
  let { units, scale } = value;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  return units === value.units ? value : { units, scale };
}

/**
 * The value at exactly `scale` decimal places: padded when `scale` is larger, rounded half away from zero
 * when it is smaller.
 */
export function roundToScale(value: Decimal, scale: number): Decimal {
  if (!Number.isInteger(scale) || scale < 0) throw new RangeError(`roundToScale: invalid scale ${scale}`);
  if (scale >= value.scale) return { units: value.units * pow10(scale - value.scale), scale };
  return { units: divRoundHalfUp(value.units, pow10(value.scale - scale)), scale };
}

/** The value rounded half away from zero to an integer. */
export function roundToInteger(value: Decimal): bigint {
  return roundToScale(value, 0).units;
}

/** The units of `value` expressed at a scale at least as large as its own (exact). */
export function unitsAt(value: Decimal, scale: number): bigint {
  if (scale < value.scale) throw new RangeError('unitsAt: scale would lose digits');
  return value.units * pow10(scale - value.scale);
}

export function add(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: unitsAt(a, scale) + unitsAt(b, scale), scale };
}

export function subtract(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: unitsAt(a, scale) - unitsAt(b, scale), scale };
}

export function negate(a: Decimal): Decimal {
  return { units: -a.units, scale: a.scale };
}

export function abs(a: Decimal): Decimal {
  return a.units < 0n ? negate(a) : a;
}

/** Exact product. */
export function multiply(a: Decimal, b: Decimal): Decimal {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

/** `a / b` rounded half away from zero to `scale` decimal places. Throws RangeError when b is zero. */
export function divide(a: Decimal, b: Decimal, scale: number): Decimal {
  if (!Number.isInteger(scale) || scale < 0) throw new RangeError(`divide: invalid scale ${scale}`);
  if (b.units === 0n) throw new RangeError('division by zero');
  // a / b = (au / 10^as) / (bu / 10^bs); at `scale` places: au * 10^(bs + scale) / (bu * 10^as)
  const numerator = a.units * pow10(b.scale + scale);
  const denominator = b.units * pow10(a.scale);
  return { units: divRoundHalfUp(numerator, denominator), scale };
}

/** -1, 0 or 1 as a is less than, equal to or greater than b. */
export function compare(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const scale = Math.max(a.scale, b.scale);
  return signOf(unitsAt(a, scale) - unitsAt(b, scale));
}

export function sign(a: Decimal): -1 | 0 | 1 {
  return signOf(a.units);
}

export function isZero(a: Decimal): boolean {
  return a.units === 0n;
}

/**
 * Plain decimal text: "1234.5", "-0.05", "7". Keeps the value's own scale, padded to at least `minScale`
 * places ("1234.50" with minScale 2). Never uses exponent notation.
 */
export function formatDecimal(value: Decimal, minScale = 0): string {
  const scale = Math.max(value.scale, minScale);
  const units = unitsAt(value, scale);
  const negative = units < 0n;
  const digits = absBig(units).toString();
  if (scale === 0) return negative ? `-${digits}` : digits;
  const padded = digits.padStart(scale + 1, '0');
  const text = `${padded.slice(0, -scale)}.${padded.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

/**
 * Splits `total` into integers, one per part, where part i is worth exactly `numerators[i] / denominator`,
 * so that the results add up to exactly `total` (the sum of the parts, possibly rounded to an integer).
 *
 * Largest-remainder method: every part is first rounded down; the units still missing go, one each, to the
 * parts with the largest fractional remainders (ties: the earliest part). Every result is its exact value
 * rounded down or up. To be symmetric under negation, the problem is first oriented so that its first
 * non-zero figure among (total, sum of parts, part 1, part 2, ...) is positive, and the result is oriented
 * back: negating every input negates every output.
 */
export function apportion(total: bigint, numerators: readonly bigint[], denominator: bigint): bigint[] {
  if (denominator === 0n) throw new RangeError('apportion: zero denominator');
  const den = absBig(denominator);
  let nums = denominator < 0n ? numerators.map((n) => -n) : [...numerators];
  let exactSum = 0n;
  for (const n of nums) exactSum += n;
  const orientation = signOf(total) || signOf(exactSum) || signOf(nums.find((n) => n !== 0n) ?? 0n);
  let target = total;
  if (orientation < 0) {
    nums = nums.map((n) => -n);
    target = -total;
  }
  const result = nums.map((n) => {
    const q = n / den; // truncated toward zero
    return n < 0n && q * den !== n ? q - 1n : q; // floor
  });
  let missing = target;
  for (const part of result) missing -= part;
  if (missing < 0n || missing > BigInt(result.length)) {
    throw new RangeError('apportion: total is inconsistent with the parts');
  }
  if (missing > 0n) {
    const remainders = nums.map((n, i) => n - (result[i] ?? 0n) * den); // each in [0, den)
    const order = result.map((_, i) => i);
    order.sort((i, j) => {
      const ri = remainders[i] ?? 0n;
      const rj = remainders[j] ?? 0n;
      return ri === rj ? i - j : ri > rj ? -1 : 1;
    });
    for (let k = 0; k < Number(missing); k++) {
      const index = order[k] ?? 0;
      result[index] = (result[index] ?? 0n) + 1n;
    }
  }
  return orientation < 0 ? result.map((r) => -r) : result;
}
