import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { SettingsRow } from '../../db/schema.ts';
import { PAPER_SIZES, paperSizeFor } from '../../domain/paper-size.ts';
import type { ServiceDeps } from '../../services/context.ts';
import { logoInfo } from '../../services/settings/get-logo.ts';
import { getSettings } from '../../services/settings/get-settings.ts';
import { updateSettings } from '../../services/settings/update-settings.ts';
import { actionContext } from '../plugins/staff-auth.ts';
import { multilineText, shortText, uuid, withResponses } from '../schemas.ts';
import { postalAddressInput } from './client-schemas.ts';
import { countryView, einvoiceSettingsInput, einvoiceSettingsView } from './einvoice-settings-schemas.ts';
import { settingsSchema } from './settings-schemas.ts';

async function settingsView(deps: ServiceDeps, row: SettingsRow) {
  const defaults = await deps.db
    .selectFrom('tax_rates')
    .select('id')
    .where('is_default', '=', true)
    .where('archived_at', 'is', null)
    .orderBy('name')
    .execute();
  return {
    businessName: row.business_name,
    address: {
      line1: row.address_line1,
      line2: row.address_line2,
      city: row.city,
      region: row.region,
      postalCode: row.postal_code,
      country: row.country,
      ...countryView(row),
    },
    einvoicing: einvoiceSettingsView(row),
    email: row.email,
    phone: row.phone,
    taxId: row.tax_id,
    defaultCurrency: row.default_currency,
    locale: row.locale,
    timeZone: row.time_zone,
    defaultPaymentTerms: row.default_payment_terms,
    invoiceNumberPattern: row.invoice_number_pattern,
    quoteNumberPattern: row.quote_number_pattern,
    quoteValidityDays: row.quote_validity_days,
    quoteAutoConvert: row.quote_auto_convert,
    creditNoteNumberPattern: row.credit_note_number_pattern,
    correctionsNeedCreditNote: row.corrections_need_credit_note,
    defaultNotes: row.default_notes,
    defaultTerms: row.default_terms,
    taxRounding: row.tax_rounding,
    invoiceDiscountMode: row.invoice_discount_mode,
    defaultTaxRateIds: defaults.map((rate) => rate.id),
    website: row.website,
    paymentTermsText: row.payment_terms_text,
    paymentInstructions: row.payment_instructions,
    footer: row.footer,
    accentColor: row.accent_color,
    emailRetentionDays: row.email_retention_days,
    auditRetentionDays: row.audit_retention_days,
    paperSize: row.paper_size,
    paperSizeInUse: paperSizeFor(row.paper_size, row.country_code, row.locale),
    sendPaymentReceipts: row.send_payment_receipts,
    logo: await logoInfo(deps),
    updatedAt: row.updated_at.toISOString(),
  };
}

const settingsPatch = z.strictObject({
  businessName: shortText().optional(),
  address: postalAddressInput.optional(),
  email: shortText(320).optional(),
  phone: shortText(50).optional(),
  taxId: shortText(50).optional(),
  einvoicing: einvoiceSettingsInput,
  defaultCurrency: z.string().length(3).toUpperCase().optional(),
  locale: shortText(35).optional(),
  timeZone: shortText(64).optional(),
  defaultPaymentTerms: shortText(20)
    .optional()
    .meta({ description: 'due_on_receipt, net_N (e.g. net_30), eom or eom_next' }),
  invoiceNumberPattern: shortText(60).optional(),
  quoteNumberPattern: shortText(60)
    .optional()
    .meta({ description: 'Numbers of quotes, e.g. Q-{YYYY}-{SEQ:4}' }),
  quoteValidityDays: z
    .number()
    .int('Must be a whole number of days')
    .min(1, 'A quote stays valid at least 1 day')
    .max(365, 'A quote stays valid at most 365 days')
    .optional()
    .meta({ description: 'Days a new quote stays valid (its valid-until date). Default 30' }),
  quoteAutoConvert: z
    .boolean()
    .optional()
    .meta({ description: 'Turn a quote into a draft invoice as soon as the client accepts it' }),
  creditNoteNumberPattern: shortText(60)
    .optional()
    .meta({ description: 'Numbers of credit notes, e.g. CN-{YYYY}-{SEQ:4}' }),
  correctionsNeedCreditNote: z.boolean().optional().meta({
    description:
      'On: an issued invoice cannot be voided, it is cancelled with a credit note (the rule in the EU). Default on for new installs',
  }),
  defaultNotes: multilineText(5000).optional(),
  defaultTerms: multilineText(5000).optional(),
  taxRounding: z.enum(['per_document', 'per_line']).optional(),
  invoiceDiscountMode: z.enum(['before_tax', 'after_tax']).optional(),
  defaultTaxRateIds: z.array(uuid).max(20).optional(),
  website: shortText(300).optional(),
  paymentTermsText: multilineText(2000).optional(),
  paymentInstructions: multilineText(2000).optional(),
  footer: multilineText(1000).optional(),
  accentColor: shortText(7)
    .optional()
    .meta({ description: 'Colour of headings and rules on invoices, #rrggbb' }),
  emailRetentionDays: z
    .number()
    .int('Must be a whole number of days')
    .min(1, 'Keep emails at least 1 day')
    .max(3650, 'Keep emails at most 3650 days (10 years)')
    .optional()
    .meta({
      description:
        'Days a sent (or failed) email keeps its content; then only who, when, what and its state are kept. Default 90',
    }),
  auditRetentionDays: z
    .number()
    .int('Must be a whole number of days')
    .min(30, 'Keep the audit log at least 30 days')
    .max(3650, 'Keep the audit log at most 3650 days (10 years)')
    .optional()
    .meta({ description: 'Days an audit log entry is kept before the hourly purge removes it. Default 400' }),
  paperSize: z
    .enum(PAPER_SIZES, 'Choose a4 or letter, or null to follow the country')
    .nullable()
    .optional()
    .meta({
      description: 'Paper of every PDF: a4 or letter; null: Letter for the US and Canada, A4 elsewhere',
    }),
  sendPaymentReceipts: z.boolean().optional().meta({
    description:
      'On: a payment made online (Stripe, PayPal, 2Checkout) emails the client a receipt with its PDF. Default on',
  }),
});

export const settingsRoutes: FastifyPluginAsyncZod<{ deps: ServiceDeps }> = async (app, { deps }) => {
  app.get(
    '/settings',
    {
      schema: {
        tags: ['settings'],
        summary: 'Organisation settings',
        response: withResponses({ 200: settingsSchema }),
      },
    },
    async () => settingsView(deps, await getSettings(deps.db)),
  );

  app.patch(
    '/settings',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['settings'],
        summary: 'Change organisation settings (admin); fields left out keep their value',
        body: settingsPatch,
        response: withResponses({ 200: settingsSchema }),
      },
    },
    async (request) => {
      const { address, ...rest } = request.body;
      const row = await updateSettings(
        deps,
        {
          ...rest,
          addressLine1: address?.line1,
          addressLine2: address?.line2,
          city: address?.city,
          region: address?.region,
          postalCode: address?.postalCode,
          country: address?.country,
          countryCode: address?.countryCode,
        },
        actionContext(request),
      );
      return settingsView(deps, row);
    },
  );
};
