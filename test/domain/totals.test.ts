/**
 * Hand-computed cases for the totals engine. Every expected figure is worked out in the comment next to it
 * (and most of them in docs/money.md).
 */
import { describe, expect, it } from 'vitest';
import { formatMinor } from '../../src/domain/currency.ts';
import { ValidationError } from '../../src/domain/errors.ts';
import {
  computeTotals,
  type DiscountInput,
  type LineInput,
  type TaxInput,
  type TotalsInput,
  type TotalsSettings,
} from '../../src/domain/totals.ts';

const PER_DOCUMENT: TotalsSettings = { taxRounding: 'per_document', invoiceDiscountMode: 'before_tax' };
const PER_LINE: TotalsSettings = { taxRounding: 'per_line', invoiceDiscountMode: 'before_tax' };
const AFTER_TAX: TotalsSettings = { taxRounding: 'per_document', invoiceDiscountMode: 'after_tax' };

function tax(name: string, rate: string, flags: { inclusive?: boolean; compound?: boolean } = {}): TaxInput {
  return { name, rate, inclusive: flags.inclusive ?? false, compound: flags.compound ?? false };
}

function line(
  quantity: string,
  unitPrice: string,
  taxes: TaxInput[] = [],
  discount: DiscountInput | null = null,
): LineInput {
  return { quantity, unitPrice, taxes, discount };
}

function totals(input: Partial<TotalsInput> & Pick<TotalsInput, 'lines'>) {
  return computeTotals({ currency: 'USD', taxes: [], settings: PER_DOCUMENT, ...input });
}

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error.field;
    throw error;
  }
  return undefined;
}

const GST = tax('GST', '5');
const QST = tax('QST', '9.975');
const QST_COMPOUND = tax('QST', '9.975', { compound: true });

describe('line amounts', () => {
  it('1.5 h × 82.6446 USD = 123.9669 -> 123.97', () => {
    const t = totals({ lines: [line('1.5', '82.6446')] });
    expect(t.exponent).toBe(2);
    expect(t.lines[0]?.amount).toBe(12397n);
    expect(t.subtotal).toBe(12397n);
    expect(t.total).toBe(12397n);
    expect(formatMinor(t.total, t.exponent)).toBe('123.97');
  });

  it('rounds once, on the exact product (0.333333 × 3 = 0.999999 -> 1.00)', () => {
    const t = totals({ lines: [line('3', '0.333333')] });
    expect(t.lines[0]?.amount).toBe(100n);
  });

  it('rounds half away from zero (0.5 × 0.01 = 0.005 -> 0.01; -0.005 -> -0.01)', () => {
    expect(totals({ lines: [line('0.5', '0.01')] }).lines[0]?.amount).toBe(1n);
    expect(totals({ lines: [line('-0.5', '0.01')] }).lines[0]?.amount).toBe(-1n);
    expect(totals({ lines: [line('0.5', '-0.01')] }).lines[0]?.amount).toBe(-1n);
  });

  it('an empty invoice is all zero', () => {
    const t = totals({ lines: [], taxes: [GST] });
    expect(t).toMatchObject({
      subtotal: 0n,
      lineDiscountTotal: 0n,
      invoiceDiscount: 0n,
      discountTotal: 0n,
      taxTotal: 0n,
      inclusiveTaxTotal: 0n,
      total: 0n,
      amountPaid: 0n,
      balanceDue: 0n,
    });
    expect(t.lines).toEqual([]);
    expect(t.taxes).toEqual([
      { name: 'GST', rate: '5', inclusive: false, compound: false, taxableBase: 0n, amount: 0n },
    ]);
  });

  it('a zero line is allowed', () => {
    const t = totals({ lines: [line('0', '10.00', [GST]), line('2', '0', [GST])] });
    expect(t.total).toBe(0n);
  });
});

