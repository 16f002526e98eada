/**
 * Client statements: opening balance, the dated movements with a running balance, and the closing balance, one
 * ledger per currency (never added across currencies). Pure: the service reads the client's issued documents and
 * money movements; this orders, signs and sums them.
 */
import { compareDates } from './dates.ts';

/**
 * What moves a client's balance: invoices and refunds raise it, credit notes and payments lower it. A void takes
 * back, on the day the invoice was voided, what was still owed on it then: an invoice voided later was owed until
 * that day, so statements and the aging report (which counts it as open on earlier days) agree on every date.
 */
export const STATEMENT_ENTRY_KINDS = [
  'invoice',
  'credit_note',
  'payment',
  'refund',
  'credit_refund',
  'void',
] as const;
export type StatementEntryKind = (typeof STATEMENT_ENTRY_KINDS)[number];

const SIGN: Record<StatementEntryKind, 1n | -1n> = {
  invoice: 1n,
  credit_note: -1n,
  payment: -1n,
  refund: 1n,
  credit_refund: 1n,
  void: -1n,
};

export interface StatementMovement {
  kind: StatementEntryKind;
  /** The calendar day it happened (issue date, day paid, day refunded, day voided in the organisation's time zone). */
  date: string;
  currency: string;
  /** Positive, in the currency's minor units; the kind gives the sign. */
  amountMinor: bigint;
  /** The document it belongs to (the invoice for payments and refunds, the credit note for credit refunds). */
  documentId: string;
  documentNumber: string;
  /** A stable tie-break for movements of the same day and kind (payment id, refund id). */
  id: string;
}

export interface StatementEntry extends StatementMovement {
  /** Signed: what the movement does to the balance. */
  signedMinor: bigint;
  /** The balance after this entry. */
  balanceMinor: bigint;
}

export interface CurrencyLedger {
  currency: string;
  openingMinor: bigint;
  entries: StatementEntry[];
  closingMinor: bigint;
}

const kindOrder = (kind: StatementEntryKind) => STATEMENT_ENTRY_KINDS.indexOf(kind);

function byDateThenKind(a: StatementMovement, b: StatementMovement): number {
  return (
    compareDates(a.date, b.date) ||
    kindOrder(a.kind) - kindOrder(b.kind) ||
    a.documentNumber.localeCompare(b.documentNumber) ||
    a.id.localeCompare(b.id)
  );
}

/**
 * One ledger per currency for the days `from` to `to` (inclusive): movements before `from` make the opening
 * balance, those after `to` are left out. Currencies with no movement up to `to` have no ledger.
 */
export function buildStatementLedgers(
  movements: Iterable<StatementMovement>,
  from: string,
  to: string,
): CurrencyLedger[] {
  const ledgers = new Map<string, CurrencyLedger>();
  const sorted = [...movements]
    .filter((movement) => compareDates(movement.date, to) <= 0)
    .sort(byDateThenKind);
  for (const movement of sorted) {
    let ledger = ledgers.get(movement.currency);
    if (!ledger) {
      ledger = { currency: movement.currency, openingMinor: 0n, entries: [], closingMinor: 0n };
      ledgers.set(movement.currency, ledger);
    }
    const signedMinor = SIGN[movement.kind] * movement.amountMinor;
    ledger.closingMinor += signedMinor;
    if (compareDates(movement.date, from) < 0) ledger.openingMinor += signedMinor;
    else ledger.entries.push({ ...movement, signedMinor, balanceMinor: ledger.closingMinor });
  }
  return [...ledgers.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}

/** The movements up to `to` (inclusive) added up per currency and kind, unsigned; currencies in code order. */
export function sumMovementsByKind(
  movements: Iterable<StatementMovement>,
  to: string,
): { currency: string; sums: Record<StatementEntryKind, bigint> }[] {
  const byCurrency = new Map<string, Record<StatementEntryKind, bigint>>();
  for (const movement of movements) {
    if (compareDates(movement.date, to) > 0) continue;
    let sums = byCurrency.get(movement.currency);
    if (!sums) {
      sums = Object.fromEntries(STATEMENT_ENTRY_KINDS.map((kind) => [kind, 0n])) as Record<
        StatementEntryKind,
        bigint
      >;
      byCurrency.set(movement.currency, sums);
    }
    sums[movement.kind] += movement.amountMinor;
  }
  return [...byCurrency.entries()]
    .map(([currency, sums]) => ({ currency, sums }))
    .sort((a, b) => a.currency.localeCompare(b.currency));
}
