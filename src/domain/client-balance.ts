/**
 * A client's balance at a glance, per currency (never added across currencies): what was invoiced and paid, what is
 * open and overdue, and the credit left. Pure: built from the statement's movements, the aging buckets and the
 * credit notes' balances that the services read, so the figures agree with the statement and the aging report.
 */
import type { AgingBucket, BucketAmounts } from './reports/aging.ts';
import { buildStatementLedgers, type StatementMovement, sumMovementsByKind } from './statement.ts';

export interface ClientBalance {
  currency: string;
  /** Issued invoices less what their voids took back. */
  invoicedMinor: bigint;
  /** Issued credit notes. */
  creditedMinor: bigint;
  /** Payments received less refunds given back. */
  paidMinor: bigint;
  /** Open invoice balances (the aging total). */
  outstandingMinor: bigint;
  /** The part of `outstanding` past its due date. */
  overdueMinor: bigint;
  /** Issued credit notes not yet applied or refunded. */
  creditMinor: bigint;
  /** The statement's closing balance: what the client owes less its credit. */
  balanceMinor: bigint;
}

const OVERDUE_BUCKETS: AgingBucket[] = ['1-30', '31-60', '61-90', '90+'];

export function foldClientBalances(
  movements: StatementMovement[],
  today: string,
  aging: { currency: string; buckets: BucketAmounts }[],
  credit: { currency: string; amountMinor: bigint }[],
): ClientBalance[] {
  const balances = new Map<string, ClientBalance>();
  const balanceOf = (currency: string) => {
    let balance = balances.get(currency);
    if (!balance) {
      balance = {
        currency,
        invoicedMinor: 0n,
        creditedMinor: 0n,
        paidMinor: 0n,
        outstandingMinor: 0n,
        overdueMinor: 0n,
        creditMinor: 0n,
        balanceMinor: 0n,
      };
      balances.set(currency, balance);
    }
    return balance;
  };
  for (const { currency, sums } of sumMovementsByKind(movements, today)) {
    const balance = balanceOf(currency);
    balance.invoicedMinor = sums.invoice - sums.void;
    balance.creditedMinor = sums.credit_note;
    balance.paidMinor = sums.payment - sums.refund;
  }
  for (const ledger of buildStatementLedgers(movements, today, today)) {
    balanceOf(ledger.currency).balanceMinor = ledger.closingMinor;
  }
  for (const row of aging) {
    const balance = balanceOf(row.currency);
    balance.overdueMinor = OVERDUE_BUCKETS.reduce((sum, bucket) => sum + row.buckets[bucket], 0n);
    balance.outstandingMinor = row.buckets.current + balance.overdueMinor;
  }
  for (const row of credit) balanceOf(row.currency).creditMinor = row.amountMinor;
  return [...balances.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}