describe('GST 5 % and QST 9.975 % (Quebec)', () => {
  it('side by side on 100.00: 5.00 + 9.975 -> 9.98, total 114.98', () => {
    const t = totals({ lines: [line('1', '100.00')], taxes: [GST, QST] });
    expect(t.taxes).toEqual([
      { name: 'GST', rate: '5', inclusive: false, compound: false, taxableBase: 10000n, amount: 500n },
      { name: 'QST', rate: '9.975', inclusive: false, compound: false, taxableBase: 10000n, amount: 998n },
    ]);
    expect(t.taxTotal).toBe(1498n);
    expect(t.total).toBe(11498n);
  });

  it('compound on 100.00: QST on 105.00 = 10.47375 -> 10.47, total 115.47', () => {
    for (const settings of [PER_DOCUMENT, PER_LINE]) {
      const t = totals({ lines: [line('1', '100.00')], taxes: [GST, QST_COMPOUND], settings });
      expect(t.taxes[1]).toEqual({
        name: 'QST',
        rate: '9.975',
        inclusive: false,
        compound: true,
        taxableBase: 10500n,
        amount: 1047n,
      });
      expect(t.taxTotal).toBe(1547n);
      expect(t.total).toBe(11547n);
    }
  });

  it('compound on 123.97 (1.5 × 82.6446)', () => {
    // GST: 123.97 × 5 % = 6.1985 -> 6.20
    // per_document: QST base = 123.97 + 6.1985 = 130.1685 (shown 130.17); 130.1685 × 9.975 % = 12.98430... -> 12.98
    const doc = totals({ lines: [line('1.5', '82.6446')], taxes: [GST, QST_COMPOUND] });
    expect(doc.taxes.map((x) => [x.taxableBase, x.amount])).toEqual([
      [12397n, 620n],
      [13017n, 1298n],
    ]);
    expect(doc.total).toBe(14315n);
    // per_line: QST base = 123.97 + 6.20 = 130.17; 130.17 × 9.975 % = 12.9844575 -> 12.98
    const perLine = totals({
      lines: [line('1.5', '82.6446')],
      taxes: [GST, QST_COMPOUND],
      settings: PER_LINE,
    });
    expect(perLine.taxes.map((x) => [x.taxableBase, x.amount])).toEqual([
      [12397n, 620n],
      [13017n, 1298n],
    ]);
    expect(perLine.lines[0]?.tax).toBe(1918n);
  });

  it('a compound tax is computed after the non-compound ones whatever the listed order', () => {
    const t = totals({ lines: [line('1', '100.00')], taxes: [QST_COMPOUND, GST] });
    // listed (first-seen) order is kept for display
    expect(t.taxes.map((x) => x.name)).toEqual(['QST', 'GST']);
    expect(t.taxes[0]?.taxableBase).toBe(10500n);
    expect(t.taxes[0]?.amount).toBe(1047n);
  });

  it('two compound taxes compound on each other', () => {
    // A 10 % on 100.00 = 10.00; B 10 % compound on 110.00 = 11.00; C 10 % compound on 121.00 = 12.10
    const t = totals({
      lines: [line('1', '100.00')],
      taxes: [tax('A', '10'), tax('B', '10', { compound: true }), tax('C', '10', { compound: true })],
    });
    expect(t.taxes.map((x) => [x.taxableBase, x.amount])).toEqual([
      [10000n, 1000n],
      [11000n, 1100n],
      [12100n, 1210n],
    ]);
  });
});

