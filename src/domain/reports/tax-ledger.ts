/**
 * What one document adds to the tax report, day by day, on both bases: its figures per tax on its issue date
 * (invoice basis), and the shares its payments and refunds carry on the days they happened (cash basis, through the
 * same allocation as the report: tax-sums.ts `addMovement`). Kept per document in tax_summary_documents (migration
 * 042) and summed per day in tax_summary, so the report adds up days instead of documents.
 */
import { addMovement, addTaxSum, type DocumentTax, type TaxSum, type TaxSums } from './tax-sums.ts';

export type TaxBasis = 'invoice' | 'cash';

/** A payment or refund of the document: the day it happened and how much was paid before and after it. */
export interface LedgerMovement {
  day: string;
  paidBefore: bigint;
  paidAfter: bigint;
}

export interface LedgerDocument {
  currency: string;
  /** 1 for an invoice, -1 for a credit note (it subtracts). */
  sign: 1n | -1n;
  /** The issue date when the document counts on an invoice basis (issued, not void), else null. */
  countedOn: string | null;
  totalMinor: bigint;
  movements: readonly LedgerMovement[];
}

/** One day's figures for one tax: `period` is the day (YYYY-MM-DD). */
export interface TaxLedgerEntry extends TaxSum {
  basis: TaxBasis;
}

export function documentTaxLedger(document: LedgerDocument, taxes: readonly DocumentTax[]): TaxLedgerEntry[] {
  const invoiceBasis: TaxSums = new Map();
  if (document.countedOn !== null) {
    for (const tax of taxes) {
      addTaxSum(
        invoiceBasis,
        document.countedOn,
        document.currency,
        tax,
        document.sign * tax.taxableMinor,
        document.sign * tax.taxMinor,
      );
    }
  }
  const cashBasis: TaxSums = new Map();
  for (const movement of document.movements) {
    addMovement(
      cashBasis,
      { ...movement, period: movement.day, currency: document.currency, totalMinor: document.totalMinor },
      taxes,
      document.sign,
    );
  }
  // Entries of zero are kept: the report shows a tax in a period whenever a document there has it, as it always has.
  const entries = (basis: TaxBasis, sums: TaxSums) => [...sums.values()].map((sum) => ({ ...sum, basis }));
  return [...entries('invoice', invoiceBasis), ...entries('cash', cashBasis)];
}

/** Whether the document adds anything at all, and so needs its figures per tax. */
export const needsTaxFigures = (document: LedgerDocument) =>
  document.countedOn !== null || document.movements.length > 0;
