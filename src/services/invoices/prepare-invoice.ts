import type { Trx } from '../../db/client.ts';
import type { InvoiceRow, SettingsRow } from '../../db/schema.ts';
import type { DocumentReferences } from '../documents/document-references.ts';
import {
  type CurrentDocument,
  documentBodyColumns,
  lineColumns,
  type PreparedBody,
  type PreparedLine,
  prepareDocumentBody,
} from '../documents/prepare-document-body.ts';
import { type InvoiceReferenceColumns, invoiceReferenceColumns } from '../einvoice/invoice-references.ts';
import { type InvoiceInput, resolveDates } from './invoice-input.ts';

export type { PreparedLine } from '../documents/prepare-document-body.ts';

export interface PreparedInvoice extends PreparedBody {
  issueDate: string;
  dueDate: string;
  paymentTerms: string;
  /** E-invoice references given with the input (buyer, order, delivery date). */
  references?: InvoiceReferenceColumns;
}

export type CurrentInvoice = CurrentDocument<InvoiceRow>;

/**
 * Validates an invoice input against the database and runs the totals engine, without writing anything: every
 * error surfaces before the first write, so a bad request leaves nothing behind. `current` is the stored
 * invoice on update (fields left out keep their value), null on create. `references`: read by the caller already.
 */
export async function prepareInvoice(
  trx: Trx,
  input: InvoiceInput,
  current: CurrentInvoice | null,
  settings: SettingsRow,
  now: Date,
  references?: DocumentReferences,
): Promise<PreparedInvoice> {
  const body = await prepareDocumentBody(trx, input, current, settings, {
    noun: 'An invoice',
    amountSettled: current?.row.amount_paid_minor ?? 0n,
    references,
  });
  return completeInvoice(body, input, current, settings, now);
}

/** The invoice's own part of prepareInvoice, which needs no database: dates, payment terms and references. */
export function completeInvoice(
  body: PreparedBody,
  input: InvoiceInput,
  current: CurrentInvoice | null,
  settings: SettingsRow,
  now: Date,
): PreparedInvoice {
  const row = current?.row;
  const dates = resolveDates(
    input,
    row ? { issueDate: row.issue_date, paymentTerms: row.payment_terms, dueDate: row.due_date } : null,
    settings,
    now,
  );
  return { ...body, ...dates, references: invoiceReferenceColumns(input) };
}

/** Column values of a prepared invoice (lines are written separately). */
export function invoiceColumns(prepared: PreparedInvoice) {
  return {
    ...documentBodyColumns(prepared),
    issue_date: prepared.issueDate,
    due_date: prepared.dueDate,
    payment_terms: prepared.paymentTerms,
    ...(prepared.references ?? {}),
  };
}

/** Writes the invoice's lines; `replace` first removes the lines it had (an update, not a new invoice). */
export async function writeLines(
  trx: Trx,
  invoiceId: string,
  lines: PreparedLine[],
  options: { replace: boolean },
): Promise<void> {
  if (options.replace) await trx.deleteFrom('invoice_lines').where('invoice_id', '=', invoiceId).execute();
  if (lines.length === 0) return;
  await trx
    .insertInto('invoice_lines')
    .values(lines.map((line, position) => ({ invoice_id: invoiceId, ...lineColumns(line, position) })))
    .execute();
}
