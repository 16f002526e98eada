import { compareDates, isValidDate, todayIn } from '../../domain/dates.ts';
import { ValidationError } from '../../domain/errors.ts';
import type { CreditLineInput } from './credit-lines.ts';

/** How a new credit note's lines are made from the invoice. */
export type CreditMode = 'remaining' | 'lines' | 'amount';

export interface CreateCreditNoteInput {
  /** Default 'remaining'. */
  mode?: CreditMode;
  /** 'lines': the invoice lines and the quantities credited. */
  lines?: { invoiceLineId: string; quantity: string }[];
  /** 'amount': the gross amount credited, in major units. */
  amount?: string;
  /** Why the invoice is corrected; required for 'amount' (it describes the line). */
  reason?: string;
  issueDate?: string;
  notes?: string;
}

export interface UpdateCreditNoteInput {
  reason?: string;
  notes?: string;
  issueDate?: string;
  /** Replaces every line; a line may name the invoice line it credits. */
  lines?: CreditLineInput[];
}

/** The credit note's date: today in the organisation's time zone by default, never before the invoice's date. */
export function resolveCreditDate(
  requested: string | undefined,
  current: string | null,
  invoiceIssueDate: string,
  timeZone: string,
  now: Date,
): string {
  if (requested !== undefined && !isValidDate(requested)) {
    throw new ValidationError('issueDate', 'Use a calendar date as YYYY-MM-DD');
  }
  const date = requested ?? current ?? todayIn(timeZone, now);
  if (compareDates(date, invoiceIssueDate) < 0) {
    if (requested === undefined) return invoiceIssueDate;
    throw new ValidationError(
      'issueDate',
      `A credit note cannot be dated before the invoice it credits (${invoiceIssueDate})`,
    );
  }
  return date;
}
