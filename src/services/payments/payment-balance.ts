import { sql } from 'kysely';
import type { Trx } from '../../db/client.ts';
import { nextStatus, type StoredStatus } from '../../domain/invoice-status.ts';
import type { Actor } from '../context.ts';
import { computeRecordTotals } from '../invoices/invoice-view.ts';
import type { InvoiceRecord } from '../invoices/load-invoice.ts';
import { recordInvoiceEvent } from '../invoices/record-event.ts';

/**
 * What the invoice's payments add up to, from the payments themselves (not from the cache): succeeded, not
 * deleted, less refunds. Read under the invoice's row lock, so no concurrent change can slip in between.
 */
export async function countedPaymentsOf(
  trx: Trx,
  invoiceId: string,
): Promise<{ paid: bigint; paymentsRemain: boolean }> {
  const row = await trx
    .selectFrom('payments')
    .select([
      sql<string>`coalesce(sum(amount_minor - refunded_minor), 0)::text`.as('paid'),
      sql<boolean>`coalesce(bool_or(amount_minor > refunded_minor), false)`.as('payments_remain'),
    ])
    .where('invoice_id', '=', invoiceId)
    .where('status', '=', 'succeeded')
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  return { paid: BigInt(row.paid), paymentsRemain: row.payments_remain };
}

/**
 * Whether a client contact has opened the invoice, read from its timeline (a `viewed` event or a change to
 * `viewed`), so that taking a payment away sends it back to `viewed` rather than `sent`.
 */
export async function invoiceWasViewed(trx: Trx, invoiceId: string): Promise<boolean> {
  const row = await trx
    .selectFrom('invoice_events')
    .select('id')
    .where('invoice_id', '=', invoiceId)
    .where((eb) => eb.or([eb('type', '=', 'viewed'), eb('to_status', '=', 'viewed')]))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * After a payment that counts was added (recorded by staff, paid online, accepted after review): the amount paid
 * cache grows by `amountMinor` and the status moves as the status table says (paid when it covers the balance),
 * recording the change. The invoice must be locked by the caller, and `balanceMinor` read under that lock.
 */
export async function settleAfterPayment(
  trx: Trx,
  actor: Actor,
  invoice: { id: string; status: StoredStatus },
  payment: { id: string; amountMinor: bigint; paidBeforeMinor: bigint; balanceMinor: bigint },
  now: Date,
): Promise<StoredStatus> {
  const action =
    payment.amountMinor === payment.balanceMinor ? 'record_full_payment' : 'record_partial_payment';
  const status = nextStatus(invoice.status, action);
  await trx
    .updateTable('invoices')
    .set({ amount_paid_minor: payment.paidBeforeMinor + payment.amountMinor, status, updated_at: now })
    .where('id', '=', invoice.id)
    .execute();
  if (status !== invoice.status) {
    await recordInvoiceEvent(trx, actor, {
      invoiceId: invoice.id,
      type: 'status_changed',
      fromStatus: invoice.status,
      toStatus: status,
      data: { action, paymentId: payment.id },
      at: now,
    });
  }
  return status;
}

/**
 * After a payment was deleted or refunded: rewrites the amount paid cache and moves the status back as the
 * status table says (`remove_payment`), recording the change. The invoice must be locked by the caller.
 */
export async function settleAfterPaymentRemoval(
  trx: Trx,
  actor: Actor,
  record: InvoiceRecord,
  cause: { action: 'delete_payment' | 'refund_payment'; paymentId: string },
  now: Date,
): Promise<void> {
  const { invoice } = record;
  const { paid, paymentsRemain } = await countedPaymentsOf(trx, invoice.id);
  const totals = computeRecordTotals({ ...record, invoice: { ...invoice, amount_paid_minor: paid } });
  const status = nextStatus(invoice.status, 'remove_payment', {
    paymentsRemain,
    balanceRemains: totals.balanceDue > 0n,
    viewed: await invoiceWasViewed(trx, invoice.id),
    creditRemains: invoice.amount_credited_minor > 0n,
  });
  await trx
    .updateTable('invoices')
    .set({ amount_paid_minor: paid, status, updated_at: now })
    .where('id', '=', invoice.id)
    .execute();
  if (status !== invoice.status) {
    await recordInvoiceEvent(trx, actor, {
      invoiceId: invoice.id,
      type: 'status_changed',
      fromStatus: invoice.status,
      toStatus: status,
      data: { action: 'remove_payment', cause: cause.action, paymentId: cause.paymentId },
      at: now,
    });
  }
}
