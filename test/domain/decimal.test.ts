import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  abs,
  add,
  apportion,
  compare,
  decimal,
  divide,
  divRoundHalfUp,
  formatDecimal,
  isZero,
  multiply,
  negate,
  normalize,
  parseDecimal,
  pow10,
  roundToInteger,
  roundToScale,
  sign,
  subtract,
} from '../../src/domain/decimal.ts';
import { ValidationError } from '../../src/domain/errors.ts';

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error.field;
    throw error;
  }
  return undefined;
}

describe('parseDecimal', () => {
  it('parses plain decimal strings exactly', () => {
    expect(parseDecimal('1234.50', 'x')).toEqual({ units: 12345n, scale: 1 });
    expect(parseDecimal('82.6446', 'x')).toEqual({ units: 826446n, scale: 4 });
    expect(parseDecimal('-0.05', 'x')).toEqual({ units: -5n, scale: 2 });
    expect(parseDecimal('007', 'x')).toEqual({ units: 7n, scale: 0 });
    expect(parseDecimal('0', 'x')).toEqual({ units: 0n, scale: 0 });
    expect(parseDecimal('-0.000', 'x')).toEqual({ units: 0n, scale: 0 });
  });

  it('accepts JSON numbers that carry their value exactly', () => {
    expect(parseDecimal(12.5, 'x')).toEqual({ units: 125n, scale: 1 });
    expect(parseDecimal(0.1, 'x')).toEqual({ units: 1n, scale: 1 });
    expect(parseDecimal(-3, 'x')).toEqual({ units: -3n, scale: 0 });
    expect(parseDecimal(-0, 'x')).toEqual({ units: 0n, scale: 0 });
  });

  it('ignores trailing zeros when counting decimal places', () => {
    expect(parseDecimal('1.500000000000000', 'x', { maxScale: 1 })).toEqual({ units: 15n, scale: 1 });
  });

  it.each([
    ['1e3'],
    ['1.5E-2'],
    ['NaN'],
    ['Infinity'],
    [''],
    ['.5'],
    ['5.'],
    ['+5'],
    [' 5'],
    ['1,5'],
    ['0x10'],
    ['1.2.3'],
    ['--1'],
  ])('rejects %j naming the field', (text) => {
    expect(fieldOf(() => parseDecimal(text, 'lines.3.quantity'))).toBe('lines.3.quantity');
  });

  it('rejects non-finite, huge or over-precise JSON numbers and non-strings', () => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, 1e21, 2 ** 60, 1e-7, 0.1 + 0.2]) {
      expect(fieldOf(() => parseDecimal(value, 'price'))).toBe('price');
    }
    for (const value of [null, undefined, true, {}, [], 10n]) {
      expect(fieldOf(() => parseDecimal(value, 'price'))).toBe('price');
    }
  });

  it('enforces integer digits, decimal places and sign limits', () => {
    expect(parseDecimal('123456789012345678', 'x').units).toBe(123456789012345678n);
    expect(fieldOf(() => parseDecimal('1234567890123456789', 'x'))).toBe('x');
    expect(parseDecimal('0.123456789012', 'x').scale).toBe(12);
    expect(fieldOf(() => parseDecimal('0.1234567890123', 'x'))).toBe('x');
    expect(fieldOf(() => parseDecimal('1.1234567', 'q', { maxScale: 6 }))).toBe('q');
    expect(fieldOf(() => parseDecimal('1000', 'q', { maxIntegerDigits: 3 }))).toBe('q');
    expect(fieldOf(() => parseDecimal('-1', 'q', { nonNegative: true }))).toBe('q');
    expect(parseDecimal('-0', 'q', { nonNegative: true })).toEqual({ units: 0n, scale: 0 });
    expect(fieldOf(() => parseDecimal('1'.repeat(70), 'q', { maxIntegerDigits: 100 }))).toBe('q');
  });

  it('puts the field in the message', () => {
    expect(() => parseDecimal('1e3', 'taxes.0.rate')).toThrow(/taxes\.0\.rate/);
  });
});

describe('rounding', () => {
  it('rounds half away from zero', () => {
    expect(divRoundHalfUp(5n, 2n)).toBe(3n);
    expect(divRoundHalfUp(-5n, 2n)).toBe(-3n);
    expect(divRoundHalfUp(5n, -2n)).toBe(-3n);
    expect(divRoundHalfUp(-5n, -2n)).toBe(3n);
    expect(divRoundHalfUp(7n, 3n)).toBe(2n);
    expect(divRoundHalfUp(-7n, 3n)).toBe(-2n);
    expect(divRoundHalfUp(8n, 3n)).toBe(3n);
    expect(divRoundHalfUp(0n, 3n)).toBe(0n);
    expect(() => divRoundHalfUp(1n, 0n)).toThrow(RangeError);
  });

  it('rounds to a scale', () => {
    expect(roundToScale(decimal(1239669n, 4), 2)).toEqual({ units: 12397n, scale: 2 });
    expect(roundToScale(decimal(-125n, 3), 2)).toEqual({ units: -13n, scale: 2 });
    expect(roundToScale(decimal(-124n, 3), 2)).toEqual({ units: -12n, scale: 2 });
    expect(roundToScale(decimal(15n, 1), 3)).toEqual({ units: 1500n, scale: 3 });
    expect(roundToInteger(decimal(25n, 1))).toBe(3n);
    expect(roundToInteger(decimal(-25n, 1))).toBe(-3n);
    expect(roundToInteger(decimal(-24n, 1))).toBe(-2n);
  });

  it('is symmetric under negation (property)', () => {
    fc.assert(
      fc.property(fc.bigInt(), fc.bigInt({ min: 1n, max: 10n ** 20n }), (n, d) => {
        expect(divRoundHalfUp(-n, d)).toBe(-divRoundHalfUp(n, d));
        const q = divRoundHalfUp(n, d);
        // within half a unit of the exact quotient
        const diff = n - q * d;
        expect(2n * (diff < 0n ? -diff : diff) <= d).toBe(true);
      }),
    );
  });
});

