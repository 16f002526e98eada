import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  amountsByMonth,
  firstDayOfMonth,
  firstDayOfNextMonth,
  monthOf,
  trailingMonths,
} from '../../src/domain/dashboard-months.ts';
import { addDays } from '../../src/domain/dates.ts';

describe('trailingMonths', () => {
  it('ends with the month of today and crosses the year boundary', () => {
    expect(trailingMonths('2026-01-31', 12)).toEqual([
      '2025-02',
      '2025-03',
      '2025-04',
      '2025-05',
      '2025-06',
      '2025-07',
      '2025-08',
      '2025-09',
      '2025-10',
      '2025-11',
      '2025-12',
      '2026-01',
    ]);
    expect(trailingMonths('2026-12-01', 3)).toEqual(['2026-10', '2026-11', '2026-12']);
    expect(trailingMonths('2028-02-29', 1)).toEqual(['2028-02']);
  });

  it('refuses a bad date, a bad count and leaving year 0001', () => {
    expect(() => trailingMonths('2026-02-30')).toThrow(RangeError);
    expect(() => trailingMonths('2026-11-30', 0)).toThrow(RangeError);
    expect(() => trailingMonths('0001-03-01', 12)).toThrow(RangeError);
  });

  it('gives consecutive months, each bounded by its first day and the next month first day', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2_900_000 }),
        fc.integer({ min: 1, max: 40 }),
        (offset, count) => {
          const today = addDays('0100-01-01', offset);
          const months = trailingMonths(today, count);
          expect(months).toHaveLength(count);
          expect(months.at(-1)).toBe(monthOf(today));
          for (let index = 1; index < months.length; index++) {
            expect(firstDayOfNextMonth(months[index - 1]!)).toBe(firstDayOfMonth(months[index]!));
          }
          expect(firstDayOfMonth(months.at(-1)!) <= today).toBe(true);
          expect(today < firstDayOfNextMonth(months.at(-1)!)).toBe(true);
        },
      ),
    );
  });
});

describe('month bounds', () => {
  it('gives the first day and the first day of the next month', () => {
    expect(firstDayOfMonth('2026-02')).toBe('2026-02-01');
    expect(firstDayOfNextMonth('2026-02')).toBe('2026-03-01');
    expect(firstDayOfNextMonth('2026-12')).toBe('2027-01-01');
    expect(() => firstDayOfMonth('2026-13')).toThrow(RangeError);
    expect(() => monthOf('2026-11')).toThrow(RangeError);
  });
});

describe('amountsByMonth', () => {
  it('spreads sums over the months, zero where none, ignoring months outside', () => {
    const months = ['2026-10', '2026-11', '2026-12'];
    expect(
      amountsByMonth(months, [
        { month: '2026-12', amount: 500n },
        { month: '2026-10', amount: 120_000n },
        { month: '2026-12', amount: -100n },
        { month: '2025-12', amount: 7n },
      ]),
    ).toEqual([120_000n, 0n, 400n]);
    expect(amountsByMonth(months, [])).toEqual([0n, 0n, 0n]);
  });
});
