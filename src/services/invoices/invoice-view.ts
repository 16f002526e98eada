import type { StoredTax } from '../../db/schema.ts';
import { formatMinor } from '../../domain/currency.ts';
import { todayIn } from '../../domain/dates.ts';
import { effectiveStatus, type InvoiceStatus } from '../../domain/invoice-status.ts';
import type { DiscountInput, InvoiceTotals } from '../../domain/totals.ts';
import { normalizeDecimalText } from '../decimal-text.ts';
import { discountOf, invoiceTotals } from './invoice-totals.ts';
import type { InvoiceRecord } from './load-invoice.ts';

export interface TaxView {
  taxRateId: string | null;
  name: string;
  rate: string;
  inclusive: boolean;
  compound: boolean;
}

export interface InvoiceLineView {
  id: string;
  description: string;
  quantity: string;
  unitPrice: string;
  /** UN/ECE Rec 20 code; null: no unit. */
  unit: string | null;
  itemId: string | null;
  discount: DiscountInput | null;
  taxes: TaxView[];
  amount: string;
  discountAmount: string;
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

export interface InvoiceView {
  id: string;
  number: string | null;
  status: InvoiceStatus;
  client: { id: string; name: string; company: string };
  project: { id: string; name: string } | null;
  currency: string;
  issueDate: string;
  dueDate: string;
  paymentTerms: string;
  lines: InvoiceLineView[];
  discount: DiscountInput | null;
  taxes: TaxView[];
  notes: string;
  terms: string;
  taxRounding: 'per_document' | 'per_line';
  invoiceDiscountMode: 'before_tax' | 'after_tax';
  totals: TotalsView;
  sentAt: string | null;
  voidedAt: string | null;
  voidReason: string | null;
  createdAt: string;
  updatedAt: string;
}

function taxView(tax: StoredTax): TaxView {
  return { ...tax, rate: normalizeDecimalText(tax.rate) };
}

function discountView(kind: 'percent' | 'fixed' | null, value: string | null): DiscountInput | null {
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

export function computeRecordTotals(record: InvoiceRecord): InvoiceTotals {
  const { invoice, lines } = record;
  return invoiceTotals({
    currency: invoice.currency,
    discount: discountOf(invoice.discount_kind, invoice.discount_value),
    taxes: invoice.taxes,
    taxRounding: invoice.tax_rounding,
    invoiceDiscountMode: invoice.invoice_discount_mode,
    amountPaid: invoice.amount_paid_minor,
    lines: lines.map((line) => ({
      quantity: line.quantity,
      unitPrice: line.unit_price,
      discount: discountOf(line.discount_kind, line.discount_value),
      taxes: line.taxes,
    })),
  });
}

/** The API shape of an invoice; `now` in the organisation's time zone decides whether it is overdue today. */
export function toInvoiceView(record: InvoiceRecord, now: Date): InvoiceView {
  const { invoice, lines } = record;
  const totals = computeRecordTotals(record);
  const money = (minor: bigint) => formatMinor(minor, totals.exponent);
  return {
    id: invoice.id,
    number: invoice.number,
    status: effectiveStatus(
      invoice.status,
      invoice.due_date,
      todayIn(record.timeZone, now),
      totals.balanceDue,
    ),
    client: record.client,
    project: record.project,
    currency: invoice.currency,
    issueDate: invoice.issue_date,
    dueDate: invoice.due_date,
    paymentTerms: invoice.payment_terms,
    lines: lines.map((line, index) => {
      const lineTotals = totals.lines[index]!;
      return {
        id: line.id,
        description: line.description,
        quantity: normalizeDecimalText(line.quantity),
        unitPrice: normalizeDecimalText(line.unit_price, Math.min(totals.exponent, 2)),
        // Revisions stored before migration 015 have neither key.
        unit: line.unit ?? null,
        itemId: line.item_id ?? null,
        discount: discountView(line.discount_kind, line.discount_value),
        taxes: line.taxes.map(taxView),
        amount: money(lineTotals.amount),
        discountAmount: money(lineTotals.discount),
        netAmount: money(lineTotals.net),
      };
    }),
    discount: discountView(invoice.discount_kind, invoice.discount_value),
    taxes: invoice.taxes.map(taxView),
    notes: invoice.notes,
    terms: invoice.terms,
    taxRounding: invoice.tax_rounding,
    invoiceDiscountMode: invoice.invoice_discount_mode,
    totals: totalsView(totals),
    sentAt: invoice.sent_at?.toISOString() ?? null,
    voidedAt: invoice.voided_at?.toISOString() ?? null,
    voidReason: invoice.void_reason,
    createdAt: invoice.created_at.toISOString(),
    updatedAt: invoice.updated_at.toISOString(),
  };
}
