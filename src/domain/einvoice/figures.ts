/**
 * The money side of an e-invoice: turns the totals engine's figures into EN 16931 line net amounts, document
 * allowances, VAT breakdown and document totals that satisfy BR-CO-10..17 exactly and add up to the same total
 * the engine shows (and the PDF prints).
 *
 * - Exclusive prices: a line's net amount (BT-131) is its amount less its own discount; its share of the invoice
 *   discount goes to one document allowance per VAT category and rate (BG-20).
 * - Inclusive prices: the engine extracts the VAT contained in the gross (per document or per line); here the same
 *   extraction gives the net before the invoice discount, spread over the lines (largest remainder), and the
 *   allowance is whatever makes the breakdown's taxable amount equal to the engine's, to the cent.
 * - The price (BT-146) is the unit price net of VAT. When quantity × price cannot meet the line net amount to the
 *   cent (a price finer than the currency allows), the line is priced per its whole quantity (BT-149).
 */
import {
  abs as absDecimal,
  apportion,
  compare,
  type Decimal,
  decimal,
  divide,
  divRoundHalfUp,
  formatDecimal,
  multiply,
  negate,
  normalize,
  parseDecimal,
  pow10,
  subtract,
  unitsAt,
} from '../decimal.ts';
import { inclusiveShares, type ParsedTax, taxKey } from '../tax.ts';
import type { InvoiceTotals, TaxLine } from '../totals.ts';
import type { EInvoiceDocumentInput, EInvoiceProblem } from './input.ts';
import type { DocumentAllowance, DocumentTotals, LineAllowance, Price, VatBreakdown } from './model.ts';
import type { VatCategoryCode } from './vat-category.ts';

/** The one VAT tax of a line, as resolved by build-model.ts. */
export interface LineVat {
  tax: ParsedTax;
  category: VatCategoryCode;
  exemptionReason: string | null;
  exemptionReasonCode: string | null;
}

export interface LineFigures {
  quantity: string;
  netAmount: bigint;
  allowances: LineAllowance[];
  price: Price;
}

export interface Figures {
  lines: LineFigures[];
  allowances: DocumentAllowance[];
  vatBreakdown: VatBreakdown[];
  totals: DocumentTotals;
  problems: EInvoiceProblem[];
}

const DISCOUNT_REASON = 'Discount';
/** UNCL5189 95: discount. */
const DISCOUNT_CODE = '95';
/** Most decimals tried for a net price derived from a tax-inclusive one. */
const MAX_PRICE_SCALE = 10;

interface Work {
  amount: bigint;
  discount: bigint;
  share: bigint;
  /** BT-131 */
  net: bigint;
  /** Net of VAT before the line discount. */
  beforeDiscount: bigint;
}

/** The VAT contained in a gross amount at one inclusive rate, rounded half up as tax.ts does. */
function contained(gross: bigint, tax: ParsedTax): bigint {
  const { numerators, denominator } = inclusiveShares([tax]);
  return divRoundHalfUp(gross * (numerators[0] ?? 0n), denominator);
}

function groupKey(vat: LineVat): string {
  return `${vat.category}|${vat.category === 'O' ? '0' : vat.tax.rateText}`;
}