describe('currencies with other exponents', () => {
  it('JPY (exponent 0): 3 × 82.5 = 247.5 -> 248 yen; 7 × 333 = 2331 yen', () => {
    const t = totals({
      currency: 'JPY',
      lines: [
        line('3', '82.5', [tax('Consumption tax', '10')]),
        line('7', '333', [tax('Reduced rate', '8')]),
      ],
    });
    expect(t.exponent).toBe(0);
    expect(t.lines.map((l) => l.amount)).toEqual([248n, 2331n]);
    // 248 × 10 % = 24.8 -> 25; 2331 × 8 % = 186.48 -> 186
    expect(t.taxes.map((x) => x.amount)).toEqual([25n, 186n]);
    expect(t.subtotal).toBe(2579n);
    expect(t.total).toBe(2790n);
    expect(formatMinor(t.total, t.exponent)).toBe('2790');
  });

  it('JPY fixed discounts cannot have decimals', () => {
    expect(
      fieldOf(() =>
        totals({ currency: 'JPY', lines: [line('1', '1000', [], { kind: 'fixed', value: '10.5' })] }),
      ),
    ).toBe('lines.0.discount.value');
  });

  it('KWD (exponent 3), where per-line and per-document rounding differ by one fils', () => {
    // 3 × 0.3335 = 1.0005 -> 1.001; 2 × 1.2345 = 2.469
    const lines = [line('3', '0.3335'), line('2', '1.2345')];
    const doc = totals({ currency: 'KWD', lines, taxes: [tax('Tax', '5')] });
    expect(doc.exponent).toBe(3);
    expect(doc.lines.map((l) => l.amount)).toEqual([1001n, 2469n]);
    // per document: 3.470 × 5 % = 0.1735 -> 0.174
    expect(doc.taxTotal).toBe(174n);
    expect(formatMinor(doc.total, 3)).toBe('3.644');
    // per line: 0.05005 -> 0.050 and 0.12345 -> 0.123, sum 0.173
    const perLine = totals({ currency: 'KWD', lines, taxes: [tax('Tax', '5')], settings: PER_LINE });
    expect(perLine.lines.map((l) => l.tax)).toEqual([50n, 123n]);
    expect(perLine.taxTotal).toBe(173n);
    expect(formatMinor(perLine.total, 3)).toBe('3.643');
  });
});

describe('tax rounding per document vs per line', () => {
  it('3 × 1.10 at 5 %: per line 3 × 0.055 -> 0.18, per document 0.165 -> 0.17', () => {
    const lines = [line('1', '1.10'), line('1', '1.10'), line('1', '1.10')];
    const perLine = totals({ lines, taxes: [GST], settings: PER_LINE });
    expect(perLine.lines.map((l) => l.tax)).toEqual([6n, 6n, 6n]);
    expect(perLine.taxTotal).toBe(18n);
    expect(perLine.total).toBe(348n);
    const doc = totals({ lines, taxes: [GST], settings: PER_DOCUMENT });
    expect(doc.taxes[0]).toMatchObject({ taxableBase: 330n, amount: 17n });
    expect(doc.taxTotal).toBe(17n);
    expect(doc.total).toBe(347n);
    // informative allocation of the 0.17 over the lines: exact 0.055 each -> 0.06, 0.06, 0.05
    expect(doc.lines.map((l) => l.tax)).toEqual([6n, 6n, 5n]);
  });
});

