import { z } from 'zod';
import { PAYMENT_METHODS } from '../../services/payments/payment-view.ts';
import {
  dateString,
  decimalInput,
  invoiceLineSchema,
  longText,
  multilineText,
  shortText,
  uuid,
} from '../schemas.ts';
import { documentPartiesSchema, invoiceSchema, invoiceViewSchema } from '../view-schemas.ts';

/** Shapes of the credit-note API (requests and answers); the OpenAPI document is generated from them. */
const money = z.string().meta({ description: 'Decimal string in major units, e.g. "1234.50"' });
const timestamp = z.string().meta({ description: 'ISO 8601 instant' });
const date = z.string().meta({ description: 'Calendar date YYYY-MM-DD' });

const invoiceLineRef = uuid.meta({
  description: 'The id of a line of the credited invoice (InvoiceView.lines[].id)',
});

export const createCreditNoteBody = z
  .strictObject({
    mode: z
      .enum(['remaining', 'lines', 'amount'])
      .optional()
      .meta({
        description:
          'remaining (default): every invoice line less the quantities issued credit notes already credit (the whole ' +
          'invoice when there are none; one line for the uncredited amount when an earlier credit note credited a ' +
          "free amount). lines: the chosen lines and quantities, copies of the invoice's lines. amount: one line for " +
          "a gross amount described by the reason, carrying the invoice's taxes as inclusive taxes when every " +
          'invoice line bears the same non-compound taxes, otherwise no tax.',
      }),
    lines: z
      .array(z.strictObject({ invoiceLineId: invoiceLineRef, quantity: decimalInput }))
      .max(1000)
      .optional()
      .meta({ description: "mode 'lines': the invoice lines to credit and how much of each" }),
    amount: decimalInput.optional().meta({ description: "mode 'amount': the gross amount to credit" }),
    reason: multilineText(2000)
      .optional()
      .meta({ description: "Why the invoice is corrected; required for 'amount'" }),
    issueDate: dateString.optional().meta({
      description: "Default today in the organisation's time zone; never before the invoice's issue date",
    }),
    notes: longText.optional(),
  })
  .nullish();

export const updateCreditNoteBody = z.strictObject({
  reason: multilineText(2000).optional(),
  notes: longText.optional(),
  issueDate: dateString.optional(),
  lines: z
    .array(
      invoiceLineSchema.extend({
        invoiceLineId: invoiceLineRef.nullable().optional().meta({
          description:
            'The invoice line this line credits (its quantity counts against that line); null: none',
        }),
      }),
    )
    .max(1000)
    .optional()
    .meta({ description: 'Replaces every line' }),
});

export const applyCreditBody = z.strictObject({
  creditNoteId: uuid.meta({
    description: 'An issued credit note of the same client and currency with credit left',
  }),
  amount: decimalInput.meta({ description: "At most the credit left and the invoice's balance due" }),
});

export const creditRefundBody = z.strictObject({
  amount: decimalInput.optional().meta({
    description:
      'Default: all the credit left (through a gateway, at most what the payment can still give back)',
  }),
  method: z.enum([...PAYMENT_METHODS, 'gateway']).meta({
    description:
      'How the money went back: gateway refunds it now through the provider of `paymentId`; the others record ' +
      'a refund made outside Remit',
  }),
  paymentId: uuid.optional().meta({
    description:
      'With method gateway (required): an online payment (Stripe, PayPal) of the same client and currency ' +
      'with something left to refund; see GET /credit-notes/{id}/refund-payments',
  }),
  date: dateString.optional().meta({
    description: 'The day the money went back; default today. Not with method gateway (today)',
  }),
  reference: shortText(200).optional().meta({
    description: "Default through a gateway: the provider's refund id",
  }),
});

