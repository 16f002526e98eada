/**
 * The EN 16931 semantic model: the business terms (BT-n) and groups (BG-n) of the European norm that Remit fills,
 * independent of any syntax. build-model.ts produces it from a Remit document; ubl.ts and cii.ts write it out.
 *
 * Amounts are bigint counts of the document currency's minor unit (`exponent` digits, 2 or 0); prices and
 * quantities are exact decimal texts; dates are ISO `YYYY-MM-DD`; countries ISO 3166-1 alpha-2.
 */
import type { VatCategoryCode } from './vat-category.ts';

/** BT-3: 380 commercial invoice, 381 credit note. */
export type DocumentTypeCode = '380' | '381';

/** An identifier with its scheme (ISO 6523 ICD for BT-29/30/46/47, EAS for BT-34/49). */
export interface SchemedId {
  id: string;
  scheme: string | null;
}

/** BG-5 / BG-8: postal address. */
export interface PostalAddress {
  /** BT-35/50, BT-36/51, BT-162/163: street lines, at most three. */
  lines: string[];
  /** BT-37 / BT-52 */
  city: string | null;
  /** BT-38 / BT-53 */
  postalCode: string | null;
  /** BT-39 / BT-54 */
  subdivision: string | null;
  /** BT-40 / BT-55 */
  country: string;
}

/** BG-6 / BG-9: contact. */
export interface Contact {
  /** BT-41 / BT-56 */
  name: string | null;
  /** BT-42 / BT-57 */
  phone: string | null;
  /** BT-43 / BT-58 */
  email: string | null;
}

/** BG-4 seller / BG-7 buyer. */
export interface Party {
  /** BT-27 / BT-44: legal name. */
  name: string;
  /** BT-28 / BT-45: trading name, when different. */
  tradingName: string | null;
  /** BT-29 / BT-46: identifier. */
  identifier: SchemedId | null;
  /** BT-30 / BT-47: legal registration identifier. */
  legalRegistrationId: SchemedId | null;
  /** BT-31 / BT-48: VAT identifier with its country prefix. */
  vatId: string | null;
  /** BT-34 / BT-49: electronic address with its EAS scheme. */
  electronicAddress: SchemedId | null;
  /** BG-5 / BG-8 */
  address: PostalAddress;
  /** BG-6 / BG-9 */
  contact: Contact | null;
}

export interface Seller extends Party {
  /** BT-32: tax registration identifier (a national tax number, not the VAT id). */
  taxRegistrationId: string | null;
}

export type Buyer = Party;

/** BG-3: preceding invoice reference. */
export interface PrecedingInvoice {
  /** BT-25 */
  number: string;
  /** BT-26 */
  issueDate: string | null;
}

/** BG-13: delivery information. */
export interface Delivery {
  /** BT-72: actual delivery date. */
  date: string | null;
  /** BG-15: deliver to address (BT-75..80). */
  address: PostalAddress | null;
}

/** BG-16: payment instructions. */
export interface PaymentMeans {
  /** BT-81: UNCL4461 code (30 credit transfer, 58 SEPA credit transfer, 48/54 card, 68 online ...). */
  code: string;
  /** BT-83: remittance information (the reference the payer quotes). */
  remittanceInformation: string | null;
  /** BG-17: credit transfer. */
  creditTransfer: {
    /** BT-84: IBAN (or other account id). */
    accountId: string;
    /** BT-85 */
    accountName: string | null;
    /** BT-86: BIC. */
    bic: string | null;
  } | null;
}

/** The VAT of a line, allowance or breakdown: BT-151/152, BT-95/96, BT-118/119. */
export interface VatTreatment {
  category: VatCategoryCode;
  /** Rate in percent as decimal text; null for category O (BR-O-05..07). */
  rate: string | null;
}

/** BG-20: document level allowance (BT-92..98). Remit's invoice discount, one per VAT category and rate. */
export interface DocumentAllowance {
  /** BT-92 */
  amount: bigint;
  /** BT-95, BT-96 */
  vat: VatTreatment;
  /** BT-97 */
  reason: string;
  /** BT-98: UNCL5189 (95 discount). */
  reasonCode: string;
}

