import type { InvoiceLineRow, StoredTax } from '../../db/schema.ts';
import { remainingQuantity } from '../../domain/credit-rules.ts';
import { currencyExponent, formatMinor, parseMoney } from '../../domain/currency.ts';
import { divRoundHalfUp, parseDecimal, pow10 } from '../../domain/decimal.ts';
import { ValidationError } from '../../domain/errors.ts';
import { type DiscountInput, QUANTITY_LIMITS } from '../../domain/totals.ts';
import type { LineInput, TaxReference } from '../documents/document-input.ts';
import { discountOf, documentTotals } from '../documents/document-totals.ts';
import type { InvoiceRecord } from '../invoices/load-invoice.ts';

/** A credit note's line as written: a document line that may name the invoice line it credits. */
export interface CreditLineInput extends LineInput {
  invoiceLineId?: string | null;
}

/** The body a mode builds from the invoice; `storedTaxes` keep the invoice's tax snapshots (rate ids included). */
export interface CreditBody {
  lines: CreditLineInput[];
  lineTaxes: StoredTax[][];
  taxes: StoredTax[];
  discount: DiscountInput | null;
}

/** What earlier issued credit notes of the invoice already credit. */
export interface CreditedSoFar {
  total: bigint;
  /** Quantities credited per invoice line id. */
  quantities: Map<string, string>;
  /** Whether some earlier credit note credited a free amount (a line credited by no invoice line). */
  freeAmounts: boolean;
}

/** Written-out taxes for prepareDocumentBody (the stored snapshots are put back after it: rates edited since stay). */
export const writtenOut = (taxes: StoredTax[]): TaxReference[] =>
  taxes.map((tax) => ({ name: tax.name, rate: tax.rate, inclusive: tax.inclusive, compound: tax.compound }));

/** A fixed discount of `value` (major units) on `whole`, scaled to `part` of it (quantities), rounded half up. */
function prorateFixed(value: string, part: string, whole: string, exponent: number): string {
  const q = parseDecimal(part, 'quantity', QUANTITY_LIMITS);
  const w = parseDecimal(whole, 'quantity', QUANTITY_LIMITS);
  const minor = parseMoney(value, exponent, 'discount.value');
  const scaled = divRoundHalfUp(minor * q.units * pow10(w.scale), w.units * pow10(q.scale));
  return formatMinor(scaled < 0n ? -scaled : scaled, exponent);
}

/** A copy of an invoice line for `quantity` of it: same description, price, unit, taxes; a fixed discount scaled. */
function copyLine(line: InvoiceLineRow, quantity: string, exponent: number): CreditLineInput {
  const discount = discountOf(line.discount_kind, line.discount_value);
  return {
    description: line.description,
    quantity,
    unitPrice: line.unit_price,
    unit: line.unit ?? null,
    itemId: line.item_id ?? null,
    discount:
      discount?.kind === 'fixed' && quantity !== line.quantity
        ? { kind: 'fixed', value: prorateFixed(discount.value, quantity, line.quantity, exponent) }
        : discount,
    taxes: writtenOut(line.taxes),
    invoiceLineId: line.id,
  };
}

/**
 * The invoice's document discount carried over: a percent as it is; a fixed amount in proportion to the part of the
 * invoice's lines (after line discounts) credited, rounded half up, so a full reversal carries it exactly.
 */
function carriedDiscount(
  record: InvoiceRecord,
  lines: CreditLineInput[],
  exponent: number,
): DiscountInput | null {
  const { invoice } = record;
  const discount = discountOf(invoice.discount_kind, invoice.discount_value);
  if (discount?.kind !== 'fixed') return discount;
  const base = (source: { quantity: string; unitPrice: string; discount?: DiscountInput | null }[]) => {
    const totals = documentTotals({
      currency: invoice.currency,
      discount: null,
      taxes: [],
      taxRounding: invoice.tax_rounding,
      invoiceDiscountMode: invoice.invoice_discount_mode,
      amountPaid: 0n,
      lines: source.map((line) => ({
        quantity: line.quantity,
        unitPrice: line.unitPrice,
        discount: line.discount ?? null,
        taxes: [],
      })),
    });
    return totals.subtotal - totals.lineDiscountTotal;
  };
  const whole = base(
    record.lines.map((line) => ({
      quantity: line.quantity,
      unitPrice: line.unit_price,
      discount: discountOf(line.discount_kind, line.discount_value),
    })),
  );
  if (whole === 0n) return null;
  const part = base(lines);
  const minor = parseMoney(discount.value, exponent, 'discount.value');
  const scaled = divRoundHalfUp(minor * part, whole);
  return { kind: 'fixed', value: formatMinor(scaled < 0n ? -scaled : scaled, exponent) };
}

