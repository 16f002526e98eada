import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildEInvoice } from '../../../src/domain/einvoice/build-model.ts';
import type { EInvoiceInput, EInvoiceTaxInput } from '../../../src/domain/einvoice/input.ts';
import type { EInvoice } from '../../../src/domain/einvoice/model.ts';
import { computeTotals } from '../../../src/domain/totals.ts';
import {
  BUYER,
  EXEMPT,
  EXPORT_BUYER,
  FOREIGN_BUYER,
  INTRA_EU,
  invoiceInput,
  line,
  NOT_SUBJECT,
  REVERSE_CHARGE,
  SELLER,
  VAT7,
  VAT7_INCLUSIVE,
  VAT19,
  VAT19_INCLUSIVE,
} from './scenarios.ts';

function built(input: EInvoiceInput, profile: Parameters<typeof buildEInvoice>[1] = 'en16931'): EInvoice {
  const result = buildEInvoice(input, profile);
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  return result.invoice;
}

function codes(input: EInvoiceInput, profile: Parameters<typeof buildEInvoice>[1] = 'en16931'): string[] {
  const result = buildEInvoice(input, profile);
  if (result.ok) return [];
  for (const p of result.problems) expect(p.message.length).toBeGreaterThan(20);
  return result.problems.map((p) => `${p.code}@${p.field}`);
}

/** BR-CO-10..16 and the engine's total, due and VAT. */
function expectConsistent(invoice: EInvoice, input: EInvoiceInput): void {
  const t = invoice.totals;
  const engine = computeTotals(input.document);
  expect(t.lineNetTotal).toBe(invoice.lines.reduce((a, l) => a + l.netAmount, 0n)); // BR-CO-10
  expect(t.allowanceTotal).toBe(invoice.allowances.reduce((a, x) => a + x.amount, 0n)); // BR-CO-11
  expect(t.taxExclusive).toBe(t.lineNetTotal - t.allowanceTotal + t.chargeTotal); // BR-CO-13
  expect(t.vatTotal).toBe(invoice.vatBreakdown.reduce((a, b) => a + b.taxAmount, 0n)); // BR-CO-14
  expect(t.taxInclusive).toBe(t.taxExclusive + t.vatTotal); // BR-CO-15
  expect(t.payable).toBe(t.taxInclusive - t.paid + t.rounding); // BR-CO-16
  for (const b of invoice.vatBreakdown) {
    const lines = invoice.lines.filter(
      (l) => l.vat.category === b.category && (l.vat.rate ?? '0') === b.rate,
    );
    const allowances = invoice.allowances.filter(
      (a) => a.vat.category === b.category && (a.vat.rate ?? '0') === b.rate,
    );
    expect(b.taxableAmount).toBe(
      lines.reduce((a, l) => a + l.netAmount, 0n) - allowances.reduce((a, x) => a + x.amount, 0n),
    );
  }
  expect(t.taxInclusive).toBe(engine.total);
  expect(t.vatTotal).toBe(engine.taxTotal + engine.inclusiveTaxTotal);
  expect(t.payable).toBe(engine.balanceDue);
}

