import type { Trx } from '../../db/client.ts';
import type { GatewayProviderName } from '../../db/schema.ts';
import { currencyExponent, formatMinor } from '../../domain/currency.ts';
import { todayIn } from '../../domain/dates.ts';
import type { GatewayEvent } from '../../ports.ts';
import type { Actor } from '../context.ts';
import { computeRecordTotals } from '../invoices/invoice-view.ts';
import { loadInvoice } from '../invoices/load-invoice.ts';
import { recordInvoiceEvent } from '../invoices/record-event.ts';
import {
  countedPaymentsOf,
  settleAfterPayment,
  settleAfterPaymentRemoval,
} from '../payments/payment-balance.ts';
import { PROVIDER_LABELS } from './gateway-deps.ts';
import { queuePaymentEmails } from './payment-emails.ts';

/** What became of an event: done, nothing to do, or not yet (a refund of a payment Remit has not seen yet). */
export type ApplyOutcome = 'processed' | 'ignored' | 'waiting';

/** The outcome, with the reason in words when the event was ignored. */
export type ApplyResult = { outcome: 'processed' | 'waiting' } | { outcome: 'ignored'; reason: string };

const PROCESSED: ApplyResult = { outcome: 'processed' };

/** The invoice an event names, if it is one of ours; else why the event is ignored. */
async function invoiceOfEvent(
  trx: Trx,
  checkout: { invoice_id: string } | undefined,
  event: { invoiceId: string | null; checkoutId: string | null },
): Promise<{ invoiceId: string } | { outcome: 'ignored'; reason: string }> {
  const invoiceId = checkout?.invoice_id ?? event.invoiceId;
  if (!invoiceId) {
    return {
      outcome: 'ignored',
      reason: `Not a checkout Remit opened (${event.checkoutId ?? 'no checkout id'}) and no invoice named`,
    };
  }
  const exists = await trx.selectFrom('invoices').select('id').where('id', '=', invoiceId).executeTakeFirst();
  if (!exists) return { outcome: 'ignored', reason: `No invoice ${invoiceId} in Remit` };
  return { invoiceId };
}

export function gatewayActor(provider: GatewayProviderName): Actor {
  return { type: 'system', id: provider, name: PROVIDER_LABELS[provider], role: 'admin', userId: null };
}

type Succeeded = Extract<GatewayEvent, { kind: 'payment_succeeded' }>;
type Refunded = Extract<GatewayEvent, { kind: 'payment_refunded' }>;
type Failed = Extract<GatewayEvent, { kind: 'payment_failed' }>;

async function findCheckout(trx: Trx, provider: GatewayProviderName, checkoutId: string | null) {
  if (checkoutId === null) return undefined;
  return trx
    .selectFrom('gateway_checkouts')
    .selectAll()
    .where('provider', '=', provider)
    .where('checkout_id', '=', checkoutId)
    .executeTakeFirst();
}

/**
 * A payment the provider says went through. Under the invoice's row lock: an already known provider payment id
 * changes nothing; an amount or currency other than the checkout asked for, or more than the balance, is kept as a
 * pending payment flagged for review (the invoice stays as it is); otherwise the payment counts, the status moves,
 * and the receipt and staff notice are queued in the same transaction.
 */