export const creditRefundPaymentsSchema = z
  .object({
    items: z.array(
      z.object({
        paymentId: z.string(),
        invoiceId: z.string(),
        invoiceNumber: z.string().nullable(),
        creditedInvoice: z
          .boolean()
          .meta({ description: 'The payment is on the invoice this credit note credits (listed first)' }),
        provider: z.string(),
        providerName: z.string(),
        paidOn: date,
        amount: money,
        refundable: money.meta({
          description: 'What can still go back through it: less its refunds and earlier credit refunds',
        }),
      }),
    ),
  })
  .meta({ id: 'CreditRefundPayments' });

export const cancelInvoiceBody = z.strictObject({ reason: multilineText(1000).min(1) });

const body = invoiceSchema.pick({
  client: true,
  project: true,
  currency: true,
  issueDate: true,
  discount: true,
  taxes: true,
  notes: true,
  terms: true,
  taxRounding: true,
  invoiceDiscountMode: true,
  totals: true,
});
const lineSchema = invoiceSchema.shape.lines.element;

export const creditNoteSchema = body
  .extend({
    id: z.string(),
    number: z
      .string()
      .nullable()
      .meta({ description: 'Assigned when issued (credit-note series); null for a draft' }),
    status: z.enum(['draft', 'issued']),
    invoice: z
      .object({
        id: z.string(),
        number: z.string().nullable(),
        issueDate: date,
        buyerReference: z.string().meta({
          description:
            "The credited invoice's own buyer reference (BT-10); empty when none, then the client's default applies",
        }),
      })
      .meta({ description: 'The credited invoice (EN 16931 BT-25 and BT-26)' }),
    reason: z.string(),
    lines: z.array(
      lineSchema.extend({
        invoiceLineId: z
          .string()
          .nullable()
          .meta({ description: 'The invoice line credited; null for a free amount' }),
      }),
    ),
    credit: z
      .object({
        total: money,
        applied: money.meta({
          description: 'Applied to invoices (its own when issued, others by apply-credit)',
        }),
        refunded: money.meta({ description: 'Paid back to the client' }),
        remaining: money.meta({
          description: 'Client credit left: total − applied − refunded; 0 for a draft',
        }),
      })
      .meta({ description: 'totals.balanceDue of a credit note is its total: read the credit figures here' }),
    allocations: z.array(
      z.object({
        id: z.string(),
        invoiceId: z.string(),
        invoiceNumber: z.string().nullable(),
        amount: money,
        createdAt: timestamp,
      }),
    ),
    refunds: z.array(
      z.object({
        id: z.string(),
        amount: money,
        method: z.string(),
        refundedOn: date,
        reference: z.string(),
        paymentId: z
          .string()
          .nullable()
          .meta({ description: "Refunded through this payment's gateway; null: outside Remit" }),
        provider: z.string().meta({ description: 'offline, stripe or paypal' }),
        providerRefundId: z.string().nullable(),
        createdAt: timestamp,
      }),
    ),
    issuedAt: timestamp.nullable(),
    sentAt: timestamp.nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
    parties: documentPartiesSchema.optional(),
  })
  .meta({ id: 'CreditNote' });

export const creditNoteSummarySchema = z
  .object({
    id: z.string(),
    number: z.string().nullable(),
    status: z.enum(['draft', 'issued']),
    client: z.object({ id: z.string(), name: z.string(), company: z.string() }),
    invoice: z.object({ id: z.string(), number: z.string().nullable() }),
    currency: z.string(),
    issueDate: date,
    total: money,
    applied: money,
    refunded: money,
    remaining: money,
    reason: z.string(),
    createdAt: timestamp,
  })
  .meta({ id: 'CreditNoteSummary' });

export const clientCreditSchema = z
  .object({
    clientId: z.string(),
    credit: z.array(z.object({ currency: z.string(), amount: money, creditNotes: z.number().int() })).meta({
      description:
        'Credit left per currency (issued credit notes: total − applied − refunded); empty when none',
    }),
  })
  .meta({ id: 'ClientCredit' });

export const invoiceAndCreditNoteSchema = z.object({
  invoice: invoiceViewSchema,
  creditNote: creditNoteSchema,
});