describe('discounts', () => {
  it('line discounts: percent rounds half up, fixed takes the sign of the line', () => {
    const t = totals({
      lines: [
        line('1', '33.35', [], { kind: 'percent', value: '15' }), // 5.0025 -> 5.00
        line('1', '10.10', [], { kind: 'percent', value: '5' }), // 0.505 -> 0.51
        line('1', '20.00', [], { kind: 'fixed', value: '2.50' }),
        line('-1', '20.00', [], { kind: 'fixed', value: '2.50' }), // credit: -20.00, discount -2.50
      ],
    });
    expect(t.lines.map((l) => l.discount)).toEqual([500n, 51n, 250n, -250n]);
    expect(t.lines.map((l) => l.net)).toEqual([2835n, 959n, 1750n, -1750n]);
    expect(t.lineDiscountTotal).toBe(551n);
    expect(t.subtotal).toBe(4345n);
    expect(t.total).toBe(3794n);
  });

  it('a fixed line discount cannot exceed the line amount', () => {
    expect(
      fieldOf(() => totals({ lines: [line('1', '10.00', [], { kind: 'fixed', value: '10.01' })] })),
    ).toBe('lines.0.discount.value');
    expect(totals({ lines: [line('1', '10.00', [], { kind: 'fixed', value: '10.00' })] }).total).toBe(0n);
    expect(fieldOf(() => totals({ lines: [line('1', '10.00', [], { kind: 'fixed', value: '-1' })] }))).toBe(
      'lines.0.discount.value',
    );
    expect(
      fieldOf(() => totals({ lines: [line('1', '10.00', [], { kind: 'percent', value: '100.01' })] })),
    ).toBe('lines.0.discount.value');
  });

  it('10 % invoice discount over 3.33 + 3.33 + 3.34: the remainder cent goes to the largest remainder', () => {
    // discount 10.00 × 10 % = 1.00; exact shares 0.333, 0.333, 0.334 -> 0.33, 0.33, 0.33 (= 0.99),
    // the missing cent goes to the largest remainder (0.004 on the third line) -> 0.33, 0.33, 0.34
    const t = totals({
      lines: [line('1', '3.33'), line('1', '3.33'), line('1', '3.34')],
      discount: { kind: 'percent', value: '10' },
      taxes: [GST],
    });
    expect(t.invoiceDiscount).toBe(100n);
    expect(t.lines.map((l) => l.invoiceDiscountShare)).toEqual([33n, 33n, 34n]);
    expect(t.lines.map((l) => l.net)).toEqual([300n, 300n, 300n]);
    // tax on the reduced bases: 9.00 × 5 % = 0.45
    expect(t.taxes[0]).toMatchObject({ taxableBase: 900n, amount: 45n });
    expect(t.discountTotal).toBe(100n);
    expect(t.total).toBe(945n);
  });

  it('10 % invoice discount over 3 × 33.35: tied remainders go to the earliest lines', () => {
    // 100.05 × 10 % = 10.005 -> 10.01; exact shares 3.33667 each -> 3.33 × 3 = 9.99, two cents missing
    const t = totals({
      lines: [line('1', '33.35'), line('1', '33.35'), line('1', '33.35')],
      discount: { kind: 'percent', value: '10' },
    });
    expect(t.invoiceDiscount).toBe(1001n);
    expect(t.lines.map((l) => l.invoiceDiscountShare)).toEqual([334n, 334n, 333n]);
    expect(t.total).toBe(10005n - 1001n);
  });

  it('the invoice discount is computed after line discounts', () => {
    // line 1: 200.00 - 10 % = 180.00; line 2: 20.00; base 200.00; 25.00 fixed spread 180 : 20 -> 22.50, 2.50
    const t = totals({
      lines: [line('2', '100', [], { kind: 'percent', value: '10' }), line('1', '20')],
      discount: { kind: 'fixed', value: '25' },
    });
    expect(t.lines.map((l) => l.invoiceDiscountShare)).toEqual([2250n, 250n]);
    expect(t.lineDiscountTotal).toBe(2000n);
    expect(t.invoiceDiscount).toBe(2500n);
    expect(t.discountTotal).toBe(4500n);
    expect(t.total).toBe(17500n);
  });

  it('before_tax vs after_tax with a fixed 10.00 on 100.00 taxed 10 %', () => {
    const input = {
      lines: [line('1', '100.00')],
      taxes: [tax('VAT', '10')],
      discount: { kind: 'fixed', value: '10.00' } as const,
    };
    // before tax: net 90.00, tax 9.00, total 99.00
    const before = totals({ ...input, settings: PER_DOCUMENT });
    expect(before.lines[0]).toMatchObject({ invoiceDiscountShare: 1000n, net: 9000n, tax: 900n });
    expect(before.taxTotal).toBe(900n);
    expect(before.total).toBe(9900n);
    // after tax: tax 10.00 on 100.00, then 110.00 - 10.00 = 100.00
    const after = totals({ ...input, settings: AFTER_TAX });
    expect(after.lines[0]).toMatchObject({ invoiceDiscountShare: 0n, net: 10000n, tax: 1000n });
    expect(after.taxTotal).toBe(1000n);
    expect(after.invoiceDiscount).toBe(1000n);
    expect(after.total).toBe(10000n);
  });

  it('after_tax percent discount is taken on the taxed amount', () => {
    // 99.99 + 10 % tax (9.999 -> 10.00) = 109.99; 15 % of it = 16.4985 -> 16.50; total 93.49
    const t = totals({
      lines: [line('1', '99.99')],
      taxes: [tax('VAT', '10')],
      discount: { kind: 'percent', value: '15' },
      settings: AFTER_TAX,
    });
    expect(t.taxTotal).toBe(1000n);
    expect(t.invoiceDiscount).toBe(1650n);
    expect(t.total).toBe(9349n);
    expect(t.total).toBe(t.subtotal - t.discountTotal + t.taxTotal);
  });

  it('a fixed invoice discount cannot exceed its base', () => {
    const lines = [line('1', '100.00', [tax('VAT', '10')])];
    const fixed = (value: string) => ({ kind: 'fixed', value }) as const;
    expect(fieldOf(() => totals({ lines, discount: fixed('100.01') }))).toBe('discount.value');
    expect(totals({ lines, discount: fixed('100.00') }).total).toBe(0n);
    expect(fieldOf(() => totals({ lines, discount: fixed('110.01'), settings: AFTER_TAX }))).toBe(
      'discount.value',
    );
    expect(totals({ lines, discount: fixed('110.00'), settings: AFTER_TAX }).total).toBe(0n);
    expect(fieldOf(() => totals({ lines: [], discount: fixed('0.01') }))).toBe('discount.value');
    expect(fieldOf(() => totals({ lines, discount: { kind: 'bogus' as 'fixed', value: '1' } }))).toBe(
      'discount.kind',
    );
  });
});

