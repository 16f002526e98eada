/**
 * Properties of the totals engine, checked on random invoices in currencies with 0, 2, 3 and 4 decimals.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currencyExponent, formatMinor } from '../../src/domain/currency.ts';
import {
  decimal,
  divRoundHalfUp,
  formatDecimal,
  multiply,
  parseDecimal,
  pow10,
  roundToScale,
} from '../../src/domain/decimal.ts';
import {
  computeTotals,
  type DiscountInput,
  type InvoiceTotals,
  type LineInput,
  type TaxInput,
  type TotalsInput,
  type TotalsSettings,
} from '../../src/domain/totals.ts';

const CURRENCIES = ['USD', 'JPY', 'KWD', 'BHD', 'EUR', 'CLF'] as const;
const RUNS = { numRuns: 300 };

/** A decimal string with up to `maxScale` decimals and an absolute value of at most `maxValue`. */
function decimalText(maxValue: bigint, maxScale: number) {
  return fc.nat({ max: maxScale }).chain((scale) => {
    const bound = maxValue * pow10(scale);
    return fc.bigInt({ min: -bound, max: bound }).map((units) => formatDecimal(decimal(units, scale)));
  });
}

/** A percentage from 0 to 100 with up to `maxScale` decimals. */
function percentText(maxScale: number) {
  return fc
    .nat({ max: maxScale })
    .chain((scale) =>
      fc.nat({ max: 100 * 10 ** scale }).map((units) => formatDecimal(decimal(BigInt(units), scale))),
    );
}

// Bounded so that 8 lines under 6 compounding 100 % taxes stay below MAX_MINOR_UNITS in a 4-decimal currency.
const quantity = fc.oneof(
  decimalText(50n, 0),
  decimalText(10n, 3),
  decimalText(10_000n, 6),
  fc.constant('0'),
);
const unitPrice = fc.oneof(decimalText(1000n, 2), decimalText(100_000n, 6), decimalText(10n, 4));
const rate = fc.oneof(
  fc.constantFrom('0', '5', '9.975', '20', '7.25', '13', '100', '0.5', '8'),
  percentText(3),
);
const taxName = fc.constantFrom('GST', 'QST', 'VAT', 'Levy');
const tax: fc.Arbitrary<TaxInput> = fc
  .record({ name: taxName, rate, inclusive: fc.boolean(), compound: fc.boolean() })
  .map((t) => (t.inclusive && t.compound ? { ...t, compound: false } : t));
const exclusiveTax: fc.Arbitrary<TaxInput> = fc.record({
  name: taxName,
  rate,
  inclusive: fc.constant(false),
  compound: fc.constant(false),
});

/** A discount before its fixed value is known: fixed discounts are a fraction (per mille) of their base. */
type DiscountSpec = { kind: 'percent'; value: string } | { kind: 'fixed'; perMille: number } | null;
const discountSpec: fc.Arbitrary<DiscountSpec> = fc.oneof(
  fc.constant(null),
  percentText(2).map((value) => ({ kind: 'percent' as const, value })),
  fc.nat({ max: 1000 }).map((perMille) => ({ kind: 'fixed' as const, perMille })),
);

interface LineSpec {
  quantity: string;
  unitPrice: string;
  discount: DiscountSpec;
  taxes: TaxInput[];
}

interface InvoiceSpec {
  currency: (typeof CURRENCIES)[number];
  lines: LineSpec[];
  discount: DiscountSpec;
  taxes: TaxInput[];
  paidPerMille: number;
  settings: TotalsSettings;
}

function invoiceSpec(taxArb: fc.Arbitrary<TaxInput>): fc.Arbitrary<InvoiceSpec> {
  return fc.record({
    currency: fc.constantFrom(...CURRENCIES),
    lines: fc.array(
      fc.record({ quantity, unitPrice, discount: discountSpec, taxes: fc.array(taxArb, { maxLength: 3 }) }),
      { maxLength: 8 },
    ),
    discount: discountSpec,
    taxes: fc.array(taxArb, { maxLength: 3 }),
    paidPerMille: fc.integer({ min: -100, max: 1200 }),
    settings: fc.record({
      taxRounding: fc.constantFrom('per_document' as const, 'per_line' as const),
      invoiceDiscountMode: fc.constantFrom('before_tax' as const, 'after_tax' as const),
    }),
  });
}

function fraction(base: bigint, perMille: number): bigint {
  const magnitude = base < 0n ? -base : base;
  return (magnitude * BigInt(perMille)) / 1000n;
}

/** quantity × unitPrice rounded to the minor unit, computed independently of the engine. */
function lineAmount(q: string, p: string, exponent: number): bigint {
  return roundToScale(multiply(parseDecimal(q, 'q'), parseDecimal(p, 'p')), exponent).units;
}

