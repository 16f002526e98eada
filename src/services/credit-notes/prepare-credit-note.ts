import type { Trx } from '../../db/client.ts';
import type { SettingsRow } from '../../db/schema.ts';
import {
  type CreditedLine,
  checkCreditPositive,
  checkLineQuantities,
  checkWithinInvoiceTotal,
} from '../../domain/credit-rules.ts';
import { ConflictError } from '../../domain/errors.ts';
import { computeDocumentTotals } from '../documents/document-view.ts';
import { lineColumns, type PreparedBody, prepareDocumentBody } from '../documents/prepare-document-body.ts';
import type { InvoiceRecord } from '../invoices/load-invoice.ts';
import { type CreditBody, type CreditLineInput, writtenOut } from './credit-lines.ts';
import { creditedSoFar } from './credited-so-far.ts';

export interface PreparedCreditNote {
  prepared: PreparedBody;
  /** The invoice line each line credits, in line order. */
  invoiceLineIds: (string | null)[];
}

/** Credit notes correct issued invoices only: a draft is edited or deleted, a void one owes nothing. */
export function checkCreditable(record: InvoiceRecord): void {
  const { status } = record.invoice;
  if (status === 'draft') {
    throw new ConflictError(
      'invoice_not_issued',
      'This invoice is a draft: edit or delete it instead of writing a credit note',
    );
  }
  if (status === 'void') {
    throw new ConflictError('invoice_void', 'This invoice is void: there is nothing left to credit');
  }
}

/**
 * Validates a credit note's body against the invoice it credits and runs the totals engine, writing nothing: the
 * client, project, currency and rounding rules are the invoice's; lines copied from the invoice keep its tax
 * snapshots. Then the limits: a total above zero, within what issued credit notes left of the invoice's total,
 * and per invoice line within its quantity. `record` must be the invoice loaded with its row lock; `exceptId` is the
 * credit note being edited or issued (not counted among the earlier ones). `field` names the input at fault when
 * the total is out of bounds ('amount' or 'lines').
 */
export async function prepareCreditNote(
  trx: Trx,
  record: InvoiceRecord,
  body: CreditBody & { notes: string },
  settings: SettingsRow,
  options: { exceptId: string | null; field: 'amount' | 'lines' },
): Promise<PreparedCreditNote> {
  checkCreditable(record);
  const { invoice } = record;
  const prepared = await prepareDocumentBody(
    trx,
    {
      clientId: invoice.client_id,
      projectId: invoice.project_id,
      currency: invoice.currency,
      lines: body.lines,
      taxes: writtenOut(body.taxes),
      discount: body.discount,
      notes: body.notes,
      terms: '',
    },
    null,
    // The invoice's own rounding rules, so that a full reversal gives back its figures to the minor unit.
    { ...settings, tax_rounding: invoice.tax_rounding, invoice_discount_mode: invoice.invoice_discount_mode },
    { noun: 'A credit note', allowArchivedClient: true },
  );
  // Taxes copied from the invoice keep their snapshot (rate id included): same name, rate and flags, same figures.
  prepared.taxes = body.taxes;
  prepared.lines = prepared.lines.map((line, index) => {
    const stored = body.lineTaxes[index];
    return stored ? { ...line, taxes: stored } : line;
  });

  const invoiceLineIds = body.lines.map((line: CreditLineInput) => line.invoiceLineId ?? null);
  await checkCreditLimits(
    trx,
    record,
    {
      total: prepared.totals.total,
      lines: body.lines.map((line, index) => ({
        invoiceLineId: invoiceLineIds[index] ?? null,
        quantity: line.quantity,
      })),
    },
    options,
  );
  return { prepared, invoiceLineIds };
}

/**
 * The limits of a credit note of `total` with `lines` against its invoice (loaded with its row lock): above zero,
 * within what the other issued credit notes left of the invoice's total, per invoice line within its quantity.
 */
export async function checkCreditLimits(
  trx: Trx,
  record: InvoiceRecord,
  note: { total: bigint; lines: CreditedLine[] },
  options: { exceptId: string | null; field: 'amount' | 'lines' },
): Promise<void> {
  const { invoice } = record;
  const invoiceTotals = computeDocumentTotals(invoice, record.lines);
  const money = { exponent: invoiceTotals.exponent, currency: invoice.currency };
  checkCreditPositive(note.total, money, options.field);
  const earlier = await creditedSoFar(trx, invoice.id, options.exceptId);
  checkLineQuantities(
    note.lines,
    new Map(
      record.lines.map((line) => [line.id, { quantity: line.quantity, description: line.description }]),
    ),
    earlier.quantities,
  );
  checkWithinInvoiceTotal(
    { total: invoiceTotals.total, number: invoice.number },
    earlier.total,
    note.total,
    money,
    options.field,
  );
}

/** Replaces a credit note's lines with the prepared ones. */
export async function writeCreditLines(
  trx: Trx,
  creditNoteId: string,
  note: PreparedCreditNote,
): Promise<void> {
  await trx.deleteFrom('credit_note_lines').where('credit_note_id', '=', creditNoteId).execute();
  if (note.prepared.lines.length === 0) return;
  await trx
    .insertInto('credit_note_lines')
    .values(
      note.prepared.lines.map((line, index) => ({
        ...lineColumns(line, index),
        credit_note_id: creditNoteId,
        invoice_line_id: note.invoiceLineIds[index] ?? null,
      })),
    )
    .execute();
}
