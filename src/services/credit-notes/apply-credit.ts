import { creditLeft } from '../../domain/credit-rules.ts';
import { currencyExponent, formatMinor, parseMoney } from '../../domain/currency.ts';
import { ConflictError, ValidationError } from '../../domain/errors.ts';
import { OPEN_STATUSES } from '../../domain/invoice-status.ts';
import type { Actor, ServiceDeps } from '../context.ts';
import { documentEventRow } from '../documents/record-document-event.ts';
import { NotFoundError } from '../errors.ts';
import { toInvoiceView } from '../invoices/invoice-view.ts';
import { loadInvoice } from '../invoices/load-invoice.ts';
import { lockedBalance, planCreditApplication, writeCreditNoteChanges } from './apply-credit-to-invoice.ts';
import { toCreditNoteView } from './credit-note-view.ts';
import { loadCreditNote } from './load-credit-note.ts';

export interface ApplyCreditInput {
  creditNoteId: string;
  /** Major units in the invoice's currency. */
  amount: string;
}

/**
 * Applies client credit (what is left of an issued credit note) to an open invoice of the same client and currency:
 * never more than the credit left nor the invoice's balance due. The invoice is locked first, then the credit note,
 * the order every writer of both follows.
 */
export async function applyCredit(
  deps: ServiceDeps,
  actor: Actor,
  invoiceId: string,
  input: ApplyCreditInput,
) {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const record = await loadInvoice(trx, invoiceId, { lock: true });
    const { invoice } = record;
    const noteRecord = await loadCreditNote(trx, input.creditNoteId, { lock: true }).catch((error) => {
      if (error instanceof NotFoundError)
        throw new ValidationError('creditNoteId', 'No credit note has this id');
      throw error;
    });
    const { note } = noteRecord;
    if (note.status !== 'issued') {
      throw new ValidationError(
        'creditNoteId',
        'This credit note is a draft: issue it before using its credit',
      );
    }
    if (note.client_id !== invoice.client_id) {
      throw new ValidationError(
        'creditNoteId',
        "This credit note is another client's: credit stays with its client",
      );
    }
    if (note.currency !== invoice.currency) {
      throw new ValidationError(
        'creditNoteId',
        `This credit note is in ${note.currency} and the invoice in ${invoice.currency}: credit applies in its own currency`,
      );
    }
    if (!(OPEN_STATUSES as readonly string[]).includes(invoice.status)) {
      throw new ConflictError(
        'invoice_not_open',
        `Credit applies to issued invoices with a balance due; this one is ${invoice.status.replace('_', ' ')}`,
      );
    }
    const exponent = currencyExponent(invoice.currency);
    const amount = parseMoney(input.amount, exponent, 'amount');
    if (amount <= 0n) throw new ValidationError('amount', 'Apply an amount above zero');
    const show = (minor: bigint) => `${formatMinor(minor, exponent)} ${invoice.currency}`;
    const left = creditLeft({
      total: note.total_minor,
      applied: note.amount_applied_minor,
      refunded: note.amount_refunded_minor,
    });
    if (amount > left) {
      throw new ValidationError(
        'amount',
        `Only ${show(left)} of credit note ${note.number ?? ''} is left to apply; ${show(amount)} is more`,
      );
    }
    const locked = await lockedBalance(trx, record);
    if (amount > locked.balance) {
      throw new ValidationError(
        'amount',
        `The invoice's balance due is ${show(locked.balance)}; ${show(amount)} of credit would be more than it`,
      );
    }
    const application = await planCreditApplication(
      trx,
      actor,
      record,
      { id: note.id, appliedBefore: note.amount_applied_minor },
      amount,
      now,
      locked,
    );
    await writeCreditNoteChanges(trx, {
      actor,
      noteId: note.id,
      noteNumber: note.number,
      noteChanges: { updated_at: now },
      application,
      documentEvents: [
        documentEventRow(actor, {
          kind: 'credit_note',
          documentId: note.id,
          type: 'credit_applied',
          data: { invoiceId, invoiceNumber: invoice.number, amount: formatMinor(amount, exponent) },
          at: now,
        }),
      ],
      invoiceEvents: [],
    });
    return {
      invoice: toInvoiceView(await loadInvoice(trx, invoiceId), now),
      creditNote: toCreditNoteView(await loadCreditNote(trx, note.id)),
    };
  });
}
