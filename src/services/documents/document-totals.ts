import type { StoredTax } from '../../db/schema.ts';
import { computeTotals, type DiscountInput, type InvoiceTotals } from '../../domain/totals.ts';

export interface TotalsSource {
  currency: string;
  discount: DiscountInput | null;
  taxes: StoredTax[];
  taxRounding: 'per_document' | 'per_line';
  invoiceDiscountMode: 'before_tax' | 'after_tax';
  amountPaid: bigint;
  lines: { quantity: string; unitPrice: string; discount: DiscountInput | null; taxes: StoredTax[] }[];
}

const toTaxInput = (tax: StoredTax) => ({
  name: tax.name,
  rate: tax.rate,
  inclusive: tax.inclusive,
  compound: tax.compound,
});

/** The one place where a document's figures come from: the domain totals engine. */
export function documentTotals(source: TotalsSource): InvoiceTotals {
  return computeTotals({
    currency: source.currency,
    discount: source.discount,
    taxes: source.taxes.map(toTaxInput),
    amountPaid: source.amountPaid,
    settings: { taxRounding: source.taxRounding, invoiceDiscountMode: source.invoiceDiscountMode },
    lines: source.lines.map((line) => ({
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      discount: line.discount,
      taxes: line.taxes.map(toTaxInput),
    })),
  });
}

export function discountOf(kind: 'percent' | 'fixed' | null, value: string | null): DiscountInput | null {
  return kind && value !== null ? { kind, value } : null;
}
