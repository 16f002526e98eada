import { currencyExponent, formatMinor } from '../../domain/currency.ts';
import { ConflictError } from '../../domain/errors.ts';
import type { Actor, ServiceDeps } from '../context.ts';
import { toInvoiceView } from '../invoices/invoice-view.ts';
import { loadInvoice } from '../invoices/load-invoice.ts';
import { recordInvoiceEvent } from '../invoices/record-event.ts';
import { settleAfterPaymentRemoval } from './payment-balance.ts';
import { countedMinor, lockPayment, paymentView } from './payment-view.ts';

/**
 * Takes back a payment recorded by mistake. The row stays (marked deleted, with who and why) and the timeline
 * keeps what it was, so the books never lose a trace; the balance and the status come back as they were before.
 * Money that was really returned to the client is a refund, not a deletion.
 */
export async function deletePayment(
  deps: ServiceDeps,
  actor: Actor,
  invoiceId: string,
  paymentId: string,
  reason = '',
) {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const record = await loadInvoice(trx, invoiceId, { lock: true });
    const payment = await lockPayment(trx, invoiceId, paymentId);
    if (payment.deleted_at !== null) {
      throw new ConflictError('payment_deleted', 'This payment has already been deleted');
    }
    if (payment.refunded_minor > 0n) {
      throw new ConflictError(
        'payment_refunded',
        'This payment has refunds recorded against it; it stays on record and cannot be deleted',
      );
    }
    if (payment.provider !== 'offline') {
      throw new ConflictError(
        'payment_online',
        `This payment came through ${payment.provider}; refund it instead of deleting it`,
      );
    }
    const counted = countedMinor(payment);
    await trx
      .updateTable('payments')
      .set({
        deleted_at: now,
        deleted_by: actor.userId,
        delete_reason: reason.trim() || null,
        updated_at: now,
      })
      .where('id', '=', paymentId)
      .execute();
    const exponent = currencyExponent(payment.currency);
    await recordInvoiceEvent(trx, actor, {
      invoiceId,
      type: 'payment_deleted',
      data: {
        paymentId,
        amount: formatMinor(payment.amount_minor, exponent),
        currency: payment.currency,
        paidOn: payment.paid_on,
        method: payment.method,
        reference: payment.reference,
        reason: reason.trim(),
      },
      at: now,
    });
    // A payment that counted for nothing (not settled) changes neither the balance nor the status.
    if (counted > 0n) {
      await settleAfterPaymentRemoval(trx, actor, record, { action: 'delete_payment', paymentId }, now);
    }
    return {
      payment: await paymentView(trx, paymentId),
      invoice: toInvoiceView(await loadInvoice(trx, invoiceId), now),
    };
  });
}
