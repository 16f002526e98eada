import type { Db, Trx } from '../../db/client.ts';
import type { PaymentMethod, PaymentRefundRow, PaymentRow, PaymentStatus } from '../../db/schema.ts';
import { currencyExponent, formatMinor } from '../../domain/currency.ts';
import { NotFoundError } from '../errors.ts';

export const PAYMENT_METHODS = [
  'bank_transfer',
  'cheque',
  'cash',
  'card',
  'other',
] as const satisfies readonly PaymentMethod[];

export interface RefundView {
  id: string;
  amount: string;
  refundedOn: string;
  reason: string;
  provider: string;
  providerRefundId: string | null;
  createdBy: string | null;
  createdAt: string;
}

export interface PaymentView {
  id: string;
  invoiceId: string;
  amount: string;
  currency: string;
  paidOn: string;
  method: PaymentMethod;
  reference: string;
  note: string;
  provider: string;
  providerPaymentId: string | null;
  status: PaymentStatus;
  refundedAmount: string;
  /**
   * Client credit refunded through this payment's gateway (credit notes' refunds): money back to the client that
   * does not change what the payment counts for on its invoice.
   */
  creditRefundedAmount: string;
  /** What this payment still contributes to the invoice: 0 once deleted, refunded in full, or not succeeded. */
  countedAmount: string;
  refunds: RefundView[];
  deletedAt: string | null;
  deletedBy: string | null;
  deleteReason: string | null;
  /** Why a gateway payment was held back for staff; null for payments that never needed a look. */
  review: {
    reason: string;
    /** null while it waits for staff. */
    decision: 'accepted' | 'rejected' | null;
    note: string;
    reviewedAt: string | null;
    reviewedBy: string | null;
  } | null;
  createdBy: string | null;
  createdAt: string;
}

/** What may still go back to the client through a payment: less its refunds and the credit refunded through it. */
export function refundableMinor(payment: PaymentRow): bigint {
  return payment.amount_minor - payment.refunded_minor - payment.credit_refunded_minor;
}

/** The part of a payment that counts towards its invoice's amount paid. */
export function countedMinor(payment: PaymentRow): bigint {
  if (payment.status !== 'succeeded' || payment.deleted_at !== null) return 0n;
  return payment.amount_minor - payment.refunded_minor;
}

export function toPaymentView(payment: PaymentRow, refunds: PaymentRefundRow[]): PaymentView {
  const exponent = currencyExponent(payment.currency);
  const money = (minor: bigint) => formatMinor(minor, exponent);
  return {
    id: payment.id,
    invoiceId: payment.invoice_id,
    amount: money(payment.amount_minor),
    currency: payment.currency,
    paidOn: payment.paid_on,
    method: payment.method,
    reference: payment.reference,
    note: payment.note,
    provider: payment.provider,
    providerPaymentId: payment.provider_payment_id,
    status: payment.status,
    refundedAmount: money(payment.refunded_minor),
    creditRefundedAmount: money(payment.credit_refunded_minor),
    countedAmount: money(countedMinor(payment)),
    refunds: refunds
      .filter((refund) => refund.payment_id === payment.id)
      .map((refund) => ({
        id: refund.id,
        amount: money(refund.amount_minor),
        refundedOn: refund.refunded_on,
        reason: refund.reason,
        provider: refund.provider,
        providerRefundId: refund.provider_refund_id,
        createdBy: refund.created_by,
        createdAt: refund.created_at.toISOString(),
      })),
    deletedAt: payment.deleted_at?.toISOString() ?? null,
    deletedBy: payment.deleted_by,
    deleteReason: payment.delete_reason,
    review:
      payment.review_reason === null
        ? null
        : {
            reason: payment.review_reason,
            decision: payment.review_decision,
            note: payment.review_note,
            reviewedAt: payment.reviewed_at?.toISOString() ?? null,
            reviewedBy: payment.reviewed_by,
          },
    createdBy: payment.created_by,
    createdAt: payment.created_at.toISOString(),
  };
}

/** Payments of one invoice with their refunds, oldest first (deleted ones included: they stay on record). */
export async function paymentViews(db: Db | Trx, invoiceId: string): Promise<PaymentView[]> {
  const payments = await db
    .selectFrom('payments')
    .selectAll()
    .where('invoice_id', '=', invoiceId)
    .orderBy('seq')
    .execute();
  const refunds = payments.length
    ? await db
        .selectFrom('payment_refunds')
        .selectAll()
        .where('invoice_id', '=', invoiceId)
        .orderBy('seq')
        .execute()
    : [];
  return payments.map((payment) => toPaymentView(payment, refunds));
}

export async function paymentView(db: Db | Trx, paymentId: string): Promise<PaymentView> {
  const payment = await db.selectFrom('payments').selectAll().where('id', '=', paymentId).executeTakeFirst();
  if (!payment) throw new NotFoundError('Payment');
  const refunds = await db
    .selectFrom('payment_refunds')
    .selectAll()
    .where('payment_id', '=', paymentId)
    .orderBy('seq')
    .execute();
  return toPaymentView(payment, refunds);
}

/**
 * A payment of this invoice, locked. Callers lock the invoice first: every payment change takes the invoice lock,
 * so locks are always taken in the same order and two changes cannot deadlock.
 */
export async function lockPayment(trx: Trx, invoiceId: string, paymentId: string): Promise<PaymentRow> {
  const payment = await trx
    .selectFrom('payments')
    .selectAll()
    .where('id', '=', paymentId)
    .where('invoice_id', '=', invoiceId)
    .forUpdate()
    .executeTakeFirst();
  if (!payment) throw new NotFoundError('Payment');
  return payment;
}
