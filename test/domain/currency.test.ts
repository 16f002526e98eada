import { describe, expect, it } from 'vitest';
import {
  currencyExponent,
  formatMinor,
  isCurrency,
  MAX_MINOR_UNITS,
  parseMoney,
} from '../../src/domain/currency.ts';
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

describe('currencyExponent', () => {
  it('comes from ISO 4217', () => {
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('USD')).toBe(2);
    expect(currencyExponent('EUR')).toBe(2);
    expect(currencyExponent('KWD')).toBe(3);
    expect(currencyExponent('BHD')).toBe(3);
    expect(currencyExponent('CLF')).toBe(4);
  });

  it('rejects unknown or malformed codes naming the field', () => {
    expect(fieldOf(() => currencyExponent('ZZZ'))).toBe('currency');
    expect(fieldOf(() => currencyExponent('usd'))).toBe('currency');
    expect(fieldOf(() => currencyExponent('US'))).toBe('currency');
    expect(fieldOf(() => currencyExponent(''))).toBe('currency');
    expect(fieldOf(() => currencyExponent('EUR ', 'client.currency'))).toBe('client.currency');
  });

  it('isCurrency', () => {
    expect(isCurrency('USD')).toBe(true);
    expect(isCurrency('JPY')).toBe(true);
    expect(isCurrency('ZZZ')).toBe(false);
    expect(isCurrency('usd')).toBe(false);
    expect(isCurrency(42)).toBe(false);
  });
});

describe('formatMinor', () => {
  it('writes exactly `exponent` decimals', () => {
    expect(formatMinor(123450n, 2)).toBe('1234.50');
    expect(formatMinor(-5n, 2)).toBe('-0.05');
    expect(formatMinor(0n, 2)).toBe('0.00');
    expect(formatMinor(1234n, 0)).toBe('1234');
    expect(formatMinor(-1234n, 0)).toBe('-1234');
    expect(formatMinor(1234n, 3)).toBe('1.234');
    expect(formatMinor(7n, 3)).toBe('0.007');
    expect(formatMinor(MAX_MINOR_UNITS, 2)).toBe('90071992547409.91');
  });
});

describe('parseMoney', () => {
  it('parses major units into minor units', () => {
    expect(parseMoney('1234.50', 2, 'amount')).toBe(123450n);
    expect(parseMoney('1234.5', 2, 'amount')).toBe(123450n);
    expect(parseMoney('1234', 2, 'amount')).toBe(123400n);
    expect(parseMoney('-0.05', 2, 'amount')).toBe(-5n);
    expect(parseMoney('1980', 0, 'amount')).toBe(1980n);
    expect(parseMoney('1.234', 3, 'amount')).toBe(1234n);
    expect(parseMoney(12.5, 2, 'amount')).toBe(1250n);
    expect(parseMoney('12.500', 2, 'amount')).toBe(1250n);
  });

  it('rejects more decimals than the currency has', () => {
    expect(fieldOf(() => parseMoney('0.005', 2, 'payments.0.amount'))).toBe('payments.0.amount');
    expect(fieldOf(() => parseMoney('1.5', 0, 'amount'))).toBe('amount');
    expect(fieldOf(() => parseMoney('1.2345', 3, 'amount'))).toBe('amount');
    expect(() => parseMoney('1.5', 0, 'amount')).toThrow(/whole/);
  });

  it('rejects malformed and absurd amounts', () => {
    expect(fieldOf(() => parseMoney('1e5', 2, 'amount'))).toBe('amount');
    expect(fieldOf(() => parseMoney('abc', 2, 'amount'))).toBe('amount');
    expect(fieldOf(() => parseMoney('90071992547409.92', 2, 'amount'))).toBe('amount');
    expect(parseMoney('90071992547409.91', 2, 'amount')).toBe(MAX_MINOR_UNITS);
    expect(fieldOf(() => parseMoney('-90071992547409.92', 2, 'amount'))).toBe('amount');
  });
});
