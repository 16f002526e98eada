/**
 * The totals engine: the one place where line amounts, discounts, taxes, totals and balances are computed.
 * Pure (no I/O, no Node-only API) so the server, the web app and the PDF renderer all show the same figures.
 * Every amount is a bigint in the currency's minor unit. The policy is written down in docs/money.md.
 */
import { checkMinorRange, currencyExponent, formatMinor, parseMoney } from './currency.ts';
import {
  absBig,
  add,
  apportion,
  type Decimal,
  type DecimalLimits,
  decimal,
  divRoundHalfUp,
  multiply,
  parseDecimal,
  pow10,
  roundToInteger,
  unitsAt,
  ZERO,
} from './decimal.ts';
import { ValidationError } from './errors.ts';
import {
  exclusiveCalculationOrder,
  extractInclusive,
  inclusiveShares,
  mergeTaxes,
  type ParsedTax,
  parseTaxList,
  type TaxInput,
} from './tax.ts';

export type { TaxInput } from './tax.ts';

export type DiscountKind = 'percent' | 'fixed';

/** percent: "10" is 10 %; fixed: a non-negative major-unit amount ("25.00"), applied with the sign of its base. */
export interface DiscountInput {
  kind: DiscountKind;
  value: string;
}

/** quantity and unitPrice: decimal strings with up to 6 decimals, either may be negative (credits). */
export interface LineInput {
  quantity: string;
  unitPrice: string;
  discount?: DiscountInput | null;
  taxes: TaxInput[];
}

export interface TotalsSettings {
  taxRounding: 'per_document' | 'per_line';
  invoiceDiscountMode: 'before_tax' | 'after_tax';
}

/**
 * Invoice-level `taxes` apply to every line in addition to that line's own taxes (the same name, rate,
 * inclusive and compound flags is the same tax, counted once per line).
 */
export interface TotalsInput {
  currency: string;
  lines: LineInput[];
  discount?: DiscountInput | null;
  taxes: TaxInput[];
  amountPaid?: bigint;
  settings: TotalsSettings;
}

export interface LineTotals {
  /** quantity × unitPrice rounded half up to the minor unit. */
  amount: bigint;
  /** The line discount; positive for a positive line (it reduces the amount). */
  discount: bigint;
  /** amount − discount: what the line costs before the invoice discount and taxes (the document's "net" column). */
  afterLineDiscount: bigint;
  /** This line's share of the invoice discount in before_tax mode; 0n otherwise. */
  invoiceDiscountShare: bigint;
  /** amount − discount − invoiceDiscountShare: the taxable base, or the gross when taxes are inclusive. */
  net: bigint;
  /** Exclusive tax charged on this line (per_line: exact; per_document: allocated share, informative). */
  tax: bigint;
  /** Inclusive tax contained in `net` (per_line: exact; per_document: allocated share, informative). */
  inclusiveTax: bigint;
}

export interface TaxLine {
  name: string;
  /** Canonical rate text in percent ("9.975", "20"). */
  rate: string;
  inclusive: boolean;
  compound: boolean;
  /** What the rate applies to: sum of nets (exclusive), net of inclusive tax (inclusive), net + prior taxes (compound). */
  taxableBase: bigint;
  amount: bigint;
}

export interface InvoiceTotals {
  currency: string;
  exponent: number;
  lines: LineTotals[];
  /** Sum of line amounts. */
  subtotal: bigint;
  lineDiscountTotal: bigint;
  invoiceDiscount: bigint;
  /** lineDiscountTotal + invoiceDiscount. */
  discountTotal: bigint;
  /** One per distinct tax (name, rate, inclusive, compound), in first-seen order. */
  taxes: TaxLine[];
  /** Sum of exclusive tax amounts. */
  taxTotal: bigint;
  /** Tax already contained in prices, for information; not added to the total. */
  inclusiveTaxTotal: bigint;
  /** subtotal − discountTotal + taxTotal. */
  total: bigint;
  amountPaid: bigint;
  /** total − amountPaid. */
  balanceDue: bigint;
}

export const DEFAULT_TOTALS_SETTINGS: Readonly<TotalsSettings> = Object.freeze({
  taxRounding: 'per_document',
  invoiceDiscountMode: 'before_tax',
});

