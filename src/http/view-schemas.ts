import { z } from 'zod';
import { INVOICE_STATUSES } from '../domain/invoice-status.ts';

/**
 * Shapes of the API's responses, for the OpenAPI document and for type checking the handlers' return values
 * against them (bodies are serialised as they are: the view functions already produce exactly these shapes).
 */
const money = z.string().meta({ description: 'Decimal string in major units, e.g. "1234.50"' });
const decimal = z.string().meta({ description: 'Exact decimal string, e.g. "1.5"' });
const timestamp = z.string().meta({ description: 'ISO 8601 instant' });
const date = z.string().meta({ description: 'Calendar date YYYY-MM-DD' });

export const addressSchema = z.object({
  line1: z.string(),
  line2: z.string(),
  city: z.string(),
  region: z.string(),
  postalCode: z.string(),
  country: z.string(),
  countryCode: z.string().nullable().meta({ description: 'ISO 3166-1 alpha-2; null when not known' }),
  countryNeedsReview: z
    .boolean()
    .meta({ description: 'The typed country could not be read as a country: pick it from the list' }),
});

export const contactSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  phone: z.string(),
});

export const clientSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    company: z.string(),
    email: z.string(),
    phone: z.string(),
    address: addressSchema,
    currency: z.string().nullable(),
    taxId: z.string(),
    notes: z.string(),
    vatId: z.string(),
    electronicAddress: z.object({ id: z.string(), scheme: z.string() }),
    buyerReference: z.string(),
    einvoiceFormat: z.string(),
    language: z.string().nullable(),
    archived: z.boolean(),
    contacts: z.array(contactSchema),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Client' });

export const projectSchema = z
  .object({
    id: z.string(),
    clientId: z.string(),
    name: z.string(),
    archived: z.boolean(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Project' });

export const taxRateSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    rate: decimal,
    inclusive: z.boolean(),
    compound: z.boolean(),
    isDefault: z.boolean(),
    archived: z.boolean(),
    vatCategory: z.string().nullable(),
    exemptionReason: z.string(),
    vatexCode: z.string().nullable(),
  })
  .meta({ id: 'TaxRate' });

const discount = z.object({ kind: z.enum(['percent', 'fixed']), value: decimal }).nullable();
const tax = z.object({
  taxRateId: z.string().nullable(),
  name: z.string(),
  rate: decimal,
  inclusive: z.boolean(),
  compound: z.boolean(),
});

export const totalsSchema = z
  .object({
    subtotal: money,
    lineDiscountTotal: money,
    invoiceDiscount: money,
    discountTotal: money,
    taxes: z.array(
      z.object({
        name: z.string(),
        rate: decimal,
        inclusive: z.boolean(),
        compound: z.boolean(),
        taxableBase: money,
        amount: money,
      }),
    ),
    taxTotal: money,
    inclusiveTaxTotal: money,
    total: money,
    amountPaid: money,
    balanceDue: money,
  })
  .meta({ id: 'InvoiceTotals' });

/** An invoice's figures: totals plus the credit applied from credit notes. */
export const invoiceTotalsSchema = totalsSchema
  .extend({
    amountPaid: money.meta({ description: 'Payments that count (net of refunds); credit is not included' }),
    amountCredited: money.meta({ description: 'Credit applied to this invoice from credit notes' }),
    balanceDue: money.meta({ description: 'total − amountPaid − amountCredited' }),
  })
  .meta({ id: 'InvoiceFigures' });

/** A credit note of an invoice as the invoice lists it, to link to it. */
export const invoiceCreditNoteLinkSchema = z
  .object({
    id: z.string(),
    number: z.string().nullable().meta({ description: 'null while a draft' }),
    status: z.enum(['draft', 'issued']),
    total: money,
    issueDate: date,
    issuedAt: timestamp.nullable(),
  })
  .meta({ id: 'InvoiceCreditNoteLink' });

/**
 * The invoice's fields as they were before credit notes (other kinds pick their shared body fields from it); the
 * invoice's own response is `invoiceViewSchema`.
 */
export const invoiceSchema = z.object({
  id: z.string(),
  number: z.string().nullable(),
  status: z.enum(INVOICE_STATUSES),
  client: z.object({ id: z.string(), name: z.string(), company: z.string() }),
  project: z.object({ id: z.string(), name: z.string() }).nullable(),
  currency: z.string(),
  issueDate: date,
  dueDate: date,
  paymentTerms: z.string(),
  buyerReference: z.string().meta({ description: "BT-10; empty: the client's default" }),
  orderReference: z.string().meta({ description: 'BT-13 purchase order number' }),
  deliveryDate: date.nullable(),
  lines: z.array(
    z.object({
      id: z.string(),
      description: z.string(),
      quantity: decimal,
      unitPrice: decimal,
      unit: z.string().nullable().meta({ description: 'UN/ECE Recommendation 20 unit code; null: none' }),
      itemId: z.string().nullable().meta({ description: 'The catalogue item the line was filled from' }),
      itemCode: z.string().meta({
        description:
          "The item's code when the line was saved (the seller's item identifier, BT-155); '' for none",
      }),
      discount,
      taxes: z.array(tax),
      amount: money,
      discountAmount: money,
      amountAfterDiscount: money.meta({
        description: 'amount − discountAmount, before the invoice discount and taxes',
      }),
      netAmount: money,
    }),
  ),
  discount,
  taxes: z.array(tax),
  notes: z.string(),
  terms: z.string(),
  taxRounding: z.enum(['per_document', 'per_line']),
  invoiceDiscountMode: z.enum(['before_tax', 'after_tax']),
  totals: totalsSchema,
  sentAt: timestamp.nullable(),
  voidedAt: timestamp.nullable(),
  voidReason: z.string().nullable(),
  importId: z.string().nullable().meta({
    description: 'The CSV import a historical invoice came from (see /imports); null: made in Remit',
  }),
  createdAt: timestamp,
  updatedAt: timestamp,
});

const describedParty = z.object({
  name: z.string(),
  company: z.string().optional(),
  addressLines: z.array(z.string()).meta({ description: "Printed address lines, in the country's order" }),
  email: z.string().optional(),
  phone: z.string().optional(),
  website: z.string().optional(),
  taxId: z.string().optional(),
  buyerReference: z.string().optional().meta({
    description:
      "The buyer's default buyer reference (BT-10): printed by an invoice without its own and its credit notes",
  }),
});

/** Who a document is from and for, and in which words: what its PDF and email print beside its figures. */
export const documentPartiesSchema = z
  .object({
    language: z
      .string()
      .meta({ description: "The reader's language (the client's, else the organisation's)" }),
    locale: z.string().meta({ description: 'BCP 47 locale figures and dates are printed in' }),
    seller: describedParty,
    buyer: describedParty,
    payment: z.object({ termsText: z.string(), instructions: z.string() }),
  })
  .meta({
    id: 'DocumentParties',
    description:
      'Given by GET of one document: the seller and buyer blocks and payment details, as printed now',
  });

/** An invoice as the API answers it: its figures include the credit applied, and it lists its credit notes. */
export const invoiceViewSchema = invoiceSchema
  .extend({
    totals: invoiceTotalsSchema,
    creditNotes: z
      .array(invoiceCreditNoteLinkSchema)
      .meta({ description: 'Credit notes written for this invoice, oldest first (drafts included)' }),

    parties: documentPartiesSchema.optional(),
  })
  .meta({ id: 'Invoice' });

export const invoiceSummarySchema = z
  .object({
    id: z.string(),
    number: z.string().nullable(),
    status: z.enum(INVOICE_STATUSES),
    client: z.object({ id: z.string(), name: z.string(), company: z.string() }),
    projectId: z.string().nullable(),
    currency: z.string(),
    issueDate: date,
    dueDate: date,
    total: money,
    amountPaid: money,
    amountCredited: money.meta({ description: 'Credit applied from credit notes' }),
    balanceDue: money.meta({ description: 'total − amountPaid − amountCredited' }),
    createdAt: timestamp,
  })
  .meta({ id: 'InvoiceSummary' });

export const invoiceEventSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    fromStatus: z.string().nullable(),
    toStatus: z.string().nullable(),
    actor: z.object({ type: z.string(), id: z.string().nullable(), name: z.string() }),
    data: z.record(z.string(), z.unknown()),
    at: timestamp,
  })
  .meta({ id: 'InvoiceEvent' });

