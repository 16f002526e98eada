import { z } from 'zod';
import { PAYMENT_METHODS } from '../../services/payments/payment-view.ts';

const money = z.string().meta({ description: 'Decimal string in major units, e.g. "1234.50"' });

const refundSchema = z.object({
  id: z.string(),
  amount: money,
  refundedOn: z.string(),
  reason: z.string(),
  provider: z.string(),
  providerRefundId: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});

/** A payment of an invoice, with its refunds; deleted ones stay, marked deleted. */
export const paymentSchema = z
  .object({
    id: z.string(),
    invoiceId: z.string(),
    amount: money,
    currency: z.string(),
    paidOn: z.string(),
    method: z.enum(PAYMENT_METHODS),
    reference: z.string(),
    note: z.string(),
    provider: z.string(),
    providerPaymentId: z.string().nullable(),
    status: z.enum(['pending', 'succeeded', 'failed']),
    refundedAmount: money,
    creditRefundedAmount: money.meta({
      description:
        "Client credit refunded through this payment's gateway; it still counts in full for the invoice",
    }),
    countedAmount: money.meta({ description: 'What this payment still contributes to the invoice' }),
    refunds: z.array(refundSchema),
    deletedAt: z.string().nullable(),
    deletedBy: z.string().nullable(),
    deleteReason: z.string().nullable(),
    review: z
      .object({
        reason: z.string(),
        decision: z.enum(['accepted', 'rejected']).nullable(),
        note: z.string(),
        reviewedAt: z.string().nullable(),
        reviewedBy: z.string().nullable(),
      })
      .nullable()
      .meta({
        description: 'Why a gateway payment was held back for staff; null when it never needed a look',
      }),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Payment' });