/** Accepted precision of a line quantity. */
export const QUANTITY_LIMITS: Readonly<DecimalLimits> = Object.freeze({ maxScale: 6, maxIntegerDigits: 12 });
/** Accepted precision of a unit price (major units; finer than a minor unit is allowed). */
export const UNIT_PRICE_LIMITS: Readonly<DecimalLimits> = Object.freeze({
  maxScale: 6,
  maxIntegerDigits: 15,
});
/** Accepted precision of a percent discount (0 to 100). */
export const PERCENT_LIMITS: Readonly<DecimalLimits> = Object.freeze({
  maxScale: 6,
  maxIntegerDigits: 3,
  nonNegative: true,
});

interface WorkLine {
  amount: bigint;
  discount: bigint;
  /** amount − discount: the weight of the line in the invoice discount. */
  afterLineDiscount: bigint;
  share: bigint;
  net: bigint;
  inclusive: ParsedTax[];
  /** Exclusive taxes in computation order. */
  exclusive: ParsedTax[];
  inclusiveTax: bigint;
  /** net − inclusiveTax: the base of exclusive taxes. */
  netOfInclusive: bigint;
  tax: bigint;
}

interface TaxAccumulator {
  tax: ParsedTax;
  base: bigint;
  amount: bigint;
  /** per_document, exclusive taxes: exact sums and the exact part of each line. */
  exactBase: Decimal;
  exactAmount: Decimal;
  lineParts: { line: number; exact: Decimal }[];
}

const HUNDRED = decimal(100n);

function sum(values: Iterable<bigint>): bigint {
  let total = 0n;
  for (const v of values) total += v;
  return total;
}

function checkSettings(settings: TotalsSettings | undefined): TotalsSettings {
  const taxRounding = settings?.taxRounding ?? DEFAULT_TOTALS_SETTINGS.taxRounding;
  const invoiceDiscountMode = settings?.invoiceDiscountMode ?? DEFAULT_TOTALS_SETTINGS.invoiceDiscountMode;
  if (taxRounding !== 'per_document' && taxRounding !== 'per_line') {
    throw new ValidationError(
      'settings.taxRounding',
      'settings.taxRounding must be "per_document" or "per_line"',
    );
  }
  if (invoiceDiscountMode !== 'before_tax' && invoiceDiscountMode !== 'after_tax') {
    throw new ValidationError(
      'settings.invoiceDiscountMode',
      'settings.invoiceDiscountMode must be "before_tax" or "after_tax"',
    );
  }
  return { taxRounding, invoiceDiscountMode };
}

/**
 * A discount on `base` (minor units). percent: round(base × p / 100); fixed: the amount with the sign of
 * `base`, at most |base|. Returns a value with the sign of `base` (or zero).
 */
function resolveDiscount(
  input: DiscountInput | null | undefined,
  base: bigint,
  exponent: number,
  field: string,
  baseLabel: string,
): bigint {
  if (input === null || input === undefined) return 0n;
  if (typeof input !== 'object')
    throw new ValidationError(field, `${field} must be an object with kind and value`);
  const valueField = `${field}.value`;
  if (input.kind === 'percent') {
    const percent = parseDecimal(input.value, valueField, PERCENT_LIMITS);
    if (percent.units > unitsAt(HUNDRED, percent.scale)) {
      throw new ValidationError(valueField, `${valueField} must be between 0 and 100 percent`);
    }
    return divRoundHalfUp(base * percent.units, 100n * pow10(percent.scale));
  }
  if (input.kind === 'fixed') {
    const fixed = parseMoney(input.value, exponent, valueField);
    if (fixed < 0n) {
      throw new ValidationError(
        valueField,
        `${valueField} must not be negative (a discount takes the sign of the amount it reduces)`,
      );
    }
    if (fixed > absBig(base)) {
      throw new ValidationError(
        valueField,
        `${valueField} cannot exceed the ${baseLabel} (${formatMinor(absBig(base), exponent)})`,
      );
    }
    return base < 0n ? -fixed : fixed;
  }
  throw new ValidationError(`${field}.kind`, `${field}.kind must be "percent" or "fixed"`);
}