function fromInvoiceLines(
  record: InvoiceRecord,
  lines: CreditLineInput[],
  sources: InvoiceLineRow[],
): CreditBody {
  const exponent = currencyExponent(record.invoice.currency);
  return {
    lines,
    lineTaxes: sources.map((line) => line.taxes),
    taxes: record.invoice.taxes,
    discount: carriedDiscount(record, lines, exponent),
  };
}

/** 'lines': the chosen invoice lines and quantities, each a copy of its invoice line. */
export function chosenLines(
  record: InvoiceRecord,
  chosen: { invoiceLineId: string; quantity: string }[],
): CreditBody {
  if (chosen.length === 0)
    throw new ValidationError('lines', 'Choose at least one line of the invoice to credit');
  const exponent = currencyExponent(record.invoice.currency);
  const byId = new Map(record.lines.map((line) => [line.id, line]));
  const sources = chosen.map((choice, index) => {
    const line = byId.get(choice.invoiceLineId);
    if (!line) {
      throw new ValidationError(
        `lines.${index}.invoiceLineId`,
        'Not a line of this invoice: choose one of its lines',
      );
    }
    parseDecimal(choice.quantity, `lines.${index}.quantity`, QUANTITY_LIMITS);
    return line;
  });
  const lines = sources.map((line, index) => copyLine(line, chosen[index]!.quantity, exponent));
  return fromInvoiceLines(record, lines, sources);
}

/**
 * The taxes a free amount carries: when every line of the invoice bears the same taxes (its own and the invoice's
 * together) and none is compound, those rates as inclusive taxes, so the gross amount is split into net and tax as
 * on the invoice; otherwise none (the amount cannot be attributed to one rate).
 */
export function amountTaxes(record: InvoiceRecord): StoredTax[] {
  const key = (tax: StoredTax) => `${tax.name}|${tax.rate}|${tax.compound}`;
  const sets = record.lines.map((line) => {
    const merged = new Map<string, StoredTax>();
    for (const tax of [...line.taxes, ...record.invoice.taxes]) merged.set(key(tax), tax);
    return [...merged.values()].sort((a, b) => key(a).localeCompare(key(b)));
  });
  const first = sets[0];
  if (!first || first.length === 0) return [];
  const signature = (set: StoredTax[]) => set.map(key).join(';');
  if (sets.some((set) => signature(set) !== signature(first))) return [];
  if (first.some((tax) => tax.compound)) return [];
  return first.map((tax) => ({ ...tax, inclusive: true }));
}

/** 'amount': one line for a gross amount, described by the reason. */
export function amountLine(record: InvoiceRecord, amount: string, description: string): CreditBody {
  const taxes = amountTaxes(record);
  return {
    lines: [{ description, quantity: '1', unitPrice: amount, taxes: writtenOut(taxes), invoiceLineId: null }],
    lineTaxes: [taxes],
    taxes: [],
    discount: null,
  };
}

/**
 * 'remaining': what earlier credit notes left of each invoice line (everything: a full reversal, when there are
 * none). When an earlier credit note credited a free amount, lines cannot say what is left: then one line for the
 * uncredited amount, taxed as in 'amount'.
 */
export function remainingLines(
  record: InvoiceRecord,
  credited: CreditedSoFar,
  invoiceTotal: bigint,
): CreditBody {
  const exponent = currencyExponent(record.invoice.currency);
  if (credited.freeAmounts) {
    const left = invoiceTotal - credited.total;
    if (left <= 0n) return { lines: [], lineTaxes: [], taxes: [], discount: null };
    return amountLine(
      record,
      formatMinor(left, exponent),
      `Remaining amount of invoice ${record.invoice.number ?? ''}`.trim(),
    );
  }
  const sources: InvoiceLineRow[] = [];
  const lines: CreditLineInput[] = [];
  for (const line of record.lines) {
    const left = remainingQuantity(line.quantity, credited.quantities.get(line.id));
    if (left === null) continue;
    sources.push(line);
    lines.push(copyLine(line, left, exponent));
  }
  return fromInvoiceLines(record, lines, sources);
}
