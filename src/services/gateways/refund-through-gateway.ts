import { currencyExponent, formatMinor, parseMoney } from '../../domain/currency.ts';
import { ConflictError, ValidationError } from '../../domain/errors.ts';
import type { Actor } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { toInvoiceView } from '../invoices/invoice-view.ts';
import { loadInvoice } from '../invoices/load-invoice.ts';
import { paymentView, refundableMinor } from '../payments/payment-view.ts';
import { applyRefundedTotal } from './apply-gateway-event.ts';
import { assertProvider, isComplete, loadGatewayConfig } from './gateway-config.ts';
import type { GatewayDeps } from './gateway-deps.ts';

/**
 * Staff refund an online payment at its provider (all or part of it). The provider is called first, outside any
 * transaction; its answer is then recorded as the refunded total it implies, the same way the provider's own refund
 * event is, so whichever of the two arrives second changes nothing.
 */
export async function refundThroughGateway(
  deps: GatewayDeps,
  actor: Actor,
  invoiceId: string,
  paymentId: string,
  input: { amount?: string; reason?: string },
) {
  const payment = await deps.db
    .selectFrom('payments')
    .selectAll()
    .where('id', '=', paymentId)
    .where('invoice_id', '=', invoiceId)
    .executeTakeFirst();
  if (!payment) throw new NotFoundError('Payment');
  if (payment.provider === 'offline' || payment.provider_payment_id === null) {
    throw new ConflictError(
      'payment_offline',
      'This payment was recorded by hand: record its refund by hand too',
    );
  }
  const provider = assertProvider(payment.provider);
  if (provider === 'twocheckout') {
    throw new ConflictError('refund_unsupported', 'Refund 2Checkout orders in the 2Checkout control panel');
  }
  if (payment.status !== 'succeeded' || payment.deleted_at !== null) {
    throw new ConflictError('payment_not_settled', 'Only a payment that went through can be refunded');
  }
  const exponent = currencyExponent(payment.currency);
  const refundable = refundableMinor(payment);
  if (refundable === 0n)
    throw new ConflictError('payment_refunded', 'This payment has already been refunded in full');
  const amount = input.amount === undefined ? refundable : parseMoney(input.amount, exponent, 'amount');
  if (amount <= 0n) throw new ValidationError('amount', 'amount must be more than zero');
  if (amount > refundable) {
    throw new ValidationError(
      'amount',
      `amount ${formatMinor(amount, exponent)} is more than the ${formatMinor(refundable, exponent)} ` +
        `${payment.currency} of this payment not refunded yet`,
    );
  }
  const config = await loadGatewayConfig(deps.db, deps.secretKey, provider);
  if (!config || !isComplete(provider, config.credentials)) {
    throw new ConflictError(
      'gateway_unavailable',
      `${provider} is not configured: refunds cannot be sent to it`,
    );
  }
  // What the provider will have refunded on this payment in all: its refunds and the credit refunded through it.
  const target = payment.refunded_minor + payment.credit_refunded_minor + amount;
  const { refundId } = await deps.gateways(config).refund({
    paymentId: payment.provider_payment_id,
    amountMinor: amount,
    currency: payment.currency,
    // The same request repeated (a retry after a timeout) is the same refund at the provider.
    idempotencyKey: `remit-refund-${payment.id}-${target}`,
  });
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    await applyRefundedTotal(
      trx,
      provider,
      {
        paymentId: payment.provider_payment_id as string,
        refundedTotalMinor: target,
        providerRefundId: refundId,
        reason: input.reason?.trim() ?? '',
      },
      actor,
      now,
    );
    return {
      payment: await paymentView(trx, paymentId),
      invoice: toInvoiceView(await loadInvoice(trx, invoiceId), now),
    };
  });
}
