import { describe, expect, it } from 'vitest';
import {
  formatCalendarDate,
  formatDecimalNumber,
  formatMoney,
  formatPercent,
} from '../../src/domain/locale-format.ts';

const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('locale formatting of document figures', () => {
  it('formats currencies for their locale with the currency exponent', () => {
    expect(formatMoney('1234.50', 'USD', 'en-US', 2)).toBe('$1,234.50');
    expect(plain(formatMoney('1234.50', 'EUR', 'de-DE', 2))).toBe('1.234,50 €');
    expect(formatMoney('1234', 'JPY', 'ja-JP', 0)).toBe('￥1,234');
    expect(formatMoney('1234', 'JPY', 'en-US', 0)).toBe('¥1,234');
    expect(plain(formatMoney('1234.567', 'KWD', 'en-US', 3))).toBe('KWD 1,234.567');
    expect(formatMoney('-0.05', 'USD', 'en-US', 2)).toBe('-$0.05');
  });

  it('never rounds: large amounts and finer unit prices keep every digit', () => {
    expect(formatMoney('90071992547409.91', 'USD', 'en-US', 2)).toBe('$90,071,992,547,409.91');
    expect(formatMoney('0.125', 'USD', 'en-US', 2)).toBe('$0.125');
    expect(formatMoney('12345678901234567.89', 'USD', 'en-US', 2)).toBe('$12,345,678,901,234,567.89');
  });

  it('formats quantities, rates and calendar days', () => {
    expect(formatDecimalNumber('1.5', 'de-DE')).toBe('1,5');
    expect(formatDecimalNumber('1000', 'en-US')).toBe('1,000');
    expect(plain(formatPercent('19', 'de-DE'))).toBe('19 %');
    expect(formatPercent('9.975', 'en-US')).toBe('9.975%');
    expect(formatPercent('0.5', 'en-US')).toBe('0.5%');
    expect(formatPercent('100', 'en-US')).toBe('100%');
    expect(formatCalendarDate('2026-11-25', 'en-US')).toBe('Nov 25, 2026');
    expect(formatCalendarDate('2026-11-25', 'de-DE')).toBe('25.11.2026');
    expect(formatCalendarDate('2026-01-01', 'ja-JP')).toBe('2026/01/01');
  });
});
