import { currencyExponent, formatMinor, parseMoney } from '../../domain/currency.ts';
import { assertValidDate, todayIn } from '../../domain/dates.ts';
import { ConflictError, ValidationError } from '../../domain/errors.ts';
import type { Actor, ServiceDeps } from '../context.ts';
import { toInvoiceView } from '../invoices/invoice-view.ts';
import { loadInvoice } from '../invoices/load-invoice.ts';
import { recordInvoiceEvent } from '../invoices/record-event.ts';
import { settleAfterPaymentRemoval } from './payment-balance.ts';
import { lockPayment, paymentView, refundableMinor } from './payment-view.ts';

export interface RefundPaymentInput {
  /** Major units; the whole amount not refunded yet when left out. */
  amount?: string;
  /** The day the money went back; today in the organisation's time zone when left out. */
  refundedOn?: string;
  reason?: string;
}

/**
 * Records money given back to the client for a payment, in full or in part. The refund is a row of its own (a
 * gateway refund later fits the same row, with its provider id); the payment counts for what is left of it, and
 * the invoice's balance and status come back accordingly.
 */
export async function refundPayment(
  deps: ServiceDeps,
  actor: Actor,
  invoiceId: string,
  paymentId: string,
  input: RefundPaymentInput,
) {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const record = await loadInvoice(trx, invoiceId, { lock: true });
    const payment = await lockPayment(trx, invoiceId, paymentId);
    if (payment.deleted_at !== null) {
      throw new ConflictError('payment_deleted', 'This payment was deleted; there is nothing to refund');
    }
    if (payment.status !== 'succeeded') {
      throw new ConflictError('payment_not_settled', 'Only a payment that went through can be refunded');
    }
    const exponent = currencyExponent(payment.currency);
    const refundable = refundableMinor(payment);
    if (refundable === 0n) {
      throw new ConflictError('payment_refunded', 'This payment has already been refunded in full');
    }
    const amount = input.amount === undefined ? refundable : parseMoney(input.amount, exponent, 'amount');
    if (amount <= 0n) throw new ValidationError('amount', 'amount must be more than zero');
    if (amount > refundable) {
      throw new ValidationError(
        'amount',
        `amount ${formatMinor(amount, exponent)} is more than the ${formatMinor(refundable, exponent)} ` +
          `${payment.currency} of this payment not refunded yet`,
      );
    }
    const today = todayIn(record.timeZone, now);
    const refundedOn =
      input.refundedOn === undefined ? today : assertValidDate(input.refundedOn, 'refundedOn');
    if (refundedOn > today) throw new ValidationError('refundedOn', 'refundedOn cannot be in the future');
    if (refundedOn < payment.paid_on) {
      throw new ValidationError('refundedOn', 'refundedOn cannot be before the day the payment was made');
    }

    const { id: refundId } = await trx
      .insertInto('payment_refunds')
      .values({
        payment_id: paymentId,
        invoice_id: invoiceId,
        amount_minor: amount,
        refunded_on: refundedOn,
        reason: input.reason?.trim() ?? '',
        created_by: actor.userId,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('payments')
      .set({ refunded_minor: payment.refunded_minor + amount, updated_at: now })
      .where('id', '=', paymentId)
      .execute();
    await recordInvoiceEvent(trx, actor, {
      invoiceId,
      type: 'payment_refunded',
      data: {
        paymentId,
        refundId,
        amount: formatMinor(amount, exponent),
        currency: payment.currency,
        refundedOn,
        fullyRefunded: amount === refundable,
        reason: input.reason?.trim() ?? '',
      },
      at: now,
    });
    await settleAfterPaymentRemoval(trx, actor, record, { action: 'refund_payment', paymentId }, now);
    return {
      payment: await paymentView(trx, paymentId),
      invoice: toInvoiceView(await loadInvoice(trx, invoiceId), now),
    };
  });
}
