import type { PaymentMethod } from '../../db/schema.ts';
import { currencyExponent, formatMinor, parseMoney } from '../../domain/currency.ts';
import { assertValidDate, todayIn } from '../../domain/dates.ts';
import { ConflictError, ValidationError } from '../../domain/errors.ts';
import type { StoredStatus } from '../../domain/invoice-status.ts';
import type { Actor, ServiceDeps } from '../context.ts';
import { computeRecordTotals, toInvoiceView } from '../invoices/invoice-view.ts';
import { loadInvoice } from '../invoices/load-invoice.ts';
import { recordInvoiceEvent } from '../invoices/record-event.ts';
import { countedPaymentsOf, settleAfterPayment } from './payment-balance.ts';
import { PAYMENT_METHODS, paymentView } from './payment-view.ts';
import { type QueuedReceiptEmail, queueReceiptEmails } from './send-payment-receipt.ts';

export interface RecordPaymentInput {
  /** Major units as a decimal string in the invoice's currency ("1234.50"). */
  amount: string;
  /** The day the money arrived; today in the organisation's time zone when left out. */
  paidOn?: string;
  method: PaymentMethod;
  reference?: string;
  note?: string;
  /** Email the receipt (with its PDF) to the client's billing email, in the same transaction. */
  emailReceipt?: boolean;
}

/** Why a payment cannot be recorded on an invoice in this status, in words that say what to do. */
function refuseUnpayable(status: StoredStatus): void {
  if (status === 'draft') {
    throw new ConflictError(
      'invoice_not_issued',
      'This invoice is a draft: issue it first (send it or mark it as sent), then record the payment',
    );
  }
  if (status === 'void') {
    throw new ConflictError('invoice_void', 'This invoice is void: no payment can be recorded on it');
  }
  if (status === 'credited') {
    throw new ConflictError(
      'invoice_credited',
      'Credit notes settle this invoice in full: there is no balance left to pay',
    );
  }
  if (status === 'paid') {
    throw new ConflictError(
      'invoice_paid',
      'This invoice is already paid in full: there is no balance left to pay',
    );
  }
}

/**
 * Records a payment received outside Remit (bank transfer, cheque, cash...). The invoice row is locked first, so
 * concurrent payments on one invoice queue up and each sees the balance the previous one left: together they can
 * never pay more than the total. A partial payment makes the invoice Partially paid, the rest of the balance Paid.
 * With `emailReceipt` the receipt email is queued with the payment: both or neither.
 */
export async function recordPayment(
  deps: ServiceDeps & { appUrl?: string | null },
  actor: Actor,
  invoiceId: string,
  input: RecordPaymentInput,
) {
  if (!(PAYMENT_METHODS as readonly string[]).includes(input.method)) {
    throw new ValidationError('method', `method must be one of ${PAYMENT_METHODS.join(', ')}`);
  }
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const record = await loadInvoice(trx, invoiceId, { lock: true });
    const { invoice } = record;
    refuseUnpayable(invoice.status);

    const exponent = currencyExponent(invoice.currency);
    const amount = parseMoney(input.amount, exponent, 'amount');
    if (amount <= 0n) throw new ValidationError('amount', 'amount must be more than zero');
    const today = todayIn(record.timeZone, now);
    const paidOn = input.paidOn === undefined ? today : assertValidDate(input.paidOn, 'paidOn');
    if (paidOn > today) throw new ValidationError('paidOn', 'paidOn cannot be in the future');

    // The balance from the engine, with the amount paid counted from the payments under the lock.
    const { paid } = await countedPaymentsOf(trx, invoiceId);
    const balance = computeRecordTotals({
      ...record,
      invoice: { ...invoice, amount_paid_minor: paid },
    }).balanceDue;
    if (amount > balance) {
      throw new ValidationError(
        'amount',
        `amount ${formatMinor(amount, exponent)} is more than the balance due of ` +
          `${formatMinor(balance, exponent)} ${invoice.currency}`,
      );
    }
    const { id: paymentId } = await trx
      .insertInto('payments')
      .values({
        invoice_id: invoiceId,
        amount_minor: amount,
        currency: invoice.currency,
        paid_on: paidOn,
        method: input.method,
        reference: input.reference?.trim() ?? '',
        note: input.note?.trim() ?? '',
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordInvoiceEvent(trx, actor, {
      invoiceId,
      type: 'payment_recorded',
      data: {
        paymentId,
        amount: formatMinor(amount, exponent),
        currency: invoice.currency,
        paidOn,
        method: input.method,
        reference: input.reference?.trim() ?? '',
      },
      at: now,
    });
    await settleAfterPayment(
      trx,
      actor,
      invoice,
      { id: paymentId, amountMinor: amount, paidBeforeMinor: paid, balanceMinor: balance },
      now,
    );
    const receiptEmails: QueuedReceiptEmail[] = input.emailReceipt
      ? await queueReceiptEmails(
          trx,
          deps,
          { actor, origin: actor.origin ?? null },
          paymentId,
          {},
          now,
          'emailReceipt',
        )
      : [];
    return {
      payment: await paymentView(trx, paymentId),
      receiptEmails,
      invoice: toInvoiceView(await loadInvoice(trx, invoiceId), now),
    };
  });
}
