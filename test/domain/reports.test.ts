import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agingBucket, foldAging } from '../../src/domain/reports/aging.ts';
import { movementShares, sharesPaid } from '../../src/domain/reports/cash-allocation.ts';
import { periodOf, periodsBetween, rangeProblem } from '../../src/domain/reports/periods.ts';

describe('periods', () => {
  it('names months, quarters and years', () => {
    expect(periodOf('2026-11-30', 'month')).toBe('2026-11');
    expect(periodOf('2026-03-31', 'quarter')).toBe('2026-Q1');
    expect(periodOf('2026-10-01', 'quarter')).toBe('2026-Q4');
    expect(periodOf('2026-10-01', 'year')).toBe('2026');
    expect(periodsBetween('2025-11-15', '2026-02-01', 'month')).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
    expect(periodsBetween('2025-11-15', '2026-04-01', 'quarter')).toEqual(['2025-Q4', '2026-Q1', '2026-Q2']);
  });

  it('refuses ranges backwards or over ten years', () => {
    expect(rangeProblem('2026-01-02', '2026-01-01')).toMatch(/on or after/);
    expect(rangeProblem('2015-01-01', '2026-01-05')).toMatch(/at most/);
    expect(rangeProblem('2026-01-01', '2026-01-01')).toBeNull();
  });
});

describe('aging', () => {
  it('buckets by days past due', () => {
    expect([-5, 0, 1, 30, 31, 60, 61, 90, 91].map(agingBucket)).toEqual([
      'current',
      'current',
      '1-30',
      '1-30',
      '31-60',
      '31-60',
      '61-90',
      '61-90',
      '90+',
    ]);
  });

  it('sums per client and currency, never across currencies', () => {
    const { rows, totals } = foldAging(
      [
        { clientId: 'a', currency: 'USD', dueDate: '2026-11-01', balanceMinor: 100n },
        { clientId: 'a', currency: 'USD', dueDate: '2026-12-01', balanceMinor: 5n },
        { clientId: 'a', currency: 'JPY', dueDate: '2026-01-01', balanceMinor: 7n },
      ],
      '2026-11-25',
    );
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ currency: 'USD', total: 105n, invoiceCount: 2 });
    expect(rows[0]!.buckets).toMatchObject({ current: 5n, '1-30': 100n });
    expect(totals.map((total) => [total.currency, total.total])).toEqual([
      ['JPY', 7n],
      ['USD', 105n],
    ]);
  });
});

describe('cash-basis shares', () => {
  it('rounds the shares of one payment together (largest remainder)', () => {
    // A third of 100.00 + 20.00 VAT: 33.333… and 6.666… add up to 40.00, so 33.33 + 6.67.
    expect(sharesPaid([10000n, 2000n], 12000n, 4000n)).toEqual([3333n, 667n]);
  });

  it('the movements of a document add up to its figures once it is paid, whatever the steps', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: -100000n, max: 1000000n }), { minLength: 1, maxLength: 6 }),
        fc.bigInt({ min: 1n, max: 10000000n }),
        fc.array(fc.bigInt({ min: -5000000n, max: 5000000n }), { maxLength: 8 }),
        (components, total, steps) => {
          let paid = 0n;
          const sums = components.map(() => 0n);
          for (const step of [...steps, total * 2n]) {
            const shares = movementShares(components, total, paid, paid + step);
            shares.forEach((share, index) => {
              sums[index]! += share;
            });
            paid += step;
          }
          expect(sums).toEqual(sharesPaid(components, total, paid));
          if (paid >= total) expect(sums).toEqual(components);
        },
      ),
    );
  });
});