export function mapFigures(
  doc: EInvoiceDocumentInput,
  vats: readonly LineVat[],
  totals: InvoiceTotals,
): Figures {
  const problems: EInvoiceProblem[] = [];
  const perLine = doc.settings?.taxRounding === 'per_line';
  const work: Work[] = totals.lines.map((t) => ({
    amount: t.amount,
    discount: t.discount,
    share: t.invoiceDiscountShare,
    net: t.amount - t.discount,
    beforeDiscount: t.amount,
  }));
  const taxLines = new Map<string, TaxLine>();
  for (const t of totals.taxes) taxLines.set(taxKey(t.name, t.rate, t.inclusive, t.compound), t);
  const taxLine = (key: string): TaxLine => {
    const found = taxLines.get(key);
    if (found === undefined) throw new Error(`the totals carry no tax ${key}`);
    return found;
  };

  // Inclusive taxes: net of VAT per line, and the allowance that closes each tax's taxable amount.
  const inclusiveAllowance = new Map<string, bigint>();
  const inclusiveMembers = new Map<string, number[]>();
  vats.forEach((vat, i) => {
    if (!vat.tax.inclusive) return;
    const members = inclusiveMembers.get(vat.tax.key) ?? [];
    members.push(i);
    inclusiveMembers.set(vat.tax.key, members);
  });
  for (const [key, members] of inclusiveMembers) {
    const tax = (vats[members[0] ?? 0] as LineVat).tax;
    const gross = members.map((i) => (work[i] as Work).amount - (work[i] as Work).discount);
    const grossTotal = gross.reduce((a, b) => a + b, 0n);
    let nets: bigint[];
    if (perLine || grossTotal === 0n) {
      nets = gross.map((g) => g - contained(g, tax));
    } else {
      const netTotal = grossTotal - contained(grossTotal, tax);
      nets = apportion(
        netTotal,
        gross.map((g) => netTotal * g),
        grossTotal,
      );
    }
    members.forEach((i, k) => {
      const line = work[i] as Work;
      line.net = nets[k] ?? 0n;
      line.beforeDiscount = line.discount === 0n ? line.net : line.amount - contained(line.amount, tax);
    });
    const netBeforeAllowance = nets.reduce((a, b) => a + b, 0n);
    inclusiveAllowance.set(key, netBeforeAllowance - taxLine(key).taxableBase);
  }

  // VAT breakdown and document allowances, one per category and rate.
  const groups = new Map<string, { vat: LineVat; keys: Set<string>; allowance: bigint; lineNet: bigint }>();
  vats.forEach((vat, i) => {
    const k = groupKey(vat);
    let group = groups.get(k);
    if (group === undefined) {
      group = { vat, keys: new Set(), allowance: 0n, lineNet: 0n };
      groups.set(k, group);
    }
    const line = work[i] as Work;
    group.lineNet += line.net;
    if (!vat.tax.inclusive) group.allowance += line.share;
    else if (!group.keys.has(vat.tax.key)) group.allowance += inclusiveAllowance.get(vat.tax.key) ?? 0n;
    group.keys.add(vat.tax.key);
  });
  const allowances: DocumentAllowance[] = [];
  const vatBreakdown: VatBreakdown[] = [];
  for (const { vat, keys, allowance, lineNet } of groups.values()) {
    let taxableAmount = 0n;
    let taxAmount = 0n;
    for (const key of keys) {
      taxableAmount += taxLine(key).taxableBase;
      taxAmount += taxLine(key).amount;
    }
    if (lineNet - allowance !== taxableAmount) {
      throw new Error(
        `VAT group ${groupKey(vat)}: lines ${lineNet} − allowance ${allowance} ≠ base ${taxableAmount}`,
      );
    }
    const rate = vat.category === 'O' ? '0' : vat.tax.rateText;
    if (allowance !== 0n) {
      allowances.push({
        amount: allowance,
        vat: { category: vat.category, rate: vat.category === 'O' ? null : rate },
        reason: DISCOUNT_REASON,
        reasonCode: DISCOUNT_CODE,
      });
    }
    vatBreakdown.push({
      taxableAmount,
      taxAmount,
      category: vat.category,
      rate,
      exemptionReason: vat.exemptionReason,
      exemptionReasonCode: vat.exemptionReasonCode,
    });
    if (!withinVatTolerance(taxableAmount, taxAmount, vat.tax.rate, totals.exponent)) {
      problems.push({
        code: 'vat_rounding',
        field: 'lines',
        message:
          `The VAT at ${rate} % (${formatDecimal(decimal(taxAmount, totals.exponent))}) differs by a whole currency unit or ` +
          `more from ${rate} % of its taxable amount, because each line's VAT is rounded on its own. An e-invoice ` +
          'cannot show these figures; round VAT per document instead, or split the invoice.',
      });
    }
  }

  const lines = doc.lines.map((input, i) => {
    const line = work[i] as Work;
    const vat = vats[i] as LineVat;
    const lineAllowances: LineAllowance[] = [];
    const allowance = line.beforeDiscount - line.net;
    if (allowance !== 0n)
      lineAllowances.push({ amount: allowance, reason: DISCOUNT_REASON, reasonCode: DISCOUNT_CODE });
    const { quantity, price } = priceLine(
      input.quantity,
      input.unitPrice,
      vat.tax,
      line.beforeDiscount,
      totals.exponent,
    );
    return { quantity, netAmount: line.net, allowances: lineAllowances, price };
  });

  const lineNetTotal = work.reduce((a, l) => a + l.net, 0n);
  const allowanceTotal = allowances.reduce((a, x) => a + x.amount, 0n);
  const taxExclusive = lineNetTotal - allowanceTotal;
  const vatTotal = vatBreakdown.reduce((a, b) => a + b.taxAmount, 0n);
  const taxInclusive = taxExclusive + vatTotal;
  if (taxInclusive !== totals.total) {
    throw new Error(`e-invoice total ${taxInclusive} differs from the totals engine's ${totals.total}`);
  }
  return {
    lines,
    allowances,
    vatBreakdown,
    totals: {
      lineNetTotal,
      allowanceTotal,
      chargeTotal: 0n,
      taxExclusive,
      vatTotal,
      taxInclusive,
      paid: totals.amountPaid,
      rounding: 0n,
      payable: totals.balanceDue,
    },
    problems,
  };
}

