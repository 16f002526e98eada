import { currencyExponent, formatMinor } from '../../domain/currency.ts';
import { todayIn } from '../../domain/dates.ts';
import { ConflictError, ValidationError } from '../../domain/errors.ts';
import type { Actor } from '../context.ts';
import { assertProvider, isComplete, loadGatewayConfig } from '../gateways/gateway-config.ts';
import type { GatewayDeps } from '../gateways/gateway-deps.ts';
import { recordInvoiceEvent } from '../invoices/record-event.ts';
import { lockPayment, refundableMinor } from '../payments/payment-view.ts';
import { getSettings } from '../settings/get-settings.ts';
import { toCreditNoteView } from './credit-note-view.ts';
import { creditRefundAmount, writeCreditRefund } from './credit-refund-entry.ts';
import { gatewayRefundRefusal } from './credit-refund-payments.ts';
import { loadCreditNote } from './load-credit-note.ts';

export interface GatewayCreditRefundInput {
  paymentId: string;
  /** Major units; default: all the credit left (at most what the payment can still give back). */
  amount?: string;
  reference?: string;
}

/**
 * Gives client credit back through the gateway of one of the client's online payments (Stripe, PayPal): never more
 * than the credit left nor what the payment can still give back, which the provider refunds from that payment.
 *
 * Exactly once: the payment's invoice, the credit note and the payment are locked (in that order, the order every
 * payment and credit use case takes them) and held while the provider is asked, so a second request waits and then
 * finds the credit gone. The provider's idempotency key is made of what the locks protect (credit note, payment,
 * credit refunded so far, amount): a retry after a crash between the provider's answer and the commit is the same
 * refund at the provider, then recorded once. A provider that refuses or cannot be reached rolls everything back
 * (GatewayError: 502). The payment keeps counting in full for its invoice; the provider's refund event later finds
 * the credit refund recorded (payments.credit_refunded_minor) and changes nothing.
 */
export async function refundCreditThroughGateway(
  deps: GatewayDeps,
  actor: Actor,
  creditNoteId: string,
  input: GatewayCreditRefundInput,
) {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const found = await trx
      .selectFrom('payments')
      .innerJoin('invoices', 'invoices.id', 'payments.invoice_id')
      .select(['payments.invoice_id', 'invoices.client_id'])
      .where('payments.id', '=', input.paymentId)
      .executeTakeFirst();
    if (!found) throw new ValidationError('paymentId', 'No payment has this id');
    await trx.selectFrom('invoices').select('id').where('id', '=', found.invoice_id).forUpdate().execute();
    const { note } = await loadCreditNote(trx, creditNoteId, { lock: true });
    const payment = await lockPayment(trx, found.invoice_id, input.paymentId);

    let amount = creditRefundAmount(note, input.amount);
    const refusal = gatewayRefundRefusal(note, payment, found.client_id);
    if (refusal !== null) throw new ValidationError('paymentId', refusal);
    const exponent = currencyExponent(note.currency);
    const refundable = refundableMinor(payment);
    if (amount > refundable) {
      if (input.amount !== undefined) {
        throw new ValidationError(
          'amount',
          `This payment can give back only ${formatMinor(refundable, exponent)} ${note.currency} more`,
        );
      }
      amount = refundable;
    }
    const provider = assertProvider(payment.provider);
    const config = await loadGatewayConfig(trx, deps.secretKey, provider);
    if (!config || !isComplete(provider, config.credentials)) {
      throw new ConflictError(
        'gateway_unavailable',
        `${provider} is not configured: refunds cannot be sent to it`,
      );
    }

    const { refundId } = await deps.gateways(config).refund({
      paymentId: payment.provider_payment_id as string,
      amountMinor: amount,
      currency: payment.currency,
      idempotencyKey: `remit-credit-${note.id}-${payment.id}-${note.amount_refunded_minor}-${amount}`,
    });

    const settings = await getSettings(trx);
    const date = todayIn(settings.time_zone, now);
    const reference = input.reference?.trim() || refundId;
    await writeCreditRefund(
      trx,
      actor,
      note,
      {
        amount,
        method: 'gateway',
        date,
        reference,
        gateway: { paymentId: payment.id, provider, providerRefundId: refundId },
      },
      now,
    );
    await trx
      .updateTable('payments')
      .set({ credit_refunded_minor: payment.credit_refunded_minor + amount, updated_at: now })
      .where('id', '=', payment.id)
      .execute();
    await recordInvoiceEvent(trx, actor, {
      invoiceId: payment.invoice_id,
      type: 'credit_refunded_through_payment',
      data: {
        paymentId: payment.id,
        creditNoteId: note.id,
        creditNoteNumber: note.number,
        amount: formatMinor(amount, exponent),
        currency: payment.currency,
        provider,
        providerRefundId: refundId,
      },
      at: now,
    });
    return toCreditNoteView(await loadCreditNote(trx, note.id));
  });
}
