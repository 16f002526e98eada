import type { SettingsRow } from '../../db/schema.ts';
import {
  dueDateFor,
  formatPaymentTerms,
  isValidDate,
  parsePaymentTerms,
  todayIn,
} from '../../domain/dates.ts';
import { ValidationError } from '../../domain/errors.ts';
import type { DocumentBodyInput } from '../documents/document-input.ts';
import type { InvoiceReferencesInput } from '../einvoice/invoice-references.ts';

/** What staff may set on an invoice; on update, fields left out keep their value. */
export interface InvoiceInput extends DocumentBodyInput, InvoiceReferencesInput {
  /** 'due_on_receipt', 'net_N' or 'fixed_date' (then dueDate is required). */
  paymentTerms?: string;
  dueDate?: string | null;
}

/** Works out issue date, terms and due date: issue date defaults to today in the organisation's time zone. */
export function resolveDates(
  input: { issueDate?: string; paymentTerms?: string; dueDate?: string | null },
  current: { issueDate: string; paymentTerms: string; dueDate: string } | null,
  settings: SettingsRow,
  now: Date,
) {
  if (input.issueDate !== undefined && !isValidDate(input.issueDate)) {
    throw new ValidationError('issueDate', 'Use a calendar date as YYYY-MM-DD');
  }
  if (input.dueDate != null && !isValidDate(input.dueDate)) {
    throw new ValidationError('dueDate', 'Use a calendar date as YYYY-MM-DD');
  }
  const issueDate = input.issueDate ?? current?.issueDate ?? todayIn(settings.time_zone, now);
  // An explicit due date without terms means "fixed date".
  const termsText =
    input.paymentTerms ??
    (input.dueDate ? 'fixed_date' : undefined) ??
    current?.paymentTerms ??
    settings.default_payment_terms;
  const terms = parsePaymentTerms(termsText, 'paymentTerms');
  const explicitDue = terms.kind === 'fixed_date' ? (input.dueDate ?? current?.dueDate ?? null) : null;
  const dueDate = dueDateFor(issueDate, terms, explicitDue);
  return { issueDate, paymentTerms: formatPaymentTerms(terms), dueDate };
}
