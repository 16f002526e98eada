/**
 * A stored document (invoice or credit note: the same body columns) as the e-invoice builder takes it: the totals
 * engine's input, each tax tagged with the VAT category of the tax rate it was taken from. Invoices keep a copy of
 * each tax (name, rate, flags) and the rate's id; the VAT category is read from that rate, archived or not. A tax
 * typed on the invoice without a saved rate has no category and is refused as "not VAT".
 */
import type { Trx } from '../../db/client.ts';
import type { StoredTax } from '../../db/schema.ts';
import type { EInvoiceLineInput, EInvoiceTaxInput, EInvoiceVatInput } from '../../domain/einvoice/input.ts';
import { isVatCategoryCode } from '../../domain/einvoice/vat-category.ts';
import { discountOf } from '../documents/document-totals.ts';

export type VatByRateId = ReadonlyMap<string, EInvoiceVatInput>;

interface StoredLine {
  description: string;
  quantity: string;
  unit_price: string;
  discount_kind: 'percent' | 'fixed' | null;
  discount_value: string | null;
  taxes: StoredTax[];
  unit: string | null;
  /** The catalogue item's code the line keeps (BT-155). */
  item_code?: string;
}

/** The VAT side of every saved tax rate the document's taxes came from. */
export async function loadVatByRateId(trx: Trx, taxLists: StoredTax[][]): Promise<VatByRateId> {
  const ids = [...new Set(taxLists.flat().flatMap((tax) => (tax.taxRateId ? [tax.taxRateId] : [])))];
  if (ids.length === 0) return new Map();
  const rows = await trx
    .selectFrom('tax_rates')
    .select(['id', 'vat_category', 'exemption_reason', 'vatex_code'])
    .where('id', 'in', ids)
    .execute();
  const map = new Map<string, EInvoiceVatInput>();
  for (const row of rows) {
    if (!isVatCategoryCode(row.vat_category)) continue;
    map.set(row.id, {
      category: row.vat_category,
      exemptionReason: row.exemption_reason || null,
      exemptionReasonCode: row.vatex_code,
    });
  }
  return map;
}

export function taxesWithVat(taxes: StoredTax[], vat: VatByRateId): EInvoiceTaxInput[] {
  return taxes.map((tax) => ({
    name: tax.name,
    rate: tax.rate,
    inclusive: tax.inclusive,
    compound: tax.compound,
    vat: tax.taxRateId ? (vat.get(tax.taxRateId) ?? null) : null,
  }));
}

/**
 * BT-153 is the description's first line; a longer description goes whole in BT-154. BT-155 is the code of the
 * catalogue item the line was filled from, as the line kept it.
 */
export function linesWithVat(lines: StoredLine[], vat: VatByRateId): EInvoiceLineInput[] {
  return lines.map((line) => {
    const description = line.description.trim();
    const firstLine = description.split('\n')[0]?.trim() ?? '';
    return {
      name: firstLine,
      description: description !== firstLine ? description : null,
      quantity: line.quantity,
      unitPrice: line.unit_price,
      discount: discountOf(line.discount_kind, line.discount_value),
      unitCode: line.unit,
      sellerItemId: line.item_code?.trim() || null,
      taxes: taxesWithVat(line.taxes, vat),
    };
  });
}
