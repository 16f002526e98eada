import type { TaxRateRow } from '../../db/schema.ts';
import { normalizeDecimalText } from '../decimal-text.ts';

export interface TaxRateView {
  id: string;
  name: string;
  rate: string;
  inclusive: boolean;
  compound: boolean;
  isDefault: boolean;
  archived: boolean;
  /** UNCL5305 VAT category; null: not a VAT (a sales tax), not usable in e-invoices. */
  vatCategory: string | null;
  exemptionReason: string;
  vatexCode: string | null;
}

export function toTaxRateView(row: TaxRateRow): TaxRateView {
  return {
    id: row.id,
    name: row.name,
    rate: normalizeDecimalText(row.rate),
    inclusive: row.inclusive,
    compound: row.compound,
    isDefault: row.is_default,
    archived: row.archived_at !== null,
    vatCategory: row.vat_category,
    exemptionReason: row.exemption_reason,
    vatexCode: row.vatex_code,
  };
}