describe('inclusive taxes', () => {
  it('20 % VAT included in 100.00 gross: 100 × 20/120 = 16.666... -> 16.67, net 83.33', () => {
    for (const settings of [PER_DOCUMENT, PER_LINE]) {
      const t = totals({ lines: [line('1', '100.00', [tax('VAT', '20', { inclusive: true })])], settings });
      expect(t.taxes).toEqual([
        { name: 'VAT', rate: '20', inclusive: true, compound: false, taxableBase: 8333n, amount: 1667n },
      ]);
      expect(t.inclusiveTaxTotal).toBe(1667n);
      expect(t.taxTotal).toBe(0n);
      expect(t.lines[0]).toMatchObject({ net: 10000n, tax: 0n, inclusiveTax: 1667n });
      expect(t.total).toBe(10000n);
    }
  });

  it('per line vs per document: 3 × 0.10 gross at 20 %', () => {
    const vat = tax('VAT', '20', { inclusive: true });
    const lines = [line('1', '0.10', [vat]), line('1', '0.10', [vat]), line('1', '0.10', [vat])];
    // per line: 0.10 × 20/120 = 0.01667 -> 0.02 each, 0.06
    expect(totals({ lines, settings: PER_LINE }).inclusiveTaxTotal).toBe(6n);
    // per document: 0.30 × 20/120 = 0.05
    const doc = totals({ lines });
    expect(doc.inclusiveTaxTotal).toBe(5n);
    expect(doc.taxes[0]).toMatchObject({ taxableBase: 25n, amount: 5n });
    expect(doc.lines.map((l) => l.inclusiveTax)).toEqual([2n, 2n, 1n]);
    expect(doc.total).toBe(30n);
  });

  it('two inclusive rates share the contained tax in proportion to their rates', () => {
    // 100.00 × 15/115 = 13.0434... -> 13.04; parts 100 × 5/115 = 4.3478... and 100 × 10/115 = 8.6956...
    // round down to 4.34 + 8.69 = 13.03; the missing cent goes to the larger remainder (0.78 > 0.56 of a
    // cent) -> 4.35 + 8.69 = 13.04; net part 100.00 - 13.04 = 86.96
    const t = totals({
      lines: [line('1', '100.00', [tax('A', '5', { inclusive: true }), tax('B', '10', { inclusive: true })])],
    });
    expect(t.taxes.map((x) => [x.name, x.taxableBase, x.amount])).toEqual([
      ['A', 8696n, 435n],
      ['B', 8696n, 869n],
    ]);
    expect(t.inclusiveTaxTotal).toBe(1304n);
    expect(t.total).toBe(10000n);
  });

  it('an exclusive tax on a line with an inclusive one is charged on the net of inclusive tax', () => {
    // gross 100.00 incl. 20 % VAT -> net 83.33; levy 2 % of 83.33 = 1.6666 -> 1.67; total 101.67
    const t = totals({
      lines: [line('1', '100.00', [tax('VAT', '20', { inclusive: true }), tax('Levy', '2')])],
    });
    expect(t.taxes.map((x) => [x.name, x.taxableBase, x.amount])).toEqual([
      ['VAT', 8333n, 1667n],
      ['Levy', 8333n, 167n],
    ]);
    expect(t.taxTotal).toBe(167n);
    expect(t.total).toBe(10167n);
  });

  it('a tax cannot be both inclusive and compound', () => {
    expect(
      fieldOf(() => totals({ lines: [], taxes: [tax('X', '5', { inclusive: true, compound: true })] })),
    ).toBe('taxes.0.compound');
  });
});

