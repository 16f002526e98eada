import type { Trx } from '../../db/client.ts';
import { formatMinor } from '../../domain/currency.ts';
import { ConflictError } from '../../domain/errors.ts';
import type { Actor, ServiceDeps } from '../context.ts';
import { storeNumber, takeNextNumber } from '../documents/next-number.ts';
import { documentEventRow } from '../documents/record-document-event.ts';
import { NotFoundError } from '../errors.ts';
import { loadInvoice } from '../invoices/load-invoice.ts';
import { invoiceEventRow } from '../invoices/record-event.ts';
import { getSettings } from '../settings/get-settings.ts';
import { lockedBalance, planCreditApplication, writeCreditNoteChanges } from './apply-credit-to-invoice.ts';
import { computeCreditNoteTotals, toCreditNoteView } from './credit-note-view.ts';
import { type CreditNoteRecord, loadCreditNote } from './load-credit-note.ts';
import { checkCreditable, checkCreditLimits } from './prepare-credit-note.ts';

/**
 * Locks a credit note's invoice, then the credit note (always in this order, so two writers never wait on each
 * other crosswise). The invoice id of a credit note never changes, so reading it first without a lock is safe.
 */
export async function lockCreditNoteAndInvoice(trx: Trx, creditNoteId: string) {
  const head = await trx
    .selectFrom('credit_notes')
    .select('invoice_id')
    .where('id', '=', creditNoteId)
    .executeTakeFirst();
  if (!head) throw new NotFoundError('Credit note');
  const invoice = await loadInvoice(trx, head.invoice_id, { lock: true });
  const note = await loadCreditNote(trx, creditNoteId, { lock: true });
  return { invoice, note };
}

/**
 * Issues a Draft inside the caller's transaction: checks the limits again under the invoice's lock, takes the next
 * number of the credit-note series, and applies min(total, the invoice's balance due) to the invoice. What is not
 * applied stays as the client's credit. `action` tells the timeline how it happened.
 *
 * Taking the number locks the series' counter row until the transaction ends, so every read and check comes first
 * (the balance, how the settlement moves the invoice), the number is taken last, and the credit note, its
 * application to the invoice and the events are written in one statement after it. Returns the record as issued,
 * built from what was written rather than read again while the counter is held.
 */
export async function issueCreditNoteInTrx(
  trx: Trx,
  actor: Actor,
  creditNoteId: string,
  now: Date,
  action: 'issue' | 'send' | 'cancel_invoice' = 'issue',
): Promise<CreditNoteRecord> {
  const { invoice: invoiceRecord, note: record } = await lockCreditNoteAndInvoice(trx, creditNoteId);
  const { note } = record;
  if (note.status !== 'draft') {
    throw new ConflictError('invalid_transition', `Credit note ${note.number ?? ''} is already issued`);
  }
  checkCreditable(invoiceRecord);
  const totals = computeCreditNoteTotals(record);
  const freeAmount = record.lines.length === 1 && record.lines[0]?.invoice_line_id === null;
  await checkCreditLimits(
    trx,
    invoiceRecord,
    {
      total: totals.total,
      lines: record.lines.map((line) => ({ invoiceLineId: line.invoice_line_id, quantity: line.quantity })),
    },
    { exceptId: note.id, field: freeAmount ? 'amount' : 'lines' },
  );
  const settings = await getSettings(trx);
  const locked = await lockedBalance(trx, invoiceRecord);
  // biome-ignore lint/complexity/useMathMinMax: bigint amounts
  const applied = totals.total < locked.balance ? totals.total : locked.balance;
  const application =
    applied > 0n
      ? await planCreditApplication(
          trx,
          actor,
          invoiceRecord,
          { id: note.id, appliedBefore: note.amount_applied_minor },
          applied,
          now,
          locked,
        )
      : null;

  const number = await takeNextNumber(
    trx,
    'credit_note',
    settings.credit_note_number_pattern,
    note.issue_date,
  );
  const issued = {
    status: 'issued' as const,
    number,
    issued_at: now,
    updated_at: now,
    total_minor: totals.total,
  };
  await storeNumber('credit_note', number, () =>
    writeCreditNoteChanges(trx, {
      actor,
      noteId: note.id,
      noteNumber: number,
      noteChanges: issued,
      application,
      documentEvents: [
        documentEventRow(actor, {
          kind: 'credit_note',
          documentId: note.id,
          type: 'status_changed',
          fromStatus: 'draft',
          toStatus: 'issued',
          data: { number, action },
          at: now,
        }),
      ],
      invoiceEvents: [
        invoiceEventRow(actor, {
          invoiceId: invoiceRecord.invoice.id,
          type: 'credit_note_issued',
          data: {
            creditNoteId: note.id,
            creditNoteNumber: number,
            total: formatMinor(totals.total, totals.exponent),
            currency: note.currency,
          },
          at: now,
        }),
      ],
    }),
  );
  return {
    ...record,
    note: {
      ...note,
      ...issued,
      amount_applied_minor: application ? application.appliedAfter : note.amount_applied_minor,
    },
    allocations: application
      ? [
          ...record.allocations,
          {
            id: application.allocation.id,
            invoice_id: application.allocation.invoice_id,
            invoice_number: invoiceRecord.invoice.number,
            amount_minor: application.allocation.amount_minor.toString(),
            created_at: now.toISOString(),
          },
        ]
      : record.allocations,
  };
}

/** POST /credit-notes/{id}/issue. */
export async function issueCreditNote(deps: ServiceDeps, actor: Actor, creditNoteId: string) {
  const now = deps.clock.now();
  return deps.db
    .transaction()
    .execute(async (trx) => toCreditNoteView(await issueCreditNoteInTrx(trx, actor, creditNoteId, now)));
}