function resolve(spec: DiscountSpec, base: bigint, exponent: number): DiscountInput | null {
  if (spec === null) return null;
  if (spec.kind === 'percent') return spec;
  return { kind: 'fixed', value: formatMinor(fraction(base, spec.perMille), exponent) };
}

/** Turns a spec into a valid input: fixed discounts and payments are chosen within their bases. */
function build(spec: InvoiceSpec): TotalsInput {
  const exponent = currencyExponent(spec.currency);
  const lines: LineInput[] = spec.lines.map((l) => ({
    quantity: l.quantity,
    unitPrice: l.unitPrice,
    taxes: l.taxes,
    discount: resolve(l.discount, lineAmount(l.quantity, l.unitPrice, exponent), exponent),
  }));
  const withoutDiscount = computeTotals({
    currency: spec.currency,
    lines,
    taxes: spec.taxes,
    settings: spec.settings,
  });
  const base =
    withoutDiscount.subtotal -
    withoutDiscount.lineDiscountTotal +
    (spec.settings.invoiceDiscountMode === 'after_tax' ? withoutDiscount.taxTotal : 0n);
  return {
    currency: spec.currency,
    lines,
    taxes: spec.taxes,
    discount: resolve(spec.discount, base, exponent),
    amountPaid: (withoutDiscount.total * BigInt(spec.paidPerMille)) / 1000n,
    settings: spec.settings,
  };
}

function sum(values: bigint[]): bigint {
  return values.reduce((a, b) => a + b, 0n);
}

function negateText(text: string): string {
  if (parseDecimal(text, 'x').units === 0n) return text;
  return text.startsWith('-') ? text.slice(1) : `-${text}`;
}

/** Every amount of a result negated. */
function negated(t: InvoiceTotals): InvoiceTotals {
  return {
    ...t,
    lines: t.lines.map((l) => ({
      amount: -l.amount,
      discount: -l.discount,
      afterLineDiscount: -l.afterLineDiscount,
      invoiceDiscountShare: -l.invoiceDiscountShare,
      net: -l.net,
      tax: -l.tax,
      inclusiveTax: -l.inclusiveTax,
    })),
    subtotal: -t.subtotal,
    lineDiscountTotal: -t.lineDiscountTotal,
    invoiceDiscount: -t.invoiceDiscount,
    discountTotal: -t.discountTotal,
    taxes: t.taxes.map((x) => ({ ...x, taxableBase: -x.taxableBase, amount: -x.amount })),
    taxTotal: -t.taxTotal,
    inclusiveTaxTotal: -t.inclusiveTaxTotal,
    total: -t.total,
    amountPaid: -t.amountPaid,
    balanceDue: -t.balanceDue,
  };
}

