import { z } from 'zod';
import { PAPER_SIZES } from '../../domain/paper-size.ts';
import { addressSchema } from '../view-schemas.ts';

/** The organisation settings as GET and PATCH /settings answer them. */

const idWithScheme = z.object({ id: z.string(), scheme: z.string() });

const einvoicingSchema = z.object({
  legalName: z.string(),
  vatId: z.string(),
  taxRegistrationId: z.string(),
  legalRegistration: idWithScheme,
  electronicAddress: idWithScheme,
  contact: z.object({ name: z.string(), phone: z.string(), email: z.string() }),
  paymentMeans: z.object({ code: z.string(), iban: z.string(), bic: z.string(), accountName: z.string() }),
});

const logoSchema = z.object({
  mimeType: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  bytes: z.number().int(),
  updatedAt: z.string(),
  url: z.string(),
});

export const settingsSchema = z
  .object({
    businessName: z.string(),
    address: addressSchema,
    einvoicing: einvoicingSchema,
    email: z.string(),
    phone: z.string(),
    taxId: z.string(),
    defaultCurrency: z.string(),
    locale: z.string(),
    timeZone: z.string(),
    defaultPaymentTerms: z.string(),
    invoiceNumberPattern: z.string(),
    quoteNumberPattern: z.string(),
    quoteValidityDays: z.number().int(),
    quoteAutoConvert: z.boolean(),
    creditNoteNumberPattern: z.string(),
    correctionsNeedCreditNote: z.boolean(),
    defaultNotes: z.string(),
    defaultTerms: z.string(),
    taxRounding: z.enum(['per_document', 'per_line']),
    invoiceDiscountMode: z.enum(['before_tax', 'after_tax']),
    defaultTaxRateIds: z.array(z.string()),
    website: z.string(),
    paymentTermsText: z.string(),
    paymentInstructions: z.string(),
    footer: z.string(),
    accentColor: z.string(),
    emailRetentionDays: z
      .number()
      .int()
      .meta({ description: 'Days a sent or failed email keeps its content' }),
    auditRetentionDays: z.number().int(),
    paperSize: z
      .enum(PAPER_SIZES)
      .nullable()
      .meta({ description: 'The paper of every PDF; null: from the country' }),
    paperSizeInUse: z
      .enum(PAPER_SIZES)
      .meta({ description: "The paper PDFs are printed on now (the chosen one, or the country's)" }),
    sendPaymentReceipts: z
      .boolean()
      .meta({ description: 'Online payments email the client a receipt with its PDF' }),
    logo: logoSchema.nullable(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Settings' });