/**
 * BR-S-09 and its siblings accept a VAT amount within one currency unit of taxable × rate rounded to 2 decimals
 * (strictly). Compared exactly in hundredths of the major unit.
 */
export function withinVatTolerance(taxable: bigint, tax: bigint, rate: Decimal, exponent: number): boolean {
  if (rate.units === 0n) return tax === 0n;
  const abs = (v: bigint): bigint => (v < 0n ? -v : v);
  // hundredths of major = minor × 100 / 10^exponent; expected = |taxable| × rate / 100, in hundredths.
  const expected = divRoundHalfUp(abs(taxable) * rate.units * 100n, pow10(exponent + rate.scale + 2));
  const actual = abs(tax) * 100n;
  const scale = pow10(exponent);
  // |actual/scale − expected| < 100 (one major unit), with actual in hundredths × 10^exponent.
  const diff = actual - expected * scale;
  return abs(diff) < 100n * scale;
}

/**
 * Quantity (BT-129) and price (BT-146, BT-149) of a line whose net before line discount is `beforeDiscount`.
 * The price is never negative (BR-27): a negative unit price becomes a negative quantity. A tax-inclusive price
 * becomes a net price; if no price with up to 10 decimals meets the amount to the cent, the price is given for
 * the whole quantity.
 */
function priceLine(
  quantityText: string,
  unitPriceText: string,
  tax: ParsedTax,
  beforeDiscount: bigint,
  exponent: number,
): { quantity: string; price: Price } {
  const quantity0 = parseDecimal(quantityText, 'quantity');
  const unitPrice = parseDecimal(unitPriceText, 'unitPrice');
  const quantity = unitPrice.units < 0n ? negate(quantity0) : quantity0;
  const gross = absDecimal(unitPrice);
  const target = decimal(beforeDiscount, exponent);
  const cent = decimal(1n, 2);
  const meets = (price: Decimal): boolean =>
    compare(absDecimal(subtract(multiply(quantity, price), target)), cent) <= 0;
  const quantityOut = formatDecimal(normalize(quantity));
  if (!tax.inclusive) {
    if (meets(gross))
      return {
        quantity: quantityOut,
        price: { netAmount: formatDecimal(normalize(gross)), baseQuantity: null },
      };
  } else {
    const hundred = decimal(100n);
    const divisor = decimal(unitsAt(hundred, tax.rate.scale) + tax.rate.units, tax.rate.scale);
    for (let scale = Math.max(gross.scale, 2); scale <= MAX_PRICE_SCALE; scale++) {
      const net = divide(multiply(gross, hundred), divisor, scale);
      if (meets(net))
        return {
          quantity: quantityOut,
          price: { netAmount: formatDecimal(normalize(net)), baseQuantity: null },
        };
    }
  }
  if (quantity.units === 0n) return { quantity: quantityOut, price: { netAmount: '0', baseQuantity: null } };
  return {
    quantity: quantityOut,
    price: {
      netAmount: formatDecimal(absDecimal(target)),
      baseQuantity: formatDecimal(normalize(absDecimal(quantity))),
    },
  };
}