describe('totals properties', () => {
  it('the figures add up', () => {
    fc.assert(
      fc.property(invoiceSpec(tax), (spec) => {
        const input = build(spec);
        const t = computeTotals(input);
        expect(t.exponent).toBe(currencyExponent(spec.currency));
        expect(t.lines).toHaveLength(input.lines.length);
        // subtotal = sum of line amounts, each the exact product rounded once
        expect(t.subtotal).toBe(sum(t.lines.map((l) => l.amount)));
        input.lines.forEach((l, i) => {
          expect(t.lines[i]?.amount).toBe(lineAmount(l.quantity, l.unitPrice, t.exponent));
        });
        expect(t.lineDiscountTotal).toBe(sum(t.lines.map((l) => l.discount)));
        expect(t.discountTotal).toBe(t.lineDiscountTotal + t.invoiceDiscount);
        expect(t.total).toBe(t.subtotal - t.discountTotal + t.taxTotal);
        expect(t.taxTotal).toBe(sum(t.taxes.filter((x) => !x.inclusive).map((x) => x.amount)));
        expect(t.inclusiveTaxTotal).toBe(sum(t.taxes.filter((x) => x.inclusive).map((x) => x.amount)));
        expect(sum(t.lines.map((l) => l.tax))).toBe(t.taxTotal);
        expect(sum(t.lines.map((l) => l.inclusiveTax))).toBe(t.inclusiveTaxTotal);
        expect(t.balanceDue).toBe(t.total - t.amountPaid);
        expect(t.amountPaid).toBe(input.amountPaid);
        for (const l of t.lines) {
          expect(l.net).toBe(l.amount - l.discount - l.invoiceDiscountShare);
          // discounts never flip the sign of a line
          expect(l.discount === 0n || l.discount > 0n === l.amount > 0n).toBe(true);
          expect(l.discount < 0n ? -l.discount : l.discount).toBeLessThanOrEqual(
            l.amount < 0n ? -l.amount : l.amount,
          );
        }
      }),
      RUNS,
    );
  });

  it('invoice-discount shares add up to the invoice discount (before_tax) and are zero after_tax', () => {
    fc.assert(
      fc.property(invoiceSpec(tax), (spec) => {
        const t = computeTotals(build(spec));
        const shares = t.lines.map((l) => l.invoiceDiscountShare);
        if (spec.settings.invoiceDiscountMode === 'before_tax') {
          expect(sum(shares)).toBe(t.invoiceDiscount);
          const base = t.subtotal - t.lineDiscountTotal;
          t.lines.forEach((l) => {
            // each share is its exact pro-rata value rounded down or up
            if (base === 0n) {
              expect(l.invoiceDiscountShare).toBe(0n);
              return;
            }
            const exact = t.invoiceDiscount * (l.amount - l.discount);
            const scaled = l.invoiceDiscountShare * base;
            const gap = scaled > exact ? scaled - exact : exact - scaled;
            expect(gap < (base < 0n ? -base : base)).toBe(true);
          });
        } else {
          expect(shares.every((s) => s === 0n)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('negating every quantity negates every amount', () => {
    fc.assert(
      fc.property(invoiceSpec(tax), (spec) => {
        const input = build(spec);
        const mirror: TotalsInput = {
          ...input,
          lines: input.lines.map((l) => ({ ...l, quantity: negateText(l.quantity) })),
          amountPaid: -(input.amountPaid ?? 0n),
        };
        expect(computeTotals(mirror)).toEqual(negated(computeTotals(input)));
      }),
      RUNS,
    );
  });

  it('negating every unit price negates every amount', () => {
    fc.assert(
      fc.property(invoiceSpec(tax), (spec) => {
        const input = build(spec);
        const mirror: TotalsInput = {
          ...input,
          lines: input.lines.map((l) => ({ ...l, unitPrice: negateText(l.unitPrice) })),
          amountPaid: -(input.amountPaid ?? 0n),
        };
        expect(computeTotals(mirror)).toEqual(negated(computeTotals(input)));
      }),
      RUNS,
    );
  });

  it('per-line tax rounding differs from per-document by at most half a minor unit per line, per rate', () => {
    fc.assert(
      fc.property(invoiceSpec(exclusiveTax), (spec) => {
        const input = build({ ...spec, settings: { ...spec.settings, invoiceDiscountMode: 'before_tax' } });
        const perLine = computeTotals({ ...input, settings: { ...input.settings, taxRounding: 'per_line' } });
        const perDocument = computeTotals({
          ...input,
          settings: { ...input.settings, taxRounding: 'per_document' },
        });
        expect(perLine.taxes.map((x) => [x.name, x.rate])).toEqual(
          perDocument.taxes.map((x) => [x.name, x.rate]),
        );
        const n = BigInt(input.lines.length);
        perLine.taxes.forEach((x, k) => {
          const other = perDocument.taxes[k];
          if (other === undefined) throw new Error('missing tax line');
          expect(x.taxableBase).toBe(other.taxableBase);
          const diff = x.amount - other.amount;
          expect(2n * (diff < 0n ? -diff : diff) <= n).toBe(true);
        });
      }),
      RUNS,
    );
  });

  it('per-document exclusive taxes are the sum of the nets carrying them times the rate, rounded once', () => {
    fc.assert(
      fc.property(invoiceSpec(exclusiveTax), (spec) => {
        const input = build({ ...spec, settings: { ...spec.settings, taxRounding: 'per_document' } });
        const t = computeTotals(input);
        for (const x of t.taxes) {
          let base = 0n;
          input.lines.forEach((l, i) => {
            const carries = [...l.taxes, ...input.taxes].some(
              (y) => y.name === x.name && sameRate(y.rate, x.rate),
            );
            if (carries) base += t.lines[i]?.net ?? 0n;
          });
          const r = parseDecimal(x.rate, 'r');
          expect(x.taxableBase).toBe(base);
          expect(x.amount).toBe(divRoundHalfUp(base * r.units, 100n * pow10(r.scale)));
        }
      }),
      RUNS,
    );
  });

  it('inclusive taxes change neither amounts, discounts nor nets (before_tax)', () => {
    fc.assert(
      fc.property(invoiceSpec(tax), (spec) => {
        const input = build({ ...spec, settings: { ...spec.settings, invoiceDiscountMode: 'before_tax' } });
        const t = computeTotals(input);
        const exclusiveOnly = computeTotals({
          ...input,
          lines: input.lines.map((l) => ({ ...l, taxes: l.taxes.filter((x) => !x.inclusive) })),
          taxes: input.taxes.filter((x) => !x.inclusive),
        });
        expect(t.subtotal).toBe(exclusiveOnly.subtotal);
        expect(t.discountTotal).toBe(exclusiveOnly.discountTotal);
        expect(t.lines.map((l) => l.net)).toEqual(exclusiveOnly.lines.map((l) => l.net));
      }),
      RUNS,
    );
  });
});

function sameRate(a: string, b: string): boolean {
  const x = parseDecimal(a, 'a');
  const y = parseDecimal(b, 'b');
  return x.units === y.units && x.scale === y.scale;
}
