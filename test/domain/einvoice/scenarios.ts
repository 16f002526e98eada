/**
 * E-invoice scenarios of issue 15's "Validation" list, as Remit would hand them to the builder. Shared by the
 * unit tests and the validation test.
 */
import type {
  EInvoiceDocumentInput,
  EInvoiceInput,
  EInvoiceLineInput,
  EInvoicePartyInput,
  EInvoiceSellerInput,
  EInvoiceTaxInput,
} from '../../../src/domain/einvoice/input.ts';

export const VAT19: EInvoiceTaxInput = {
  name: 'MwSt 19 %',
  rate: '19',
  inclusive: false,
  compound: false,
  vat: { category: 'S' },
};
export const VAT7: EInvoiceTaxInput = {
  name: 'MwSt 7 %',
  rate: '7',
  inclusive: false,
  compound: false,
  vat: { category: 'S' },
};
export const VAT19_INCLUSIVE: EInvoiceTaxInput = { ...VAT19, name: 'MwSt 19 % incl.', inclusive: true };
export const VAT7_INCLUSIVE: EInvoiceTaxInput = { ...VAT7, name: 'MwSt 7 % incl.', inclusive: true };
export const ZERO_RATED: EInvoiceTaxInput = {
  name: 'Zero rated',
  rate: '0',
  inclusive: false,
  compound: false,
  vat: { category: 'Z' },
};
export const EXEMPT: EInvoiceTaxInput = {
  name: 'Exempt (medical)',
  rate: '0',
  inclusive: false,
  compound: false,
  vat: {
    category: 'E',
    exemptionReason: 'Steuerfrei nach § 4 Nr. 14 UStG',
    exemptionReasonCode: 'VATEX-EU-132-1C',
  },
};
export const REVERSE_CHARGE: EInvoiceTaxInput = {
  name: 'Reverse charge',
  rate: '0',
  inclusive: false,
  compound: false,
  vat: { category: 'AE', exemptionReason: 'Steuerschuldnerschaft des Leistungsempfängers' },
};
export const INTRA_EU: EInvoiceTaxInput = {
  name: 'Intra-EU supply',
  rate: '0',
  inclusive: false,
  compound: false,
  vat: { category: 'K', exemptionReason: 'Steuerfreie innergemeinschaftliche Lieferung' },
};
export const EXPORT: EInvoiceTaxInput = {
  name: 'Export',
  rate: '0',
  inclusive: false,
  compound: false,
  vat: { category: 'G', exemptionReason: 'Steuerfreie Ausfuhrlieferung' },
};
export const NOT_SUBJECT: EInvoiceTaxInput = {
  name: 'Not subject to VAT',
  rate: '0',
  inclusive: false,
  compound: false,
  vat: { category: 'O', exemptionReason: 'Nicht im Inland steuerbare Leistung' },
};

export const SELLER: EInvoiceSellerInput = {
  name: 'Remit Demo GmbH',
  vatId: 'DE123456789',
  taxRegistrationId: '201/113/40209',
  legalRegistrationId: { id: 'HRB 12345' },
  electronicAddress: { id: 'DE123456789', scheme: '9930' },
  address: { lines: ['Hauptstraße 1'], city: 'Berlin', postalCode: '10115', country: 'DE' },
  contact: { name: 'Erika Mustermann', phone: '+49 30 1234567', email: 'billing@remit.example' },
};

export const BUYER: EInvoicePartyInput = {
  name: 'Kunde AG',
  vatId: 'DE987654321',
  electronicAddress: { id: '04011000-1234512345-06', scheme: '0204' },
  address: { lines: ['Marktplatz 5', '2. OG'], city: 'München', postalCode: '80331', country: 'DE' },
};

export const FOREIGN_BUYER: EInvoicePartyInput = {
  name: 'Client SARL',
  vatId: 'FR40303265045',
  electronicAddress: { id: 'FR40303265045', scheme: '9957' },
  address: { lines: ['1 rue de la Paix'], city: 'Paris', postalCode: '75002', country: 'FR' },
};

export const EXPORT_BUYER: EInvoicePartyInput = {
  name: 'Customer Inc.',
  electronicAddress: { id: '5790000435968', scheme: '0088' },
  address: { lines: ['1 Main Street'], city: 'Springfield', postalCode: '62701', country: 'US' },
};

export function line(
  name: string,
  quantity: string,
  unitPrice: string,
  taxes: EInvoiceTaxInput[],
  extra: Partial<EInvoiceLineInput> = {},
): EInvoiceLineInput {
  return { name, quantity, unitPrice, taxes, ...extra };
}

export function document(overrides: Partial<EInvoiceDocumentInput> = {}): EInvoiceDocumentInput {
  return {
    kind: 'invoice',
    number: 'INV-2026-0001',
    issueDate: '2026-03-02',
    dueDate: '2026-04-01',
    currency: 'EUR',
    lines: [line('Consulting', '10', '120', [VAT19], { unitCode: 'HUR' })],
    taxes: [],
    settings: { taxRounding: 'per_document', invoiceDiscountMode: 'before_tax' },
    buyerReference: '04011000-1234512345-06',
    orderReference: 'PO-4711',
    paymentTerms: 'Payable within 30 days',
    ...overrides,
  };
}