/** A fresh invoice link made by staff to hand over themselves; the URL is shown this once. */
export const staffInvoiceLinkSchema = z
  .object({
    url: z
      .string()
      .meta({ description: 'Opens the invoice in the portal for the contact: APP_URL/portal/link/<token>' }),
    expiresAt: timestamp,
    contact: z.object({ id: z.string(), name: z.string(), email: z.string() }),
  })
  .meta({ id: 'StaffInvoiceLink' });

export const userSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(['admin', 'finance']),
    active: z.boolean(),
    createdAt: timestamp,
  })
  .meta({ id: 'User' });

const amountAndCount = z.object({ amount: money, count: z.number().int() });

export const dashboardSchema = z
  .object({
    today: date.meta({ description: "The organisation's date the figures are for" }),
    timeZone: z.string(),
    defaultCurrency: z.string(),
    currencies: z
      .array(
        z.object({
          currency: z.string(),
          outstanding: amountAndCount.meta({
            description: 'Balance due of issued invoices not paid in full (void excluded)',
          }),
          overdue: amountAndCount.meta({
            description: "The outstanding invoices past their due date in the organisation's time zone",
          }),
          credit: amountAndCount.meta({
            description: 'Client credit not used yet: issued credit notes less what was applied or refunded',
          }),
          paidThisMonth: money.meta({ description: 'Received this calendar month, net of refunds' }),
          draftCount: z.number().int(),
          months: z
            .array(
              z.object({
                month: z.string().meta({ description: 'YYYY-MM' }),
                invoiced: money.meta({
                  description:
                    'Totals of the invoices issued that month less the credit notes issued that month',
                }),
                received: money.meta({ description: 'Payments that month less refunds that month' }),
              }),
            )
            .meta({ description: 'The last 12 months, oldest first, the current month last' }),
        }),
      )
      .meta({
        description: 'One entry per currency, the default currency first; amounts never mix currencies',
      }),
  })
  .meta({ id: 'Dashboard' });

/** A page of a keyset-paginated list: pass `nextCursor` as `cursor` for the next page (null at the end). */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item) });
}