function prepareLine(
  line: LineInput,
  index: number,
  exponent: number,
  invoiceTaxes: readonly ParsedTax[],
  register: (tax: ParsedTax) => void,
): WorkLine {
  const field = `lines.${index}`;
  if (line === null || typeof line !== 'object') {
    throw new ValidationError(field, `${field} must be an object with quantity, unitPrice and taxes`);
  }
  const quantity = parseDecimal(line.quantity, `${field}.quantity`, QUANTITY_LIMITS);
  const unitPrice = parseDecimal(line.unitPrice, `${field}.unitPrice`, UNIT_PRICE_LIMITS);
  // quantity × unitPrice in minor units, exact, rounded once.
  const amount = checkMinorRange(
    divRoundHalfUp(
      quantity.units * unitPrice.units * pow10(exponent),
      pow10(quantity.scale + unitPrice.scale),
    ),
    field,
    'line amount',
  );
  const discount = resolveDiscount(line.discount, amount, exponent, `${field}.discount`, 'line amount');
  const taxes = mergeTaxes(parseTaxList(line.taxes, `${field}.taxes`), invoiceTaxes);
  for (const tax of taxes) register(tax);
  return {
    amount,
    discount,
    afterLineDiscount: amount - discount,
    share: 0n,
    net: 0n,
    inclusive: taxes.filter((t) => t.inclusive),
    exclusive: exclusiveCalculationOrder(taxes),
    inclusiveTax: 0n,
    netOfInclusive: 0n,
    tax: 0n,
  };
}

function accumulator(registry: Map<string, TaxAccumulator>, tax: ParsedTax): TaxAccumulator {
  const acc = registry.get(tax.key);
  if (acc === undefined) throw new Error(`tax ${tax.key} was not registered`);
  return acc;
}

/** per_line: every tax of every line is rounded on its own; document figures are sums of line figures. */
function taxesPerLine(lines: WorkLine[], registry: Map<string, TaxAccumulator>): void {
  for (const line of lines) {
    const inclusive = extractInclusive(line.net, line.inclusive);
    line.inclusiveTax = inclusive.tax;
    line.netOfInclusive = inclusive.net;
    line.inclusive.forEach((tax, j) => {
      const acc = accumulator(registry, tax);
      acc.base += inclusive.net;
      acc.amount += inclusive.parts[j] ?? 0n;
    });
    let charged = 0n;
    for (const tax of line.exclusive) {
      const base = tax.compound ? line.netOfInclusive + charged : line.netOfInclusive;
      const amount = divRoundHalfUp(base * tax.rate.units, 100n * pow10(tax.rate.scale));
      charged += amount;
      const acc = accumulator(registry, tax);
      acc.base += base;
      acc.amount += amount;
    }
    line.tax = charged;
  }
}

/**
 * per_document: each tax is rounded once over the whole document. Inclusive taxes are extracted once per
 * group of lines sharing the same set of inclusive taxes; exclusive taxes are summed exactly over the lines
 * and rounded once. Line figures are allocations of the document figures (largest remainder).
 */
function taxesPerDocument(lines: WorkLine[], registry: Map<string, TaxAccumulator>): void {
  const groups = new Map<string, number[]>();
  lines.forEach((line, i) => {
    line.netOfInclusive = line.net;
    if (line.inclusive.length === 0) return;
    const signature = JSON.stringify(line.inclusive.map((t) => t.key).sort());
    const members = groups.get(signature);
    if (members === undefined) groups.set(signature, [i]);
    else members.push(i);
  });
  for (const members of groups.values()) {
    const taxes = lines[members[0] ?? 0]?.inclusive ?? [];
    const { numerators, denominator } = inclusiveShares(taxes);
    const combined = sum(numerators);
    const gross = sum(members.map((i) => lines[i]?.net ?? 0n));
    const contained = divRoundHalfUp(gross * combined, denominator);
    const lineParts = apportion(
      contained,
      members.map((i) => (lines[i]?.net ?? 0n) * combined),
      denominator,
    );
    const rateParts = apportion(
      contained,
      numerators.map((n) => gross * n),
      denominator,
    );
    taxes.forEach((tax, j) => {
      const acc = accumulator(registry, tax);
      acc.base += gross - contained;
      acc.amount += rateParts[j] ?? 0n;
    });
    members.forEach((i, k) => {
      const line = lines[i];
      if (line === undefined) return;
      line.inclusiveTax = lineParts[k] ?? 0n;
      line.netOfInclusive = line.net - line.inclusiveTax;
    });
  }
  lines.forEach((line, i) => {
    const net = decimal(line.netOfInclusive);
    let charged = ZERO;
    for (const tax of line.exclusive) {
      const base = tax.compound ? add(net, charged) : net;
      const exact = multiply(base, decimal(tax.rate.units, tax.rate.scale + 2));
      charged = add(charged, exact);
      const acc = accumulator(registry, tax);
      acc.exactBase = add(acc.exactBase, base);
      acc.exactAmount = add(acc.exactAmount, exact);
      acc.lineParts.push({ line: i, exact });
    }
  });
  for (const acc of registry.values()) {
    if (acc.tax.inclusive) continue;
    acc.amount = roundToInteger(acc.exactAmount);
    acc.base = roundToInteger(acc.exactBase);
    const scale = Math.max(0, ...acc.lineParts.map((p) => p.exact.scale));
    const shares = apportion(
      acc.amount,
      acc.lineParts.map((p) => unitsAt(p.exact, scale)),
      pow10(scale),
    );
    acc.lineParts.forEach((part, k) => {
      const line = lines[part.line];
      if (line !== undefined) line.tax += shares[k] ?? 0n;
    });
  }
}