export function invoiceInput(
  overrides: Partial<EInvoiceDocumentInput> = {},
  parties: Partial<EInvoiceInput> = {},
): EInvoiceInput {
  return {
    document: document(overrides),
    seller: SELLER,
    buyer: BUYER,
    paymentMeans: {
      code: '58',
      iban: 'DE89 3704 0044 0532 0130 00',
      bic: 'COBADEFFXXX',
      accountName: 'Remit Demo GmbH',
    },
    ...parties,
  };
}

/** Every scenario of the issue's validation list, by a short file-friendly name. */
export function scenarios(): Record<string, EInvoiceInput> {
  const manyLines = Array.from({ length: 1000 }, (_, i) =>
    line(
      `Item ${i + 1}`,
      String((i % 7) + 1),
      `${(i % 50) + 1}.${String(i % 100).padStart(2, '0')}`,
      [i % 3 === 0 ? VAT7 : VAT19],
      {
        unitCode: 'H87',
      },
    ),
  );
  return {
    'one-rate': invoiceInput(),
    'several-rates': invoiceInput({
      lines: [
        line('Consulting', '10', '120', [VAT19], { unitCode: 'HUR' }),
        line('Books', '3', '19.99', [VAT7], { unitCode: 'H87' }),
        line('Training material', '2.5', '33.333', [VAT19]),
      ],
    }),
    'tax-inclusive': invoiceInput({
      lines: [
        line('Coffee beans', '3', '12.99', [VAT7_INCLUSIVE], { unitCode: 'KGM' }),
        line('Espresso machine', '1', '499.00', [VAT19_INCLUSIVE], {
          discount: { kind: 'percent', value: '5' },
        }),
        line('Cups', '7', '3.33', [VAT19_INCLUSIVE]),
      ],
      discount: { kind: 'fixed', value: '10.00' },
    }),
    discounts: invoiceInput({
      lines: [
        line('Design work', '12.5', '85', [VAT19], {
          unitCode: 'HUR',
          discount: { kind: 'percent', value: '10' },
        }),
        line('Printing', '500', '0.37', [VAT7], { discount: { kind: 'fixed', value: '15.00' } }),
        line('Hosting', '1', '240', [VAT19]),
      ],
      discount: { kind: 'percent', value: '3.5' },
    }),
    'zero-rated': invoiceInput({
      lines: [line('Printed books (export zero rate)', '4', '25', [ZERO_RATED])],
    }),
    exempt: invoiceInput({ lines: [line('Physiotherapy session', '6', '65', [EXEMPT])] }),
    'reverse-charge': invoiceInput(
      { lines: [line('Software development', '40', '95', [REVERSE_CHARGE], { unitCode: 'HUR' })] },
      { buyer: FOREIGN_BUYER },
    ),
    'intra-eu': invoiceInput(
      {
        lines: [line('Machine parts', '100', '12.5', [INTRA_EU], { unitCode: 'H87' })],
        deliveryDate: '2026-02-27',
      },
      { buyer: FOREIGN_BUYER },
    ),
    export: invoiceInput(
      { lines: [line('Machine', '1', '15000', [EXPORT])], currency: 'USD' },
      { buyer: EXPORT_BUYER },
    ),
    'not-subject': invoiceInput(
      { lines: [line('Seminar abroad', '1', '800', [NOT_SUBJECT])] },
      { seller: { ...SELLER, vatId: null }, buyer: EXPORT_BUYER },
    ),
    'partly-paid': invoiceInput({
      lines: [
        line('Website', '1', '4500', [VAT19]),
        line('Maintenance', '12', '49.90', [VAT19], { unitCode: 'MON' }),
      ],
      amountPaid: 150000n,
    }),
    jpy: invoiceInput({
      currency: 'JPY',
      lines: [line('Translation', '3', '12500', [VAT19]), line('Proofreading', '1.5', '333', [VAT7])],
      discount: { kind: 'percent', value: '5' },
    }),
    'credit-note': invoiceInput({
      kind: 'credit_note',
      number: 'CN-2026-0001',
      lines: [line('Consulting (refund of 2 hours)', '2', '120', [VAT19], { unitCode: 'HUR' })],
      precedingInvoice: { number: 'INV-2026-0001', issueDate: '2026-03-02' },
      paymentTerms: 'Refunded to your account within 14 days',
    }),
    'thousand-lines': invoiceInput({ lines: manyLines, discount: { kind: 'percent', value: '2' } }),
    unicode: invoiceInput(
      {
        lines: [
          line('Beratung für Müller & Söhne <GmbH>', '1', '1000', [VAT19]),
          line('翻訳サービス（日本語→ドイツ語）', '2', '150', [VAT19]),
        ],
        note: 'Danke für Ihren Auftrag — 谢谢 <&> "quoted"',
      },
      {
        seller: { ...SELLER, name: 'Müller & Söhne <GmbH>', tradingName: 'Müller & Söhne' },
        buyer: {
          ...BUYER,
          name: '株式会社 東京翻訳 (Tōkyō)',
          address: { ...BUYER.address, lines: ['Ölmühlenweg 3'] },
        },
      },
    ),
  };
}
