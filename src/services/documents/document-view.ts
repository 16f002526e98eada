import type { StoredTax } from '../../db/schema.ts';
import { formatMinor } from '../../domain/currency.ts';
import type { DiscountInput, InvoiceTotals } from '../../domain/totals.ts';
import { normalizeDecimalText } from '../decimal-text.ts';
import { discountOf, documentTotals } from './document-totals.ts';

export interface TaxView {
  taxRateId: string | null;
  name: string;
  rate: string;
  inclusive: boolean;
  compound: boolean;
}

export interface LineView {
  id: string;
  description: string;
  quantity: string;
  unitPrice: string;
  /** UN/ECE Rec 20 code; null: no unit. */
  unit: string | null;
  itemId: string | null;
  /** The catalogue item's code when the line was saved (BT-155); '' : none. */
  itemCode: string;
  discount: DiscountInput | null;
  taxes: TaxView[];
  amount: string;
  discountAmount: string;
  /** amount − discountAmount: the line's figure on the document. */
  amountAfterDiscount: string;
  netAmount: string;
}

export interface TotalsView {
  subtotal: string;
  lineDiscountTotal: string;
  invoiceDiscount: string;
  discountTotal: string;
  taxes: {
    name: string;
    rate: string;
    inclusive: boolean;
    compound: boolean;
    taxableBase: string;
    amount: string;
  }[];
  taxTotal: string;
  inclusiveTaxTotal: string;
  total: string;
  amountPaid: string;
  balanceDue: string;
}

/** What every commercial document (invoice, quote, credit note) shows the same way. */
export interface DocumentBodyView {
  client: { id: string; name: string; company: string };
  project: { id: string; name: string } | null;
  currency: string;
  issueDate: string;
  lines: LineView[];
  discount: DiscountInput | null;
  taxes: TaxView[];
  notes: string;
  terms: string;
  taxRounding: 'per_document' | 'per_line';
  invoiceDiscountMode: 'before_tax' | 'after_tax';
  totals: TotalsView;
}

/** The columns every document kind's table has under the same names. */
export interface DocumentRowCore {
  currency: string;
  issue_date: string;
  discount_kind: 'percent' | 'fixed' | null;
  discount_value: string | null;
  taxes: StoredTax[];
  notes: string;
  terms: string;
  tax_rounding: 'per_document' | 'per_line';
  invoice_discount_mode: 'before_tax' | 'after_tax';
}

/** The columns every document kind's line table has under the same names (numerics read as text). */
export interface DocumentLineRowCore {
  id: string;
  description: string;
  quantity: string;
  unit_price: string;
  discount_kind: 'percent' | 'fixed' | null;
  discount_value: string | null;
  taxes: StoredTax[];
  /** Revisions stored before migration 015 have neither key. */
  unit?: string | null;
  item_id?: string | null;
  /** Migration 023; absent in older revisions. */
  item_code?: string;
}

export interface DocumentRecordCore {
  row: DocumentRowCore;
  lines: DocumentLineRowCore[];
  client: { id: string; name: string; company: string };
  project: { id: string; name: string } | null;
}

export function taxView(tax: StoredTax): TaxView {
  return { ...tax, rate: normalizeDecimalText(tax.rate) };
}

export function discountView(kind: 'percent' | 'fixed' | null, value: string | null): DiscountInput | null {
  const discount = discountOf(kind, value);
  return discount && { kind: discount.kind, value: normalizeDecimalText(discount.value) };
}

export function totalsView(totals: InvoiceTotals): TotalsView {
  const money = (minor: bigint) => formatMinor(minor, totals.exponent);
  return {
    subtotal: money(totals.subtotal),
    lineDiscountTotal: money(totals.lineDiscountTotal),
    invoiceDiscount: money(totals.invoiceDiscount),
    discountTotal: money(totals.discountTotal),
    taxes: totals.taxes.map((tax) => ({
      name: tax.name,
      rate: normalizeDecimalText(tax.rate),
      inclusive: tax.inclusive,
      compound: tax.compound,
      taxableBase: money(tax.taxableBase),
      amount: money(tax.amount),
    })),
    taxTotal: money(totals.taxTotal),
    inclusiveTaxTotal: money(totals.inclusiveTaxTotal),
    total: money(totals.total),
    amountPaid: money(totals.amountPaid),
    balanceDue: money(totals.balanceDue),
  };
}

/** Runs the totals engine over stored rows; `amountSettled` (paid, or credited) lowers the balance due. */
export function computeDocumentTotals(
  row: DocumentRowCore,
  lines: DocumentLineRowCore[],
  amountSettled = 0n,
): InvoiceTotals {
  return documentTotals({
    currency: row.currency,
    discount: discountOf(row.discount_kind, row.discount_value),
    taxes: row.taxes,
    taxRounding: row.tax_rounding,
    invoiceDiscountMode: row.invoice_discount_mode,
    amountPaid: amountSettled,
    lines: lines.map((line) => ({
      quantity: line.quantity,
      unitPrice: line.unit_price,
      discount: discountOf(line.discount_kind, line.discount_value),
      taxes: line.taxes,
    })),
  });
}

/** The shared part of a document's API shape, from its stored rows and the totals computed from them. */
export function documentBodyView(record: DocumentRecordCore, totals: InvoiceTotals): DocumentBodyView {
  const { row, lines } = record;
  const money = (minor: bigint) => formatMinor(minor, totals.exponent);
  return {
    client: record.client,
    project: record.project,
    currency: row.currency,
    issueDate: row.issue_date,
    lines: lines.map((line, index) => {
      const lineTotals = totals.lines[index]!;
      return {
        id: line.id,
        description: line.description,
        quantity: normalizeDecimalText(line.quantity),
        unitPrice: normalizeDecimalText(line.unit_price, Math.min(totals.exponent, 2)),
        unit: line.unit ?? null,
        itemId: line.item_id ?? null,
        itemCode: line.item_code ?? '',
        discount: discountView(line.discount_kind, line.discount_value),
        taxes: line.taxes.map(taxView),
        amount: money(lineTotals.amount),
        discountAmount: money(lineTotals.discount),
        amountAfterDiscount: money(lineTotals.afterLineDiscount),
        netAmount: money(lineTotals.net),
      };
    }),
    discount: discountView(row.discount_kind, row.discount_value),
    taxes: row.taxes.map(taxView),
    notes: row.notes,
    terms: row.terms,
    taxRounding: row.tax_rounding,
    invoiceDiscountMode: row.invoice_discount_mode,
    totals: totalsView(totals),
  };
}