/**
 * Computes every figure of an invoice. Throws a ValidationError naming the offending field
 * (`currency`, `lines.3.quantity`, `taxes.0.rate`, `discount.value`, ...) for invalid input.
 */
export function computeTotals(input: TotalsInput): InvoiceTotals {
  const exponent = currencyExponent(input.currency, 'currency');
  const settings = checkSettings(input.settings);
  const invoiceTaxes = parseTaxList(input.taxes, 'taxes');
  if (!Array.isArray(input.lines)) throw new ValidationError('lines', 'lines must be a list');

  const registry = new Map<string, TaxAccumulator>();
  const register = (tax: ParsedTax): void => {
    if (registry.has(tax.key)) return;
    registry.set(tax.key, { tax, base: 0n, amount: 0n, exactBase: ZERO, exactAmount: ZERO, lineParts: [] });
  };
  const lines = input.lines.map((line, i) => prepareLine(line, i, exponent, invoiceTaxes, register));
  for (const tax of invoiceTaxes) register(tax);

  const afterLineDiscounts = checkMinorRange(
    sum(lines.map((l) => l.afterLineDiscount)),
    'lines',
    'invoice amount',
  );
  let invoiceDiscount = 0n;
  if (settings.invoiceDiscountMode === 'before_tax') {
    invoiceDiscount = resolveDiscount(
      input.discount,
      afterLineDiscounts,
      exponent,
      'discount',
      'amount after line discounts',
    );
    if (invoiceDiscount !== 0n) {
      // Pro rata to each line's amount after its own discount; shares add up exactly.
      const shares = apportion(
        invoiceDiscount,
        lines.map((l) => invoiceDiscount * l.afterLineDiscount),
        afterLineDiscounts,
      );
      lines.forEach((line, i) => {
        line.share = shares[i] ?? 0n;
      });
    }
  }
  for (const line of lines) line.net = line.afterLineDiscount - line.share;

  if (settings.taxRounding === 'per_line') taxesPerLine(lines, registry);
  else taxesPerDocument(lines, registry);

  const taxes: TaxLine[] = [...registry.values()].map(({ tax, base, amount }) => ({
    name: tax.name,
    rate: tax.rateText,
    inclusive: tax.inclusive,
    compound: tax.compound,
    taxableBase: base,
    amount,
  }));
  const taxTotal = sum(taxes.filter((t) => !t.inclusive).map((t) => t.amount));
  const inclusiveTaxTotal = sum(taxes.filter((t) => t.inclusive).map((t) => t.amount));

  if (settings.invoiceDiscountMode === 'after_tax') {
    invoiceDiscount = resolveDiscount(
      input.discount,
      afterLineDiscounts + taxTotal,
      exponent,
      'discount',
      'amount after line discounts and tax',
    );
  }

  const subtotal = checkMinorRange(sum(lines.map((l) => l.amount)), 'lines', 'subtotal');
  const lineDiscountTotal = sum(lines.map((l) => l.discount));
  const discountTotal = lineDiscountTotal + invoiceDiscount;
  const total = checkMinorRange(subtotal - discountTotal + taxTotal, 'lines', 'invoice total');
  const amountPaid = input.amountPaid ?? 0n;
  if (typeof amountPaid !== 'bigint') {
    throw new ValidationError('amountPaid', 'amountPaid must be an integer number of minor units (bigint)');
  }
  checkMinorRange(amountPaid, 'amountPaid', 'amount paid');

  return {
    currency: input.currency,
    exponent,
    lines: lines.map((l) => ({
      amount: l.amount,
      discount: l.discount,
      afterLineDiscount: l.afterLineDiscount,
      invoiceDiscountShare: l.share,
      net: l.net,
      tax: l.tax,
      inclusiveTax: l.inclusiveTax,
    })),
    subtotal,
    lineDiscountTotal,
    invoiceDiscount,
    discountTotal,
    taxes,
    taxTotal,
    inclusiveTaxTotal,
    total,
    amountPaid,
    balanceDue: total - amountPaid,
  };
}
