/** The e-invoicing part of the settings and client APIs: request schemas and views (see docs/einvoicing.md). */
import { z } from 'zod';
import type { ClientRow, SettingsRow } from '../../db/schema.ts';
import { countryNeedsReview } from '../../services/einvoice/party-field-checks.ts';
import { dateString, shortText } from '../schemas.ts';

export const EINVOICE_FORMATS = [
  'none',
  'ubl',
  'cii',
  'peppol',
  'xrechnung',
  'xrechnung-cii',
  'facturx',
] as const;

export const countryCodeInput = z
  .string()
  .length(2, 'Use a two-letter country code (ISO 3166-1), e.g. DE')
  .nullable()
  .optional()
  .meta({
    description:
      'ISO 3166-1 alpha-2 code (e-invoices need it). Given without `country`, the country name is filled in; ' +
      '`country` given alone is read into this code when it names a country',
  });

export const electronicAddressInput = z
  .strictObject({ id: shortText(200).optional(), scheme: shortText(4).optional() })
  .meta({
    description:
      'Electronic address (BT-34/BT-49) with its EAS scheme: 0208 Belgian enterprise number, 9930 German VAT ' +
      'number, 0088 GLN, 0204 Leitweg-ID, EM email ... Given whole: an empty pair removes it',
  });

export const einvoiceSettingsInput = z
  .strictObject({
    legalName: shortText(200)
      .optional()
      .meta({ description: 'Registered name (BT-27); default the business name' }),
    vatId: shortText(30)
      .optional()
      .meta({ description: 'VAT number with country prefix (BT-31), e.g. DE123456789' }),
    taxRegistrationId: shortText(50).optional().meta({ description: 'National tax number (BT-32)' }),
    legalRegistration: z
      .strictObject({ id: shortText(100).optional(), scheme: shortText(4).optional() })
      .optional()
      .meta({ description: 'Company registration (BT-30) and its ISO 6523 scheme, e.g. 0208' }),
    electronicAddress: electronicAddressInput.optional(),
    contact: z
      .strictObject({
        name: shortText(200).optional(),
        phone: shortText(50).optional(),
        email: shortText(320).optional(),
      })
      .optional()
      .meta({ description: 'Contact for invoices (BT-41..43); XRechnung needs all three' }),
    paymentMeans: z
      .strictObject({
        code: shortText(3).optional(),
        iban: shortText(50).optional(),
        bic: shortText(20).optional(),
        accountName: shortText(200).optional(),
      })
      .optional()
      .meta({
        description:
          'How clients pay (BG-16): code UNCL4461 (58 SEPA transfer, default; 30 transfer; 68 online), IBAN ' +
          '(checksum checked), BIC, account name. Given whole',
      }),
  })
  .optional();

/** The client's e-invoice fields (BT-48, BT-49, default BT-10) and preferred format. */
export const clientEInvoiceFields = {
  vatId: shortText(30).optional().meta({ description: 'VAT number with country prefix (BT-48)' }),
  electronicAddress: electronicAddressInput.optional(),
  buyerReference: shortText(200).optional().meta({
    description: "Default buyer reference (BT-10): a German public body's Leitweg-ID (check digits checked)",
  }),
  einvoiceFormat: z
    .enum(EINVOICE_FORMATS)
    .optional()
    .meta({ description: 'The e-invoice format the client prefers to receive (none by default)' }),
};

/** An invoice's e-invoice references (BT-10, BT-13) and delivery date (BT-72). */
export const invoiceReferenceFields = {
  buyerReference: shortText(200).optional().meta({
    description:
      "Buyer reference (BT-10), e.g. the client's Leitweg-ID; empty: the client's default reference",
  }),
  orderReference: shortText(200).optional().meta({ description: 'Purchase order number (BT-13)' }),
  deliveryDate: dateString.nullable().optional().meta({
    description: 'When the goods or services were delivered (BT-72); an intra-community supply needs it',
  }),
};

export function einvoiceSettingsView(row: SettingsRow) {
  return {
    legalName: row.legal_name,
    vatId: row.vat_id,
    taxRegistrationId: row.tax_registration_id,
    legalRegistration: { id: row.legal_registration_id, scheme: row.legal_registration_scheme },
    electronicAddress: { id: row.electronic_address, scheme: row.electronic_address_scheme },
    contact: { name: row.contact_name, phone: row.contact_phone, email: row.contact_email },
    paymentMeans: {
      code: row.payment_means_code,
      iban: row.iban,
      bic: row.bic,
      accountName: row.bank_account_name,
    },
  };
}

/** The country fields every address view adds: the ISO code and whether the typed country needs review. */
export function countryView(row: SettingsRow | ClientRow) {
  return {
    countryCode: row.country_code,
    countryNeedsReview: countryNeedsReview(row.country, row.country_code),
  };
}