describe('the worked invoice of docs/money.md', () => {
  it('EUR, line discount, fixed invoice discount over a credit line, two VAT rates, a payment', () => {
    for (const settings of [PER_DOCUMENT, PER_LINE]) {
      const t = totals({
        currency: 'EUR',
        lines: [
          line('12', '45.50', [tax('VAT', '19')], { kind: 'percent', value: '10' }),
          line('3', '19.99', [tax('VAT', '7')]),
          line('-1', '20.00', [tax('VAT', '19')]),
        ],
        discount: { kind: 'fixed', value: '50.00' },
        amountPaid: 30000n,
        settings,
      });
      expect(t.subtotal).toBe(58597n);
      expect(t.lines.map((l) => l.discount)).toEqual([5460n, 0n, 0n]);
      // exact shares 46.238967, 5.642960, -1.881928 -> 46.23, 5.64, -1.89 + two cents to lines 1 and 3
      expect(t.lines.map((l) => l.invoiceDiscountShare)).toEqual([4624n, 564n, -188n]);
      expect(t.lines.map((l) => l.net)).toEqual([44516n, 5433n, -1812n]);
      // VAT 19 %: 427.04 × 19 % = 81.1376 -> 81.14; VAT 7 %: 54.33 × 7 % = 3.8031 -> 3.80
      expect(t.taxes.map((x) => [x.rate, x.taxableBase, x.amount])).toEqual([
        ['19', 42704n, 8114n],
        ['7', 5433n, 380n],
      ]);
      // per line: 445.16 × 19 % = 84.5804 -> 84.58; -18.12 × 19 % = -3.4428 -> -3.44
      expect(t.lines.map((l) => l.tax)).toEqual([8458n, 380n, -344n]);
      expect(t.discountTotal).toBe(10460n);
      expect(t.taxTotal).toBe(8494n);
      expect(t.total).toBe(56631n);
      expect(t.balanceDue).toBe(26631n);
      expect(formatMinor(t.balanceDue, t.exponent)).toBe('266.31');
    }
  });
});

describe('credits and negative lines', () => {
  it('a credit line is rounded away from zero, like its mirror', () => {
    // 100.00 at 5 % = 5.00 per line; -0.10 at 5 % = -0.005 -> -0.01 per line
    const lines = [line('2', '50.00', [GST]), line('-1', '0.10', [GST])];
    const perLine = totals({ lines, settings: PER_LINE });
    expect(perLine.lines.map((l) => l.tax)).toEqual([500n, -1n]);
    expect(perLine.subtotal).toBe(9990n);
    expect(perLine.total).toBe(9990n + 499n);
    // per document: 99.90 × 5 % = 4.995 -> 5.00
    const doc = totals({ lines });
    expect(doc.taxTotal).toBe(500n);
    expect(doc.total).toBe(10490n);
  });

  it('a credit note is the exact negative of the invoice', () => {
    const invoice = totals({ lines: [line('1', '0.10')], taxes: [GST] });
    const credit = totals({ lines: [line('-1', '0.10')], taxes: [GST] });
    expect(invoice.taxTotal).toBe(1n);
    expect(credit.taxTotal).toBe(-1n);
    expect(credit.total).toBe(-invoice.total);
  });
});

