import { sql } from 'kysely';
import type { Db, Trx } from '../../db/client.ts';
import type { PaymentRow } from '../../db/schema.ts';
import type { CreditNoteRow } from '../../db/schema-documents.ts';
import { currencyExponent, formatMinor } from '../../domain/currency.ts';
import type { ServiceDeps } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { PROVIDER_LABELS } from '../gateways/gateway-deps.ts';
import { refundableMinor } from '../payments/payment-view.ts';

/** Providers Remit can send a refund to (2Checkout orders are refunded in its control panel). */
const REFUNDING_PROVIDERS = ['stripe', 'paypal'] as const;

export interface CreditRefundPaymentView {
  paymentId: string;
  invoiceId: string;
  invoiceNumber: string | null;
  /** Whether the payment is on the invoice this credit note credits. */
  creditedInvoice: boolean;
  provider: string;
  providerName: string;
  paidOn: string;
  amount: string;
  /** What the provider can still give back through this payment: less its refunds and earlier credit refunds. */
  refundable: string;
}

/**
 * Why client credit of `note` cannot go back through `payment`, in words, or null when it can: a payment of the
 * same client and currency that went through Stripe or PayPal and has something left to refund.
 */
export function gatewayRefundRefusal(
  note: CreditNoteRow,
  payment: PaymentRow,
  paymentClientId: string,
): string | null {
  if (paymentClientId !== note.client_id) return 'This payment is from another client';
  if (payment.provider === 'offline' || payment.provider_payment_id === null) {
    return 'This payment was recorded by hand: refund the credit outside Remit and record it with its method';
  }
  if (!(REFUNDING_PROVIDERS as readonly string[]).includes(payment.provider)) {
    return `Refunds cannot be sent to ${payment.provider}: refund in its control panel and record it by hand`;
  }
  if (payment.status !== 'succeeded' || payment.deleted_at !== null) {
    return 'Only a payment that went through can carry a refund';
  }
  if (payment.currency !== note.currency) {
    return `This payment is in ${payment.currency}, the credit note in ${note.currency}`;
  }
  if (refundableMinor(payment) === 0n) return 'Everything this payment brought in has already gone back';
  return null;
}

/** The client's gateway payments that credit of `note` may go back through; the credited invoice's first. */
export async function eligiblePayments(
  db: Db | Trx,
  note: CreditNoteRow,
): Promise<CreditRefundPaymentView[]> {
  const rows = await db
    .selectFrom('payments')
    .innerJoin('invoices', 'invoices.id', 'payments.invoice_id')
    .selectAll('payments')
    .select(['invoices.number as invoice_number', 'invoices.client_id as client_id'])
    .where('invoices.client_id', '=', note.client_id)
    .where('payments.currency', '=', note.currency)
    .where('payments.provider', 'in', REFUNDING_PROVIDERS)
    .where('payments.status', '=', 'succeeded')
    .where('payments.deleted_at', 'is', null)
    .where(sql<boolean>`payments.amount_minor - payments.refunded_minor - payments.credit_refunded_minor > 0`)
    .orderBy(sql`payments.invoice_id = ${note.invoice_id}`, 'desc')
    .orderBy('payments.paid_on', 'desc')
    .orderBy('payments.seq', 'desc')
    .limit(100)
    .execute();
  const exponent = currencyExponent(note.currency);
  return rows
    .filter((row) => gatewayRefundRefusal(note, row, row.client_id) === null)
    .map((row) => ({
      paymentId: row.id,
      invoiceId: row.invoice_id,
      invoiceNumber: row.invoice_number,
      creditedInvoice: row.invoice_id === note.invoice_id,
      provider: row.provider,
      providerName: PROVIDER_LABELS[row.provider as keyof typeof PROVIDER_LABELS] ?? row.provider,
      paidOn: row.paid_on,
      amount: formatMinor(row.amount_minor, exponent),
      refundable: formatMinor(refundableMinor(row), exponent),
    }));
}

/** GET /credit-notes/{id}/refund-payments: where the credit of an issued credit note can go back online. */
export async function listCreditRefundPayments(deps: ServiceDeps, creditNoteId: string) {
  const note = await deps.db
    .selectFrom('credit_notes')
    .selectAll()
    .where('id', '=', creditNoteId)
    .executeTakeFirst();
  if (!note) throw new NotFoundError('Credit note');
  return { items: note.status === 'issued' ? await eligiblePayments(deps.db, note) : [] };
}