describe('arithmetic', () => {
  const d = (text: string) => parseDecimal(text, 'x');

  it('adds, subtracts, multiplies exactly', () => {
    expect(formatDecimal(add(d('0.1'), d('0.2')))).toBe('0.3');
    expect(formatDecimal(subtract(d('1'), d('0.001')))).toBe('0.999');
    expect(formatDecimal(multiply(d('1.5'), d('82.6446')))).toBe('123.96690');
    expect(formatDecimal(normalize(multiply(d('1.5'), d('82.6446'))))).toBe('123.9669');
    expect(formatDecimal(negate(d('2.5')))).toBe('-2.5');
    expect(formatDecimal(abs(d('-2.5')))).toBe('2.5');
  });

  it('divides with half-up rounding to a scale', () => {
    expect(formatDecimal(divide(d('1'), d('3'), 4))).toBe('0.3333');
    expect(formatDecimal(divide(d('2'), d('3'), 4))).toBe('0.6667');
    expect(formatDecimal(divide(d('-2'), d('3'), 4))).toBe('-0.6667');
    expect(formatDecimal(divide(d('100'), d('1.2'), 2))).toBe('83.33');
    expect(formatDecimal(divide(d('0.05'), d('0.1'), 0))).toBe('1');
    expect(formatDecimal(divide(d('1.25'), d('1'), 1))).toBe('1.3');
    expect(formatDecimal(divide(d('-1.25'), d('1'), 1))).toBe('-1.3');
    expect(() => divide(d('1'), d('0'), 2)).toThrow(RangeError);
  });

  it('compares across scales', () => {
    expect(compare(d('1.50'), d('1.5'))).toBe(0);
    expect(compare(d('1.05'), d('1.5'))).toBe(-1);
    expect(compare(d('-1'), d('-1.5'))).toBe(1);
    expect(sign(d('-0.01'))).toBe(-1);
    expect(sign(d('0'))).toBe(0);
    expect(isZero(d('0.000'))).toBe(true);
  });

  it('formats without exponent notation', () => {
    expect(formatDecimal(decimal(123450n, 2))).toBe('1234.50');
    expect(formatDecimal(decimal(-5n, 2))).toBe('-0.05');
    expect(formatDecimal(decimal(1234n, 0))).toBe('1234');
    expect(formatDecimal(decimal(1234n, 0), 2)).toBe('1234.00');
    expect(formatDecimal(decimal(10n ** 30n, 0))).toBe(`1${'0'.repeat(30)}`);
    expect(formatDecimal(decimal(1n, 12))).toBe('0.000000000001');
    expect(pow10(3)).toBe(1000n);
  });

  it('round-trips through text (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.nat({ max: 12 }), (units, scale) => {
        const value = normalize(decimal(units, scale));
        expect(parseDecimal(formatDecimal(value), 'x', { maxIntegerDigits: 31 })).toEqual(value);
      }),
    );
  });
});

describe('apportion', () => {
  it('gives the remainder unit to the largest remainder', () => {
    // 100 spread over 333 : 333 : 334 -> exact 33.3, 33.3, 33.4
    expect(apportion(100n, [100n * 333n, 100n * 333n, 100n * 334n], 1000n)).toEqual([33n, 33n, 34n]);
  });

  it('breaks ties toward the earliest part, symmetrically', () => {
    expect(apportion(1000n, [1000n, 1000n, 1000n], 3n)).toEqual([334n, 333n, 333n]);
    expect(apportion(-1000n, [-1000n, -1000n, -1000n], 3n)).toEqual([-334n, -333n, -333n]);
    // exact 333.667 each: 333 each, the two missing units go to the first two parts
    expect(apportion(1001n, [1001n, 1001n, 1001n], 3n)).toEqual([334n, 334n, 333n]);
    expect(apportion(-1001n, [-1001n, -1001n, -1001n], 3n)).toEqual([-334n, -334n, -333n]);
  });

  it('handles mixed signs and a negative denominator', () => {
    expect(apportion(0n, [50n, -50n], 3n)).toEqual([17n, -17n]);
    expect(apportion(10n, [-100n, -200n], -30n)).toEqual([3n, 7n]);
    expect(apportion(0n, [], 1n)).toEqual([]);
  });

  it('sums exactly, stays within one unit and is odd (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), { minLength: 1, maxLength: 12 }),
        fc.bigInt({ min: 1n, max: 10n ** 9n }),
        (numerators, den) => {
          let exact = 0n;
          for (const n of numerators) exact += n;
          const total = divRoundHalfUp(exact, den);
          const parts = apportion(total, numerators, den);
          expect(parts.reduce((a, b) => a + b, 0n)).toBe(total);
          parts.forEach((p, i) => {
            // the exact value rounded down or up
            const exactTimesDen = numerators[i] ?? 0n;
            expect(p * den > exactTimesDen - den && p * den < exactTimesDen + den).toBe(true);
          });
          expect(
            apportion(
              -total,
              numerators.map((n) => -n),
              den,
            ),
          ).toEqual(parts.map((p) => -p));
        },
      ),
    );
  });
});