describe('figures', () => {
  it('one rate: line net amounts, VAT breakdown and totals are the engine figures', () => {
    const input = invoiceInput();
    const invoice = built(input);
    expect(invoice.lines[0]).toMatchObject({
      quantity: '10',
      unitCode: 'HUR',
      netAmount: 120000n,
      price: { netAmount: '120', baseQuantity: null },
    });
    expect(invoice.vatBreakdown).toEqual([
      {
        taxableAmount: 120000n,
        taxAmount: 22800n,
        category: 'S',
        rate: '19',
        exemptionReason: null,
        exemptionReasonCode: null,
      },
    ]);
    expect(invoice.totals).toMatchObject({ taxInclusive: 142800n, payable: 142800n, paid: 0n });
    expectConsistent(invoice, input);
  });

  it('a document discount before tax becomes one allowance per VAT category and rate (BG-20)', () => {
    const input = invoiceInput({
      lines: [line('A', '1', '100', [VAT19]), line('B', '1', '50', [VAT7]), line('C', '1', '100', [VAT19])],
      discount: { kind: 'percent', value: '10' },
    });
    const invoice = built(input);
    expect(invoice.allowances).toEqual([
      { amount: 2000n, vat: { category: 'S', rate: '19' }, reason: 'Discount', reasonCode: '95' },
      { amount: 500n, vat: { category: 'S', rate: '7' }, reason: 'Discount', reasonCode: '95' },
    ]);
    expect(invoice.lines.map((l) => l.netAmount)).toEqual([10000n, 5000n, 10000n]);
    expectConsistent(invoice, input);
  });

  it('a line discount is a line allowance (BG-27) and the line net amount is after it', () => {
    const input = invoiceInput({
      lines: [line('A', '3', '40', [VAT19], { discount: { kind: 'fixed', value: '12.50' } })],
    });
    const invoice = built(input);
    expect(invoice.lines[0]?.netAmount).toBe(10750n);
    expect(invoice.lines[0]?.allowances).toEqual([{ amount: 1250n, reason: 'Discount', reasonCode: '95' }]);
    expectConsistent(invoice, input);
  });

  it('tax-inclusive prices become net prices and the total stays the gross the PDF shows', () => {
    const input = invoiceInput({
      lines: [line('Coffee', '3', '12.99', [VAT7_INCLUSIVE]), line('Cups', '7', '3.33', [VAT19_INCLUSIVE])],
    });
    const invoice = built(input);
    expect(invoice.totals.taxInclusive).toBe(3897n + 2331n);
    expect(invoice.allowances).toEqual([]);
    expect(invoice.lines[0]?.price.netAmount).toBe('12.14');
    const [coffee] = invoice.vatBreakdown;
    expect((coffee?.taxableAmount ?? 0n) + (coffee?.taxAmount ?? 0n)).toBe(3897n);
    expectConsistent(invoice, input);
  });

  it('an invoice-level tax applies to every line, as in the totals engine', () => {
    const input = invoiceInput({
      lines: [line('A', '1', '10', []), line('B', '2', '5', [])],
      taxes: [VAT19],
    });
    const invoice = built(input);
    expect(invoice.lines.map((l) => l.vat)).toEqual([
      { category: 'S', rate: '19' },
      { category: 'S', rate: '19' },
    ]);
    expectConsistent(invoice, input);
  });

  it('a negative unit price becomes a negative quantity with a positive price (BR-27)', () => {
    const input = invoiceInput({
      lines: [line('Work', '2', '100', [VAT19]), line('Goodwill credit', '1', '-30', [VAT19])],
    });
    const invoice = built(input);
    expect(invoice.lines[1]).toMatchObject({ quantity: '-1', netAmount: -3000n, price: { netAmount: '30' } });
    expectConsistent(invoice, input);
  });

  it('JPY amounts have no decimals; a price finer than a yen is given for the whole quantity (BT-149)', () => {
    const input = invoiceInput({ currency: 'JPY', lines: [line('Proofreading', '1.5', '333', [VAT7])] });
    const invoice = built(input);
    expect(invoice.exponent).toBe(0);
    expect(invoice.lines[0]).toMatchObject({
      quantity: '1.5',
      netAmount: 500n,
      price: { netAmount: '500', baseQuantity: '1.5' },
    });
    expectConsistent(invoice, input);
  });

  it('a partly paid invoice shows the paid amount (BT-113) and the balance due (BT-115)', () => {
    const invoice = built(invoiceInput({ amountPaid: 40000n }));
    expect(invoice.totals).toMatchObject({ paid: 40000n, payable: 102800n });
  });

  it('a credit note is type 381 and refers to its invoice (BG-3)', () => {
    const invoice = built(
      invoiceInput({ kind: 'credit_note', precedingInvoice: { number: 'INV-1', issueDate: '2026-01-05' } }),
    );
    expect(invoice.typeCode).toBe('381');
    expect(invoice.precedingInvoices).toEqual([{ number: 'INV-1', issueDate: '2026-01-05' }]);
  });

  it('exemption reasons: the given text, a VATEX code by default for AE/K/G/O', () => {
    const rc = built(
      invoiceInput({ lines: [line('Dev', '1', '100', [REVERSE_CHARGE])] }, { buyer: FOREIGN_BUYER }),
    );
    expect(rc.vatBreakdown[0]).toMatchObject({
      category: 'AE',
      rate: '0',
      exemptionReasonCode: 'VATEX-EU-AE',
    });
    const exempt = built(invoiceInput({ lines: [line('Therapy', '1', '60', [EXEMPT])] }));
    expect(exempt.vatBreakdown[0]).toMatchObject({
      exemptionReason: 'Steuerfrei nach § 4 Nr. 14 UStG',
      exemptionReasonCode: 'VATEX-EU-132-1C',
    });
  });

  it('not subject to VAT (O): no VAT rate on lines and no VAT identifiers (BR-O-02, BR-O-05)', () => {
    const input = invoiceInput(
      { lines: [line('Seminar', '1', '800', [NOT_SUBJECT])] },
      { buyer: EXPORT_BUYER },
    );
    const invoice = built(input);
    expect(invoice.lines[0]?.vat).toEqual({ category: 'O', rate: null });
    expect(invoice.seller.vatId).toBeNull();
    expect(invoice.vatBreakdown[0]).toMatchObject({ category: 'O', rate: '0', taxAmount: 0n });
  });

  it('intra-community supply delivers to the buyer address unless another is given (BG-13)', () => {
    const invoice = built(
      invoiceInput(
        { lines: [line('Parts', '1', '100', [INTRA_EU])], deliveryDate: '2026-02-27' },
        { buyer: FOREIGN_BUYER },
      ),
    );
    expect(invoice.delivery).toMatchObject({ date: '2026-02-27', address: { country: 'FR', city: 'Paris' } });
  });

  it('property: any mix of rates, inclusive prices and discounts keeps BR-CO-10..16 and the engine total', () => {
    const tax = fc.constantFrom<EInvoiceTaxInput>(VAT19, VAT7, VAT19_INCLUSIVE, VAT7_INCLUSIVE, EXEMPT);
    const money = fc.integer({ min: -5000, max: 500000 }).map((c) => (c / 100).toFixed(2));
    const lineArb = fc.record({
      quantity: fc.integer({ min: 1, max: 5000 }).map((q) => (q / 100).toString()),
      unitPrice: money,
      tax,
      discount: fc.option(
        fc.integer({ min: 0, max: 50 }).map((p) => ({ kind: 'percent' as const, value: String(p) })),
      ),
    });
    fc.assert(
      fc.property(
        fc.array(lineArb, { minLength: 1, maxLength: 12 }),
        fc.option(fc.integer({ min: 0, max: 30 })),
        fc.constantFrom('per_document' as const, 'per_line' as const),
        (lines, discount, taxRounding) => {
          const input = invoiceInput({
            lines: lines.map((l, i) =>
              line(`L${i}`, l.quantity, l.unitPrice, [l.tax], { discount: l.discount }),
            ),
            discount: discount === null ? null : { kind: 'percent', value: String(discount) },
            settings: { taxRounding, invoiceDiscountMode: 'before_tax' },
          });
          const result = buildEInvoice(input);
          if (!result.ok) {
            // The only refusal possible here: per-line VAT rounding drifting a currency unit from the rate.
            expect(result.problems.map((p) => p.code)).toEqual(['vat_rounding']);
            return;
          }
          expectConsistent(result.invoice, input);
          for (const l of result.invoice.lines) expect(l.price.netAmount.startsWith('-')).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('refusals list every reason, each with its field', () => {
  it('two VAT taxes on a line, a compound tax, a tax that is not VAT, a discount after tax', () => {
    const compound: EInvoiceTaxInput = {
      name: 'QST',
      rate: '9.975',
      inclusive: false,
      compound: true,
      vat: { category: 'S' },
    };
    const salesTax: EInvoiceTaxInput = { name: 'Sales tax', rate: '8', inclusive: false, compound: false };
    const input = invoiceInput({
      lines: [
        line('A', '1', '10', [VAT19, VAT7]),
        line('B', '1', '10', [VAT19, compound]),
        line('C', '1', '10', [salesTax]),
      ],
      discount: { kind: 'percent', value: '5' },
      settings: { taxRounding: 'per_document', invoiceDiscountMode: 'after_tax' },
    });
    expect(codes(input)).toEqual([
      'discount_after_tax@discount',
      'two_vat_taxes@lines.0.taxes',
      'compound_tax@lines.1.taxes.1',
      'tax_not_vat@lines.2.taxes.0',
    ]);
  });

  it('a line without VAT, a currency with 3 decimals, an E rate without reason, a standard rate at 0 %', () => {
    const noReason: EInvoiceTaxInput = {
      name: 'Exempt',
      rate: '0',
      inclusive: false,
      compound: false,
      vat: { category: 'E' },
    };
    const zeroStandard: EInvoiceTaxInput = {
      name: 'Std',
      rate: '0',
      inclusive: false,
      compound: false,
      vat: { category: 'S' },
    };
    const zeroRateWith5: EInvoiceTaxInput = {
      name: 'Z5',
      rate: '5',
      inclusive: false,
      compound: false,
      vat: { category: 'Z' },
    };
    const input = invoiceInput({
      currency: 'KWD',
      lines: [
        line('A', '1', '10', []),
        line('B', '1', '10', [noReason]),
        line('C', '1', '1', [zeroStandard]),
        line('D', '1', '1', [zeroRateWith5]),
      ],
    });
    expect(codes(input)).toEqual([
      'currency_decimals@currency',
      'line_without_vat@lines.0.taxes',
      'exemption_reason_missing@lines.1.taxes.0.vat.exemptionReason',
      'vat_rate_zero@lines.2.taxes.0.rate',
      'vat_rate_not_zero@lines.3.taxes.0.rate',
    ]);
  });

  it('the seller VAT id where the category needs it, the buyer VAT id for AE and K', () => {
    const seller = { ...SELLER, vatId: null, taxRegistrationId: null };
    const buyer = { ...FOREIGN_BUYER, vatId: null };
    expect(codes(invoiceInput({ lines: [line('A', '1', '10', [VAT19])] }, { seller }))).toEqual([
      'seller_vat_id_missing@seller.vatId',
    ]);
    expect(codes(invoiceInput({ lines: [line('A', '1', '10', [REVERSE_CHARGE])] }, { buyer }))).toEqual([
      'buyer_vat_id_missing@buyer.vatId',
    ]);
    expect(codes(invoiceInput({ lines: [line('A', '1', '10', [INTRA_EU])] }, { buyer }))).toEqual([
      'buyer_vat_id_missing@buyer.vatId',
      'delivery_date_missing@deliveryDate',
    ]);
  });

  it('O mixed with VAT lines; an IBAN with a wrong checksum; no due date nor terms', () => {
    const input = invoiceInput(
      {
        lines: [line('A', '1', '10', [VAT19]), line('B', '1', '10', [NOT_SUBJECT])],
        dueDate: null,
        paymentTerms: null,
      },
      { paymentMeans: { code: '58', iban: 'DE89370400440532013001' } },
    );
    expect(codes(input)).toEqual([
      'not_subject_mixed@lines',
      'iban_invalid@paymentMeans.iban',
      'due_date_missing@dueDate',
    ]);
  });

  it('Peppol: both electronic addresses (from its scheme list) and a buyer or order reference', () => {
    const input = invoiceInput(
      { buyerReference: null, orderReference: null },
      {
        seller: { ...SELLER, electronicAddress: null },
        buyer: { ...BUYER, electronicAddress: { id: 'a@b.example', scheme: 'EM' } },
      },
    );
    expect(codes(input, 'en16931')).toEqual([]);
    expect(codes(input, 'peppol')).toEqual([
      'seller_electronic_address_missing@seller.electronicAddress',
      'buyer_electronic_address_invalid@buyer.electronicAddress',
      'buyer_reference_missing@buyerReference',
    ]);
  });

  it('XRechnung: buyer reference, a Leitweg-ID with right check digits, seller contact and electronic address, payment means', () => {
    const bare = invoiceInput(
      { buyerReference: null },
      { seller: { ...SELLER, contact: null, electronicAddress: null }, paymentMeans: null },
    );
    expect(codes(bare, 'xrechnung')).toEqual([
      'seller_electronic_address_missing@seller.electronicAddress',
      'buyer_reference_missing@buyerReference',
      'seller_contact_missing@seller.contact.name',
      'seller_contact_missing@seller.contact.phone',
      'seller_contact_missing@seller.contact.email',
      'payment_means_missing@paymentMeans',
    ]);
    expect(codes(invoiceInput({ buyerReference: '04011000-1234512345-07' }), 'xrechnung')).toEqual([
      'leitweg_id_invalid@buyerReference',
    ]);
    expect(codes(invoiceInput({ buyerReference: 'PO-4711' }), 'xrechnung')).toEqual([]);
  });

  it('per-line VAT rounding that drifts a whole currency unit from the rate cannot be shown to the cent', () => {
    const lines = Array.from({ length: 3 }, (_, i) => line(`L${i}`, '1', '5', [VAT7]));
    const input = invoiceInput({
      currency: 'JPY',
      lines,
      settings: { taxRounding: 'per_line', invoiceDiscountMode: 'before_tax' },
    });
    // Each line: 7 % of 5 yen = 0.35, rounded to 0; together 0 against 1.05.
    expect(codes(input)).toEqual(['vat_rounding@lines']);
  });
});
