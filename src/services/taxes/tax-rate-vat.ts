/**
 * The VAT side of a tax rate (migration 020): its category (UNCL5305; null for a tax that is not VAT, such as a
 * US sales tax), exemption reason (BT-120) and VATEX code (BT-121). Checked when saved, with the rules e-invoices
 * apply (vat-category.ts): Z, E, AE, K, G and O charge 0 %, S more than 0 %; E needs a reason or VATEX code; S, Z,
 * L and M take no reason; a VAT is never compound.
 */
import {
  isVatCategoryCode,
  isVatexCode,
  VAT_CATEGORIES,
  VATEX_CODES,
} from '../../domain/einvoice/vat-category.ts';
import { ValidationError } from '../../domain/errors.ts';

export interface TaxRateVatInput {
  vatCategory?: string | null;
  exemptionReason?: string;
  vatexCode?: string | null;
}

export interface TaxRateVatState {
  rate: string;
  compound: boolean;
  vatCategory: string | null;
  exemptionReason: string;
  vatexCode: string | null;
}

function isZero(rate: string): boolean {
  return /^0*(\.0*)?$/.test(rate.trim());
}

/** Normalises the VAT fields of a rate as it will be saved and refuses a combination e-invoices cannot carry. */
export function checkTaxRateVat(state: TaxRateVatState): TaxRateVatState {
  const vatCategory = state.vatCategory?.trim().toUpperCase() || null;
  const exemptionReason = state.exemptionReason.trim();
  const vatexCode = state.vatexCode?.trim().toUpperCase() || null;
  if (vatCategory === null) {
    if (exemptionReason !== '' || vatexCode !== null) {
      throw new ValidationError(
        'vatCategory',
        'Choose the VAT category this exemption belongs to (or remove the exemption reason)',
      );
    }
    return { ...state, vatCategory, exemptionReason, vatexCode };
  }
  if (!isVatCategoryCode(vatCategory)) {
    throw new ValidationError(
      'vatCategory',
      `"${state.vatCategory}" is not a VAT category: S standard, Z zero rated, E exempt, AE reverse charge, K intra-community supply, G export, O not subject to VAT, L Canary Islands, M Ceuta and Melilla`,
    );
  }
  const category = VAT_CATEGORIES[vatCategory];
  if (state.compound) {
    throw new ValidationError(
      'compound',
      'A VAT rate is charged on the net amount only; it cannot be compound',
    );
  }
  if (category.zeroRate && !isZero(state.rate)) {
    throw new ValidationError('rate', `"${category.label}" charges no VAT: the rate must be 0`);
  }
  if (category.positiveRate && isZero(state.rate)) {
    throw new ValidationError(
      'rate',
      'A standard rate VAT must be above 0 %; for goods or services taxed at 0 % choose Zero rated (Z) or Exempt (E)',
    );
  }
  if (category.forbidsExemptionReason && (exemptionReason !== '' || vatexCode !== null)) {
    throw new ValidationError(
      exemptionReason !== '' ? 'exemptionReason' : 'vatexCode',
      `"${category.label}" is not an exemption: leave the exemption reason and code empty`,
    );
  }
  if (vatexCode !== null) {
    if (!isVatexCode(vatexCode)) {
      throw new ValidationError(
        'vatexCode',
        `"${state.vatexCode}" is not a VATEX exemption code (e.g. VATEX-EU-AE, VATEX-EU-132-1I)`,
      );
    }
    const belongs = VATEX_CODES[vatexCode]?.category;
    if (belongs !== vatCategory) {
      throw new ValidationError(
        'vatexCode',
        `${vatexCode} ("${VATEX_CODES[vatexCode]?.label}") belongs to ${belongs ? VAT_CATEGORIES[belongs].label : 'another category'}, not to "${category.label}"`,
      );
    }
  }
  if (
    category.needsExemptionReason &&
    !category.defaultExemptionCode &&
    exemptionReason === '' &&
    vatexCode === null
  ) {
    throw new ValidationError(
      'exemptionReason',
      `"${category.label}" needs the reason for the exemption, as the law states it (e.g. "Exempt under Article 132(1)(i) of Directive 2006/112/EC"), or a VATEX code`,
    );
  }
  return { ...state, vatCategory, exemptionReason, vatexCode };
}