describe('taxes: identity and order', () => {
  it('a line tax equal to an invoice tax counts once; other rates are distinct taxes', () => {
    const t = totals({
      lines: [line('1', '100', [tax('GST', '5.000'), tax('GST', '7')]), line('1', '50')],
      taxes: [GST],
    });
    expect(t.taxes.map((x) => [x.name, x.rate, x.taxableBase, x.amount])).toEqual([
      ['GST', '5', 15000n, 750n],
      ['GST', '7', 10000n, 700n],
    ]);
    expect(t.taxTotal).toBe(1450n);
  });
});

describe('payments', () => {
  it('balanceDue = total - amountPaid', () => {
    const t = totals({ lines: [line('1', '100.00')], taxes: [GST, QST], amountPaid: 10000n });
    expect(t.total).toBe(11498n);
    expect(t.amountPaid).toBe(10000n);
    expect(t.balanceDue).toBe(1498n);
    expect(totals({ lines: [line('1', '10')], amountPaid: 1500n }).balanceDue).toBe(-500n);
  });
});

describe('validation', () => {
  const cases: [string, () => unknown][] = [
    ['currency', () => totals({ currency: 'XYZ', lines: [] })],
    ['lines.1.quantity', () => totals({ lines: [line('1', '1'), line('1.1234567', '1')] })],
    ['lines.0.quantity', () => totals({ lines: [line('1e3', '1')] })],
    ['lines.0.quantity', () => totals({ lines: [line('NaN', '1')] })],
    ['lines.0.quantity', () => totals({ lines: [line('1234567890123', '1')] })],
    ['lines.0.unitPrice', () => totals({ lines: [line('1', '0.0000001')] })],
    ['lines.0.unitPrice', () => totals({ lines: [line('1', '1234567890123456')] })],
    ['lines.0', () => totals({ lines: [line('999999999999', '999999999999999')] })],
    ['taxes.0.rate', () => totals({ lines: [], taxes: [tax('X', '100.5')] })],
    ['taxes.0.rate', () => totals({ lines: [], taxes: [tax('X', '-1')] })],
    ['taxes.0.rate', () => totals({ lines: [], taxes: [tax('X', '5.1234567')] })],
    ['lines.0.taxes.1.rate', () => totals({ lines: [line('1', '1', [GST, tax('X', 'abc')])] })],
    ['taxes.0.name', () => totals({ lines: [], taxes: [tax(' ', '5')] })],
    [
      'lines.0.discount.kind',
      () => totals({ lines: [line('1', '1', [], { kind: 'x' as 'fixed', value: '1' })] }),
    ],
    [
      'discount.value',
      () => totals({ lines: [line('1', '1')], discount: { kind: 'percent', value: '101' } }),
    ],
    [
      'settings.taxRounding',
      () => totals({ lines: [], settings: { ...PER_DOCUMENT, taxRounding: 'sometimes' as 'per_line' } }),
    ],
    ['amountPaid', () => totals({ lines: [], amountPaid: 10n ** 17n })],
  ];
  it.each(cases)('names %s', (field, fn) => {
    expect(fieldOf(fn)).toBe(field);
  });

  it('accepts 100 % rates and discounts, and a zero rate', () => {
    const t = totals({
      lines: [line('1', '10', [], { kind: 'percent', value: '100' }), line('1', '10')],
      taxes: [tax('Full', '100'), tax('Zero', '0')],
    });
    expect(t.taxes.map((x) => x.amount)).toEqual([1000n, 0n]);
    expect(t.total).toBe(2000n);
  });
});
