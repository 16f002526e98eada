/**
 * VAT categories of EN 16931 (UNCL5305 subset used by the norm, BT-95/BT-102/BT-118/BT-151) and the VATEX
 * exemption reason codes (BT-121) that go with them. Each category decides whether a rate is charged, whether an
 * exemption reason must be given, and which party identifiers the invoice must carry (BR-S/Z/E/AE/IC/G/O/AF/AG).
 */

export const VAT_CATEGORY_CODES = ['S', 'Z', 'E', 'AE', 'K', 'G', 'O', 'L', 'M'] as const;
export type VatCategoryCode = (typeof VAT_CATEGORY_CODES)[number];

export interface VatCategory {
  code: VatCategoryCode;
  label: string;
  /** The rate must be 0 (Z, E, AE, K, G) or absent on lines (O). */
  zeroRate: boolean;
  /** The rate must be above 0 (S). */
  positiveRate: boolean;
  /** BT-120 or BT-121 must be given (BR-E-10, BR-AE-10, BR-IC-10, BR-G-10, BR-O-10). */
  needsExemptionReason: boolean;
  /** An exemption reason must not be given (BR-S-10, BR-Z-10, BR-AF-10, BR-AG-10). */
  forbidsExemptionReason: boolean;
  /** Which seller identifier the category needs: VAT id or tax registration, VAT id only, or none. */
  sellerId: 'vat_or_tax_registration' | 'vat' | 'none';
  /** The buyer's VAT id (AE also accepts the buyer's legal registration id, BR-AE-02). */
  buyerVatId: 'required' | 'required_or_legal_id' | 'no';
  /** The VATEX code suggested when the user gives none. */
  defaultExemptionCode: string | null;
}

export const VAT_CATEGORIES: Readonly<Record<VatCategoryCode, VatCategory>> = Object.freeze({
  S: cat('S', 'Standard rate', { positiveRate: true, forbidsExemptionReason: true }),
  Z: cat('Z', 'Zero rated goods', { zeroRate: true, forbidsExemptionReason: true }),
  E: cat('E', 'Exempt from VAT', { zeroRate: true, needsExemptionReason: true }),
  AE: cat('AE', 'VAT reverse charge', {
    zeroRate: true,
    needsExemptionReason: true,
    buyerVatId: 'required_or_legal_id',
    defaultExemptionCode: 'VATEX-EU-AE',
  }),
  K: cat('K', 'Intra-community supply (no VAT charged in the EEA)', {
    zeroRate: true,
    needsExemptionReason: true,
    sellerId: 'vat',
    buyerVatId: 'required',
    defaultExemptionCode: 'VATEX-EU-IC',
  }),
  G: cat('G', 'Export outside the EU (free export item, VAT not charged)', {
    zeroRate: true,
    needsExemptionReason: true,
    sellerId: 'vat',
    defaultExemptionCode: 'VATEX-EU-G',
  }),
  O: cat('O', 'Services outside scope of tax', {
    zeroRate: true,
    needsExemptionReason: true,
    sellerId: 'none',
    defaultExemptionCode: 'VATEX-EU-O',
  }),
  L: cat('L', 'Canary Islands general indirect tax (IGIC)', { forbidsExemptionReason: true }),
  M: cat('M', 'Tax for production, services and importation in Ceuta and Melilla (IPSI)', {
    forbidsExemptionReason: true,
  }),
});

function cat(
  code: VatCategoryCode,
  label: string,
  rules: Partial<Omit<VatCategory, 'code' | 'label'>>,
): VatCategory {
  return Object.freeze({
    code,
    label,
    zeroRate: false,
    positiveRate: false,
    needsExemptionReason: false,
    forbidsExemptionReason: false,
    sellerId: 'vat_or_tax_registration',
    buyerVatId: 'no',
    defaultExemptionCode: null,
    ...rules,
  });
}

export function isVatCategoryCode(code: unknown): code is VatCategoryCode {
  return typeof code === 'string' && (VAT_CATEGORY_CODES as readonly string[]).includes(code);
}

/** Subset of the CEF VATEX code list (BT-121) that small businesses meet, with the words of the list. */
export const VATEX_CODES: Readonly<Record<string, { label: string; category: VatCategoryCode }>> =
  Object.freeze({
    'VATEX-EU-79-C': {
      label: 'Exempt based on article 79, point c of Council Directive 2006/112/EC',
      category: 'E',
    },
    'VATEX-EU-132': { label: 'Exempt based on article 132 of Council Directive 2006/112/EC', category: 'E' },
    'VATEX-EU-132-1A': {
      label: 'Exempt based on article 132, section 1 (a) (postal services)',
      category: 'E',
    },
    'VATEX-EU-132-1B': {
      label: 'Exempt based on article 132, section 1 (b) (hospital and medical care)',
      category: 'E',
    },
    'VATEX-EU-132-1C': {
      label: 'Exempt based on article 132, section 1 (c) (medical professions)',
      category: 'E',
    },
    'VATEX-EU-132-1I': { label: 'Exempt based on article 132, section 1 (i) (education)', category: 'E' },
    'VATEX-EU-135-1B': { label: 'Exempt based on article 135, section 1 (b) (credit)', category: 'E' },
    'VATEX-EU-135-1L': {
      label: 'Exempt based on article 135, section 1 (l) (letting of immovable property)',
      category: 'E',
    },
    'VATEX-EU-143': {
      label: 'Exempt based on article 143 of Council Directive 2006/112/EC (imports)',
      category: 'E',
    },
    'VATEX-EU-148': {
      label: 'Exempt based on article 148 of Council Directive 2006/112/EC (international transport)',
      category: 'E',
    },
    'VATEX-EU-309': {
      label: 'Exempt based on article 309 of Council Directive 2006/112/EC (travel agents)',
      category: 'E',
    },
    'VATEX-EU-D': { label: 'Intra-community acquisition from second hand means of transport', category: 'E' },
    'VATEX-EU-F': { label: 'Intra-community acquisition of second hand goods', category: 'E' },
    'VATEX-EU-I': { label: 'Intra-community acquisition of works of art', category: 'E' },
    'VATEX-EU-J': { label: 'Intra-community acquisition of collectors items and antiques', category: 'E' },
    'VATEX-EU-AE': { label: 'Reverse charge', category: 'AE' },
    'VATEX-EU-IC': { label: 'Intra-community supply', category: 'K' },
    'VATEX-EU-G': { label: 'Export outside the EU', category: 'G' },
    'VATEX-EU-O': { label: 'Not subject to VAT', category: 'O' },
    'VATEX-FR-FRANCHISE': { label: 'France domestic VAT franchise in base', category: 'E' },
    'VATEX-FR-CNWVAT': {
      label: 'France domestic Credit Notes without VAT, due to supplier forfeit of VAT for discount',
      category: 'E',
    },
  });

/** Whether a VATEX code is known (codes are case-insensitive in the CEF list; we keep them upper case). */
export function isVatexCode(code: string): boolean {
  return Object.hasOwn(VATEX_CODES, code.toUpperCase());
}