async function applySucceeded(
  trx: Trx,
  provider: GatewayProviderName,
  event: Succeeded,
  now: Date,
  appUrl: string | null,
): Promise<ApplyResult> {
  const checkout = await findCheckout(trx, provider, event.checkoutId);
  const found = await invoiceOfEvent(trx, checkout, event);
  if (!('invoiceId' in found)) return found;
  const { invoiceId } = found;

  const record = await loadInvoice(trx, invoiceId, { lock: true });
  const { invoice } = record;
  const known = await trx
    .selectFrom('payments')
    .select('id')
    .where('provider', '=', provider)
    .where('provider_payment_id', '=', event.paymentId)
    .executeTakeFirst();
  if (known) return PROCESSED;

  const { paid } = await countedPaymentsOf(trx, invoiceId);
  const balance = computeRecordTotals({
    ...record,
    invoice: { ...invoice, amount_paid_minor: paid },
  }).balanceDue;
  const exponent = currencyExponent(invoice.currency);
  let reviewReason: string | null = null;
  if (event.currency !== invoice.currency || (checkout && checkout.currency !== event.currency)) {
    reviewReason = `paid in ${event.currency}, the invoice is in ${invoice.currency}`;
  } else if (checkout && checkout.amount_minor !== event.amountMinor) {
    reviewReason = `paid ${formatMinor(event.amountMinor, exponent)}, the checkout asked for ${formatMinor(checkout.amount_minor, exponent)}`;
  } else if (invoice.status === 'void' || invoice.status === 'draft') {
    reviewReason = `the invoice is ${invoice.status}`;
  } else if (event.amountMinor > balance) {
    reviewReason = `more than the balance due of ${formatMinor(balance, exponent)}`;
  }

  const actor = gatewayActor(provider);
  const paidOn = todayIn(record.timeZone, now);
  const inserted = await trx
    .insertInto('payments')
    .values({
      invoice_id: invoiceId,
      amount_minor: event.amountMinor,
      currency: event.currency,
      paid_on: paidOn,
      method: 'card',
      reference: event.paymentId,
      note: `Paid online through ${PROVIDER_LABELS[provider]}`,
      provider,
      provider_payment_id: event.paymentId,
      status: reviewReason === null ? 'succeeded' : 'pending',
      review_reason: reviewReason,
      gateway_checkout_id: checkout?.id ?? null,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(['provider', 'provider_payment_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return PROCESSED;
  const paymentId = inserted.id;
  if (checkout) {
    await trx
      .updateTable('gateway_checkouts')
      .set({ state: 'completed', updated_at: now })
      .where('id', '=', checkout.id)
      .execute();
  }

  const amount = formatMinor(event.amountMinor, exponent);
  let balanceAfter = balance;
  if (reviewReason !== null) {
    await recordInvoiceEvent(trx, actor, {
      invoiceId,
      type: 'payment_needs_review',
      data: { paymentId, provider, amount, currency: event.currency, reason: reviewReason },
      at: now,
    });
  } else {
    balanceAfter = balance - event.amountMinor;
    await recordInvoiceEvent(trx, actor, {
      invoiceId,
      type: 'payment_recorded',
      data: {
        paymentId,
        amount,
        currency: event.currency,
        paidOn,
        method: 'card',
        provider,
        reference: event.paymentId,
      },
      at: now,
    });
    await settleAfterPayment(
      trx,
      actor,
      invoice,
      { id: paymentId, amountMinor: event.amountMinor, paidBeforeMinor: paid, balanceMinor: balance },
      now,
    );
  }
  await queuePaymentEmails(
    trx,
    {
      invoiceId,
      invoiceNumber: invoice.number,
      paymentId,
      paidOn,
      amount,
      currency: event.currency,
      balanceDue: formatMinor(balanceAfter, exponent),
      providerName: PROVIDER_LABELS[provider],
      clientName: record.client.name,
      contactId: checkout?.contact_id ?? null,
      reviewReason,
    },
    now,
    appUrl,
  );
  return PROCESSED;
}

/**
 * Refunds as the provider reports them: the cumulative refunded amount, so a repeated or reordered event settles to
 * the same figures. Client credit refunded through the same payment (credit_refunds, recorded when Remit made it) is
 * part of the provider's total but not a refund of the payment: it is taken off first. Before the payment itself is
 * known the event waits.
 */
export async function applyRefundedTotal(
  trx: Trx,
  provider: GatewayProviderName,
  input: { paymentId: string; refundedTotalMinor: bigint; providerRefundId: string; reason: string },
  actor: Actor,
  now: Date,
): Promise<'processed' | 'waiting'> {
  const found = await trx
    .selectFrom('payments')
    .select(['id', 'invoice_id'])
    .where('provider', '=', provider)
    .where('provider_payment_id', '=', input.paymentId)
    .executeTakeFirst();
  if (!found) return 'waiting';
  const record = await loadInvoice(trx, found.invoice_id, { lock: true });
  const payment = await trx
    .selectFrom('payments')
    .selectAll()
    .where('id', '=', found.id)
    .forUpdate()
    .executeTakeFirstOrThrow();
  // Never more than the payment less the credit refunded through it (bigints: no Math.min).
  const refundable = payment.amount_minor - payment.credit_refunded_minor;
  let target = input.refundedTotalMinor - payment.credit_refunded_minor;
  if (target > refundable) target = refundable;
  const delta = target - payment.refunded_minor;
  if (delta <= 0n) return 'processed';
  const refund = await trx
    .insertInto('payment_refunds')
    .values({
      payment_id: payment.id,
      invoice_id: payment.invoice_id,
      amount_minor: delta,
      refunded_on: todayIn(record.timeZone, now),
      reason: input.reason,
      provider,
      provider_refund_id: input.providerRefundId,
      created_by: actor.userId,
      created_at: now,
    })
    .onConflict((oc) => oc.columns(['provider', 'provider_refund_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!refund) return 'processed';
  await trx
    .updateTable('payments')
    .set({ refunded_minor: target, updated_at: now })
    .where('id', '=', payment.id)
    .execute();
  const exponent = currencyExponent(payment.currency);
  await recordInvoiceEvent(trx, actor, {
    invoiceId: payment.invoice_id,
    type: 'payment_refunded',
    data: {
      paymentId: payment.id,
      refundId: refund.id,
      amount: formatMinor(delta, exponent),
      currency: payment.currency,
      provider,
      fullyRefunded: target === refundable,
      reason: input.reason,
    },
    at: now,
  });
  if (payment.status === 'succeeded' && payment.deleted_at === null) {
    await settleAfterPaymentRemoval(
      trx,
      actor,
      record,
      { action: 'refund_payment', paymentId: payment.id },
      now,
    );
  }
  return 'processed';
}

async function applyFailed(
  trx: Trx,
  provider: GatewayProviderName,
  event: Failed,
  now: Date,
): Promise<ApplyResult> {
  const checkout = await findCheckout(trx, provider, event.checkoutId);
  if (checkout) {
    await trx
      .updateTable('gateway_checkouts')
      .set({ state: 'cancelled', updated_at: now })
      .where('id', '=', checkout.id)
      .where('state', '=', 'open')
      .execute();
  }
  const found = await invoiceOfEvent(trx, checkout, event);
  if (!('invoiceId' in found)) return found;
  await recordInvoiceEvent(trx, gatewayActor(provider), {
    invoiceId: found.invoiceId,
    type: 'online_payment_failed',
    data: { provider, paymentId: event.paymentId, checkoutId: event.checkoutId },
    at: now,
  });
  return PROCESSED;
}

/** Applies one verified provider event inside the caller's transaction. */
export async function applyGatewayEvent(
  trx: Trx,
  provider: GatewayProviderName,
  eventId: string,
  event: GatewayEvent,
  now: Date,
  appUrl: string | null = null,
): Promise<ApplyResult> {
  switch (event.kind) {
    case 'payment_succeeded':
      return applySucceeded(trx, provider, event, now, appUrl);
    case 'payment_refunded': {
      const outcome = await applyRefundedTotal(
        trx,
        provider,
        {
          paymentId: event.paymentId,
          refundedTotalMinor: event.refundedTotalMinor,
          providerRefundId: `event:${eventId}`,
          reason: `Refunded at ${PROVIDER_LABELS[provider]}`,
        },
        gatewayActor(provider),
        now,
      );
      return { outcome };
    }
    case 'payment_failed':
      return applyFailed(trx, provider, event, now);
    case 'ignored':
      return { outcome: 'ignored', reason: event.reason };
  }
}

export type { Refunded };