/** BG-21: document level charge (BT-99..105). */
export interface DocumentCharge {
  /** BT-99 */
  amount: bigint;
  /** BT-102, BT-103 */
  vat: VatTreatment;
  /** BT-104 */
  reason: string;
  /** BT-105: UNCL7161. */
  reasonCode: string | null;
}

/** BG-27: line allowance (BT-136, BT-139, BT-140). */
export interface LineAllowance {
  amount: bigint;
  reason: string;
  reasonCode: string;
}

/** BG-29: price details. */
export interface Price {
  /** BT-146: item net price, never negative (BR-27), exact decimal text. */
  netAmount: string;
  /** BT-149: item price base quantity, when the price is not per one unit. */
  baseQuantity: string | null;
}

/** BG-25: invoice line. */
export interface Line {
  /** BT-126 */
  id: string;
  /** BT-129: invoiced quantity, exact decimal text (negative for a returned item). */
  quantity: string;
  /** BT-130: UN/ECE Rec 20 unit code. */
  unitCode: string;
  /** BT-131: line net amount (quantity × net price − line allowances). */
  netAmount: bigint;
  /** BG-27 */
  allowances: LineAllowance[];
  /** BG-29 */
  price: Price;
  /** BG-30: BT-151 category, BT-152 rate. */
  vat: VatTreatment;
  /** BT-153 */
  name: string;
  /** BT-154 */
  description: string | null;
  /** BT-155 */
  sellerItemId: string | null;
}

/** BG-22: document totals. */
export interface DocumentTotals {
  /** BT-106: sum of line net amounts (BR-CO-10). */
  lineNetTotal: bigint;
  /** BT-107: sum of document allowances (BR-CO-11). */
  allowanceTotal: bigint;
  /** BT-108: sum of document charges (BR-CO-12). */
  chargeTotal: bigint;
  /** BT-109: BT-106 − BT-107 + BT-108 (BR-CO-13). */
  taxExclusive: bigint;
  /** BT-110: sum of VAT breakdown amounts (BR-CO-14). */
  vatTotal: bigint;
  /** BT-112: BT-109 + BT-110 (BR-CO-15). */
  taxInclusive: bigint;
  /** BT-113: paid amount. */
  paid: bigint;
  /** BT-114: rounding amount (always 0 in Remit: totals are exact in the minor unit). */
  rounding: bigint;
  /** BT-115: BT-112 − BT-113 + BT-114 (BR-CO-16). */
  payable: bigint;
}

/** BG-23: VAT breakdown, one per category and rate. */
export interface VatBreakdown {
  /** BT-116 */
  taxableAmount: bigint;
  /** BT-117 */
  taxAmount: bigint;
  /** BT-118, BT-119 (a breakdown always carries a rate; 0 for O, as XRechnung's BR-DE-14 asks). */
  category: VatCategoryCode;
  rate: string;
  /** BT-120 */
  exemptionReason: string | null;
  /** BT-121: VATEX code. */
  exemptionReasonCode: string | null;
}

/** BG-0: the invoice. */
export interface EInvoice {
  /** Minor-unit digits of BT-5 (2, or 0 for JPY). */
  exponent: number;
  /** BT-1 */
  number: string;
  /** BT-2 */
  issueDate: string;
  /** BT-3 */
  typeCode: DocumentTypeCode;
  /** BT-5 */
  currency: string;
  /** BT-9 */
  dueDate: string | null;
  /** BT-10 (a Leitweg-ID for German public buyers) */
  buyerReference: string | null;
  /** BT-13 */
  orderReference: string | null;
  /** BT-20 */
  paymentTerms: string | null;
  /** BG-1: BT-22 notes. */
  notes: string[];
  /** BG-3 */
  precedingInvoices: PrecedingInvoice[];
  /** BG-4 */
  seller: Seller;
  /** BG-7 */
  buyer: Buyer;
  /** BG-13 */
  delivery: Delivery | null;
  /** BG-16 */
  paymentMeans: PaymentMeans | null;
  /** BG-20 */
  allowances: DocumentAllowance[];
  /** BG-21 */
  charges: DocumentCharge[];
  /** BG-22 */
  totals: DocumentTotals;
  /** BG-23 */
  vatBreakdown: VatBreakdown[];
  /** BG-25 */
  lines: Line[];
}
