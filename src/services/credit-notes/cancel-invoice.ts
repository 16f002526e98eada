import { ConflictError, DomainError, ValidationError } from '../../domain/errors.ts';
import type { Actor, ServiceDeps } from '../context.ts';
import { toInvoiceView } from '../invoices/invoice-view.ts';
import { loadInvoice } from '../invoices/load-invoice.ts';
import { recordInvoiceEvent } from '../invoices/record-event.ts';
import { writeCreditNoteDraft } from './create-credit-note.ts';
import { toCreditNoteView } from './credit-note-view.ts';
import { issueCreditNoteInTrx } from './issue-credit-note.ts';

/**
 * "Cancel with credit note": writes and issues, in one transaction, a credit note for everything of the invoice
 * that no issued credit note credits yet, with the reason. Its credit settles the balance due; what was already
 * paid becomes the client's credit (to apply elsewhere or refund).
 */
export async function cancelInvoiceWithCreditNote(
  deps: ServiceDeps,
  actor: Actor,
  invoiceId: string,
  reason: string,
) {
  const trimmed = reason.trim();
  if (!trimmed) throw new ValidationError('reason', 'Say why the invoice is cancelled');
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    let creditNoteId: string;
    try {
      creditNoteId = await writeCreditNoteDraft(
        trx,
        actor,
        invoiceId,
        { mode: 'remaining', reason: trimmed },
        now,
      );
    } catch (error) {
      // Nothing left to credit is a state of the invoice, not bad input.
      if (error instanceof DomainError && error.field === 'mode') {
        throw new ConflictError('nothing_to_credit', error.message);
      }
      throw error;
    }
    const note = await issueCreditNoteInTrx(trx, actor, creditNoteId, now, 'cancel_invoice');
    await recordInvoiceEvent(trx, actor, {
      invoiceId,
      type: 'cancelled_with_credit_note',
      data: { creditNoteId, creditNoteNumber: note.note.number, reason: trimmed },
      at: now,
    });
    return {
      invoice: toInvoiceView(await loadInvoice(trx, invoiceId), now),
      creditNote: toCreditNoteView(note),
    };
  });
}
