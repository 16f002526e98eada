import type { Trx } from '../../db/client.ts';
import { formatMinor } from '../../domain/currency.ts';
import { statusAfterCredit } from '../../domain/invoice-status.ts';
import type { Actor } from '../context.ts';
import { computeRecordTotals } from '../invoices/invoice-view.ts';
import type { InvoiceRecord } from '../invoices/load-invoice.ts';
import { recordInvoiceEvent } from '../invoices/record-event.ts';
import { countedPaymentsOf, invoiceWasViewed } from '../payments/payment-balance.ts';

/**
 * The invoice's balance due under its row lock: total − paid − credited, with the amount paid counted from the
 * payments themselves (not the cache), as recording a payment does.
 */
export async function lockedBalance(
  trx: Trx,
  record: InvoiceRecord,
): Promise<{ balance: bigint; paid: bigint; exponent: number }> {
  const { paid } = await countedPaymentsOf(trx, record.invoice.id);
  const totals = computeRecordTotals({ ...record, invoice: { ...record.invoice, amount_paid_minor: paid } });
  return { balance: totals.balanceDue, paid, exponent: totals.exponent };
}

/**
 * Applies `amount` of a credit note to an invoice, both locked by the caller (invoice first): an allocation row, the
 * caches on both (credit_notes.amount_applied_minor, invoices.amount_credited_minor), the invoice's status as the
 * settlement says (domain/invoice-status.ts statusAfterCredit) and the invoice's timeline. The caller checked that
 * the amount fits the invoice's balance and the credit left.
 */
export async function applyCreditToInvoice(
  trx: Trx,
  actor: Actor,
  record: InvoiceRecord,
  note: { id: string; number: string | null; appliedBefore: bigint },
  amount: bigint,
  now: Date,
): Promise<void> {
  const { invoice } = record;
  const { balance, paid, exponent } = await lockedBalance(trx, record);
  const credited = invoice.amount_credited_minor + amount;
  await trx
    .insertInto('credit_allocations')
    .values({
      credit_note_id: note.id,
      invoice_id: invoice.id,
      amount_minor: amount,
      created_by: actor.userId,
      created_at: now,
    })
    .execute();
  await trx
    .updateTable('credit_notes')
    .set({ amount_applied_minor: note.appliedBefore + amount, updated_at: now })
    .where('id', '=', note.id)
    .execute();
  const status = statusAfterCredit(invoice.status, {
    balanceDue: balance - amount,
    paid,
    credited,
    viewed: await invoiceWasViewed(trx, invoice.id),
  });
  await trx
    .updateTable('invoices')
    .set({ amount_credited_minor: credited, status, updated_at: now })
    .where('id', '=', invoice.id)
    .execute();
  await recordInvoiceEvent(trx, actor, {
    invoiceId: invoice.id,
    type: 'credit_applied',
    data: {
      creditNoteId: note.id,
      creditNoteNumber: note.number,
      amount: formatMinor(amount, exponent),
      currency: invoice.currency,
    },
    at: now,
  });
  if (status !== invoice.status) {
    await recordInvoiceEvent(trx, actor, {
      invoiceId: invoice.id,
      type: 'status_changed',
      fromStatus: invoice.status,
      toStatus: status,
      data: { action: 'apply_credit', creditNoteId: note.id },
      at: now,
    });
  }
}
