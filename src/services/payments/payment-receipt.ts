import type { Db, Trx } from '../../db/client.ts';
import type { GatewayProviderName } from '../../db/schema.ts';
import { ConflictError } from '../../domain/errors.ts';
import { type PaymentReceipt, receiptNumber } from '../../domain/payment-receipt.ts';
import { NotFoundError } from '../errors.ts';
import { PROVIDER_LABELS } from '../gateways/gateway-deps.ts';
import { toInvoiceView } from '../invoices/invoice-view.ts';
import { loadInvoice } from '../invoices/load-invoice.ts';
import { paymentView } from './payment-view.ts';

export interface LoadedReceipt {
  receipt: PaymentReceipt;
  invoiceId: string;
  clientId: string;
  /** The client's billing email: where a receipt goes unless told otherwise. */
  billingEmail: string;
}

/** A client contact's view: only its own client's payments that count, on invoices it may see. */
export interface ReceiptScope {
  clientId: string;
  /** A link session reaches one invoice only. */
  invoiceId?: string | null;
}

/** The online provider's name, or null for a payment staff recorded by hand. */
export function providerNameOf(provider: string): string | null {
  return PROVIDER_LABELS[provider as GatewayProviderName] ?? null;
}

/**
 * A payment's receipt as it stands now: the invoice's balance from the totals engine, the payment's refunds so far.
 * Only a payment that was received has one: a deleted, pending (in review) or failed payment is refused (409);
 * for a client contact (`scope`) anything not its own received payment is the same 404 as an unknown id.
 */
export async function loadPaymentReceipt(
  db: Db | Trx,
  paymentId: string,
  now: Date,
  scope?: ReceiptScope,
): Promise<LoadedReceipt> {
  let query = db
    .selectFrom('payments')
    .innerJoin('invoices', 'invoices.id', 'payments.invoice_id')
    .innerJoin('clients', 'clients.id', 'invoices.client_id')
    .select([
      'payments.seq',
      'payments.invoice_id',
      'payments.status',
      'payments.deleted_at',
      'invoices.client_id',
      'clients.email as billing_email',
    ])
    .where('payments.id', '=', paymentId);
  if (scope) {
    query = query
      .where('invoices.client_id', '=', scope.clientId)
      .where('invoices.status', '!=', 'draft')
      .where('payments.status', '=', 'succeeded')
      .where('payments.deleted_at', 'is', null);
    if (scope.invoiceId) query = query.where('invoices.id', '=', scope.invoiceId);
  }
  const row = await query.executeTakeFirst();
  if (!row) throw new NotFoundError('Payment');
  if (row.deleted_at !== null) {
    throw new ConflictError('payment_deleted', 'This payment was deleted: it has no receipt');
  }
  if (row.status !== 'succeeded') {
    throw new ConflictError(
      'payment_not_received',
      row.status === 'pending'
        ? 'This payment is waiting for review: it gets a receipt once it is accepted'
        : 'This payment did not go through: it has no receipt',
    );
  }
  const [payment, record] = await Promise.all([
    paymentView(db, paymentId),
    loadInvoice(db as Db, row.invoice_id),
  ]);
  const invoice = toInvoiceView(record, now);
  return {
    invoiceId: row.invoice_id,
    clientId: row.client_id,
    billingEmail: row.billing_email.trim(),
    receipt: {
      number: receiptNumber(row.seq),
      paidOn: payment.paidOn,
      currency: payment.currency,
      amount: payment.amount,
      method: payment.method,
      providerName: providerNameOf(payment.provider),
      reference: payment.reference,
      invoice: {
        number: invoice.number,
        issueDate: invoice.issueDate,
        total: invoice.totals.total,
        applied: payment.countedAmount,
        balanceDue: invoice.totals.balanceDue,
      },
      refunds: payment.refunds.map((refund) => ({
        refundedOn: refund.refundedOn,
        amount: refund.amount,
        reason: refund.reason,
      })),
      refundedAmount: payment.refundedAmount,
    },
  };
}
