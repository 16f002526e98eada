import type { Trx } from '../../db/client.ts';
import { currencyExponent, formatMinor, parseMoney } from '../../domain/currency.ts';
import { ValidationError } from '../../domain/errors.ts';
import type { Actor, ServiceDeps } from '../context.ts';
import { computeDocumentTotals } from '../documents/document-view.ts';
import { documentBodyColumns } from '../documents/prepare-document-body.ts';
import { recordDocumentEvent } from '../documents/record-document-event.ts';
import { loadInvoice } from '../invoices/load-invoice.ts';
import { getSettings } from '../settings/get-settings.ts';
import { amountLine, type CreditBody, chosenLines, remainingLines } from './credit-lines.ts';
import { type CreateCreditNoteInput, resolveCreditDate } from './credit-note-input.ts';
import { toCreditNoteView } from './credit-note-view.ts';
import { creditedSoFar } from './credited-so-far.ts';
import { loadCreditNote } from './load-credit-note.ts';
import { checkCreditable, prepareCreditNote, writeCreditLines } from './prepare-credit-note.ts';

/**
 * Writes a Draft credit note for an issued invoice inside the caller's transaction, under the invoice's row lock
 * (taken here): its lines come from the invoice as the mode says, and the limits are checked against the credit
 * notes already issued. Returns the new credit note's id.
 */
export async function writeCreditNoteDraft(
  trx: Trx,
  actor: Actor,
  invoiceId: string,
  input: CreateCreditNoteInput,
  now: Date,
): Promise<string> {
  const record = await loadInvoice(trx, invoiceId, { lock: true });
  checkCreditable(record);
  const { invoice } = record;
  const settings = await getSettings(trx);
  const mode = input.mode ?? 'remaining';
  const reason = input.reason?.trim() ?? '';
  let body: CreditBody;
  if (mode === 'lines') {
    if (!input.lines) throw new ValidationError('lines', 'Choose the lines of the invoice to credit');
    body = chosenLines(record, input.lines);
  } else if (mode === 'amount') {
    if (input.amount === undefined) throw new ValidationError('amount', 'Give the amount to credit');
    if (!reason) throw new ValidationError('reason', 'Say why this amount is credited');
    const exponent = currencyExponent(invoice.currency);
    const amount = parseMoney(input.amount, exponent, 'amount');
    body = amountLine(record, formatMinor(amount, exponent), reason);
  } else {
    const earlier = await creditedSoFar(trx, invoice.id, null);
    body = remainingLines(record, earlier, computeDocumentTotals(invoice, record.lines).total);
    if (body.lines.length === 0) {
      throw new ValidationError(
        'mode',
        `Invoice ${invoice.number ?? ''} is already credited in full: nothing is left`,
      );
    }
  }
  const note = await prepareCreditNote(trx, record, { ...body, notes: input.notes ?? '' }, settings, {
    exceptId: null,
    field: mode === 'amount' ? 'amount' : 'lines',
  });
  const issueDate = resolveCreditDate(input.issueDate, null, invoice.issue_date, record.timeZone, now);
  const { id } = await trx
    .insertInto('credit_notes')
    .values({
      ...documentBodyColumns(note.prepared),
      invoice_id: invoice.id,
      issue_date: issueDate,
      reason,
      status: 'draft',
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeCreditLines(trx, id, note);
  await recordDocumentEvent(trx, actor, {
    kind: 'credit_note',
    documentId: id,
    type: 'created',
    toStatus: 'draft',
    data: { invoiceId: invoice.id, mode },
    at: now,
  });
  return id;
}

/** POST /invoices/{id}/credit-notes: a Draft credit note for the invoice. */
export async function createCreditNote(
  deps: ServiceDeps,
  actor: Actor,
  invoiceId: string,
  input: CreateCreditNoteInput,
) {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const id = await writeCreditNoteDraft(trx, actor, invoiceId, input, now);
    return toCreditNoteView(await loadCreditNote(trx, id));
  });
}
