/**
 * Receivables aging: which bucket an open balance falls in by days past due, and the sums per client and currency.
 * Pure: the service reads the open balances as of a date; this decides the buckets and adds them up, never across
 * currencies.
 */
import { daysBetween } from '../dates.ts';

export const AGING_BUCKETS = ['current', '1-30', '31-60', '61-90', '90+'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

/** Days past due as of `asOf`: 0 or less is not yet due (current). */
export function daysPastDue(dueDate: string, asOf: string): number {
  return daysBetween(dueDate, asOf);
}

export function agingBucket(daysPast: number): AgingBucket {
  if (daysPast <= 0) return 'current';
  if (daysPast <= 30) return '1-30';
  if (daysPast <= 60) return '31-60';
  if (daysPast <= 90) return '61-90';
  return '90+';
}

export type BucketAmounts = Record<AgingBucket, bigint>;

export const emptyBuckets = (): BucketAmounts => ({
  current: 0n,
  '1-30': 0n,
  '31-60': 0n,
  '61-90': 0n,
  '90+': 0n,
});

/** An open balance as of the report's date. */
export interface OpenBalance {
  clientId: string;
  currency: string;
  dueDate: string;
  balanceMinor: bigint;
  /** How many invoices the balance sums when it stands for several of the same bucket; 1 when absent. */
  invoiceCount?: number;
}

export interface AgingRow {
  clientId: string;
  currency: string;
  buckets: BucketAmounts;
  total: bigint;
  invoiceCount: number;
}

export interface AgingTotals {
  currency: string;
  buckets: BucketAmounts;
  total: bigint;
  invoiceCount: number;
}

/** Sums open balances per (client, currency) and per currency, in buckets as of `asOf`. */
export function foldAging(
  balances: Iterable<OpenBalance>,
  asOf: string,
): { rows: AgingRow[]; totals: AgingTotals[] } {
  const rows = new Map<string, AgingRow>();
  const totals = new Map<string, AgingTotals>();
  for (const balance of balances) {
    const bucket = agingBucket(daysPastDue(balance.dueDate, asOf));
    const key = `${balance.clientId}\u0000${balance.currency}`;
    let row = rows.get(key);
    if (!row) {
      row = {
        clientId: balance.clientId,
        currency: balance.currency,
        buckets: emptyBuckets(),
        total: 0n,
        invoiceCount: 0,
      };
      rows.set(key, row);
    }
    let total = totals.get(balance.currency);
    if (!total) {
      total = { currency: balance.currency, buckets: emptyBuckets(), total: 0n, invoiceCount: 0 };
      totals.set(balance.currency, total);
    }
    for (const sum of [row, total]) {
      sum.buckets[bucket] += balance.balanceMinor;
      sum.total += balance.balanceMinor;
      sum.invoiceCount += balance.invoiceCount ?? 1;
    }
  }
  return {
    rows: [...rows.values()],
    totals: [...totals.values()].sort((a, b) => a.currency.localeCompare(b.currency)),
  };
}
