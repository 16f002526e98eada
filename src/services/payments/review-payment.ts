import { currencyExponent, formatMinor } from '../../domain/currency.ts';
import { ConflictError, ValidationError } from '../../domain/errors.ts';
import type { Actor, ServiceDeps } from '../context.ts';
import { PROVIDER_LABELS } from '../gateways/gateway-deps.ts';
import { queuePaymentEmails } from '../gateways/payment-emails.ts';
import { computeRecordTotals, toInvoiceView } from '../invoices/invoice-view.ts';
import { loadInvoice } from '../invoices/load-invoice.ts';
import { recordInvoiceEvent } from '../invoices/record-event.ts';
import { countedPaymentsOf, settleAfterPayment } from './payment-balance.ts';
import { lockPayment, paymentView } from './payment-view.ts';

export interface ReviewPaymentInput {
  decision: 'accept' | 'reject';
  /** Why; required to reject (the client will ask where the money went). */
  note?: string;
}

/**
 * Staff decide on a gateway payment held for review. Accepted, it counts like any payment: the balance and status
 * move, and the client gets the receipt held back until now. Rejected, it never counts; the money is to be returned
 * at the provider. Accepting is refused where it would make the books wrong (another currency, a void or paid
 * invoice, more than the balance): those are rejected and refunded. Under the invoice lock, like every payment change.
 */
export async function reviewPayment(
  /** appUrl: the app's public address, for the logo in the receipt an accepted payment sends. */
  deps: ServiceDeps & { appUrl?: string },
  actor: Actor,
  invoiceId: string,
  paymentId: string,
  input: ReviewPaymentInput,
) {
  const note = input.note?.trim() ?? '';
  if (input.decision === 'reject' && note === '') {
    throw new ValidationError('note', 'Say why the payment is rejected (for example: refunded at Stripe)');
  }
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const record = await loadInvoice(trx, invoiceId, { lock: true });
    const { invoice } = record;
    const payment = await lockPayment(trx, invoiceId, paymentId);
    if (payment.review_reason === null || payment.status !== 'pending' || payment.reviewed_at !== null) {
      throw new ConflictError('payment_not_in_review', 'This payment is not waiting for a review');
    }
    const exponent = currencyExponent(payment.currency);
    const amount = formatMinor(payment.amount_minor, exponent);
    const providerName =
      PROVIDER_LABELS[payment.provider as keyof typeof PROVIDER_LABELS] ?? payment.provider;

    if (input.decision === 'reject') {
      await trx
        .updateTable('payments')
        .set({
          status: 'failed',
          review_decision: 'rejected',
          review_note: note,
          reviewed_at: now,
          reviewed_by: actor.userId,
          updated_at: now,
        })
        .where('id', '=', paymentId)
        .execute();
      await recordInvoiceEvent(trx, actor, {
        invoiceId,
        type: 'payment_rejected',
        data: { paymentId, amount, currency: payment.currency, provider: payment.provider, note },
        at: now,
      });
    } else {
      if (payment.currency !== invoice.currency) {
        throw new ConflictError(
          'currency_mismatch',
          `This payment is in ${payment.currency} and the invoice in ${invoice.currency}: reject it and refund it at ${providerName}`,
        );
      }
      if (invoice.status === 'draft' || invoice.status === 'void' || invoice.status === 'paid') {
        throw new ConflictError(
          'invoice_not_payable',
          `The invoice is ${invoice.status}: reject the payment and refund it at ${providerName}`,
        );
      }
      const { paid } = await countedPaymentsOf(trx, invoiceId);
      const balance = computeRecordTotals({
        ...record,
        invoice: { ...invoice, amount_paid_minor: paid },
      }).balanceDue;
      if (payment.amount_minor > balance) {
        throw new ConflictError(
          'more_than_balance',
          `${amount} is more than the balance due of ${formatMinor(balance, exponent)} ${invoice.currency}: reject the payment and refund it at ${providerName}`,
        );
      }
      await trx
        .updateTable('payments')
        .set({
          status: 'succeeded',
          review_decision: 'accepted',
          review_note: note,
          reviewed_at: now,
          reviewed_by: actor.userId,
          updated_at: now,
        })
        .where('id', '=', paymentId)
        .execute();
      await recordInvoiceEvent(trx, actor, {
        invoiceId,
        type: 'payment_accepted',
        data: { paymentId, amount, currency: payment.currency, provider: payment.provider, note },
        at: now,
      });
      await settleAfterPayment(
        trx,
        actor,
        invoice,
        { id: paymentId, amountMinor: payment.amount_minor, paidBeforeMinor: paid, balanceMinor: balance },
        now,
      );
      const checkout = payment.gateway_checkout_id
        ? await trx
            .selectFrom('gateway_checkouts')
            .select('contact_id')
            .where('id', '=', payment.gateway_checkout_id)
            .executeTakeFirst()
        : undefined;
      // The receipt held back by the review; the staff notice went out when it arrived (its key stops a second).
      await queuePaymentEmails(
        trx,
        {
          invoiceId,
          invoiceNumber: invoice.number,
          paymentId,
          paidOn: payment.paid_on,
          amount,
          currency: payment.currency,
          balanceDue: formatMinor(balance - payment.amount_minor, exponent),
          providerName,
          clientName: record.client.name,
          contactId: checkout?.contact_id ?? null,
          reviewReason: null,
        },
        now,
        deps.appUrl ?? null,
      );
    }
    return {
      payment: await paymentView(trx, paymentId),
      invoice: toInvoiceView(await loadInvoice(trx, invoiceId), now),
    };
  });
}
