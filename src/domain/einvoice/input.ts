/**
 * What Remit hands the e-invoice builder: the document exactly as the totals engine takes it (TotalsInput), each
 * tax tagged with its VAT category, plus the parties, references and payment instructions. The data model and the
 * API fill this; nothing here reads a database.
 */
import type { LineInput, TaxInput, TotalsInput } from '../totals.ts';
import type { VatCategoryCode } from './vat-category.ts';

/** The VAT side of a Remit tax rate. A tax without it is not VAT (a sales tax) and cannot go in an e-invoice. */
export interface EInvoiceVatInput {
  category: VatCategoryCode;
  /** BT-120, e.g. "Exempt under §4 Nr. 14 UStG". */
  exemptionReason?: string | null;
  /** BT-121, a VATEX code such as "VATEX-EU-AE". */
  exemptionReasonCode?: string | null;
}

export interface EInvoiceTaxInput extends TaxInput {
  vat?: EInvoiceVatInput | null;
}

export interface EInvoiceLineInput extends LineInput {
  /** BT-153 */
  name: string;
  /** BT-154 */
  description?: string | null;
  /** BT-130, UN/ECE Rec 20 (default C62). */
  unitCode?: string | null;
  /** BT-155 */
  sellerItemId?: string | null;
  taxes: EInvoiceTaxInput[];
}

export interface EInvoiceAddressInput {
  /** Street lines, at most three. */
  lines?: string[];
  city?: string | null;
  postalCode?: string | null;
  subdivision?: string | null;
  /** ISO 3166-1 alpha-2. */
  country?: string | null;
}

export interface EInvoiceIdInput {
  id: string;
  /** ISO 6523 ICD (BT-29/30/46/47) or EAS code (BT-34/49: 0088 GLN, 0208 BE enterprise number, 9930 DE VAT, EM email). */
  scheme?: string | null;
}

export interface EInvoicePartyInput {
  name: string;
  tradingName?: string | null;
  identifier?: EInvoiceIdInput | null;
  legalRegistrationId?: EInvoiceIdInput | null;
  vatId?: string | null;
  electronicAddress?: EInvoiceIdInput | null;
  address: EInvoiceAddressInput;
  contact?: { name?: string | null; phone?: string | null; email?: string | null } | null;
}

export interface EInvoiceSellerInput extends EInvoicePartyInput {
  /** BT-32: national tax number. */
  taxRegistrationId?: string | null;
}

export interface EInvoicePaymentMeansInput {
  /** UNCL4461: 30 credit transfer, 58 SEPA credit transfer, 48 or 54 card, 68 online payment service ... */
  code: string;
  iban?: string | null;
  bic?: string | null;
  accountName?: string | null;
  /** BT-83; defaults to the document number. */
  reference?: string | null;
}

export interface EInvoiceDocumentInput extends TotalsInput {
  kind: 'invoice' | 'credit_note';
  number: string;
  /** YYYY-MM-DD */
  issueDate: string;
  dueDate?: string | null;
  lines: EInvoiceLineInput[];
  /** Document-level taxes, applying to every line as in the totals engine. */
  taxes: EInvoiceTaxInput[];
  /** BT-10: buyer reference, a Leitweg-ID for German public buyers. */
  buyerReference?: string | null;
  /** BT-13: purchase order reference. */
  orderReference?: string | null;
  /** BT-20 */
  paymentTerms?: string | null;
  /** BT-22 */
  note?: string | null;
  /** BG-3: the invoice a credit note corrects. */
  precedingInvoice?: { number: string; issueDate?: string | null } | null;
  /** BT-72: when the goods or services were delivered (intra-community supply needs it). */
  deliveryDate?: string | null;
  /** BG-15: where the goods went; for an intra-community supply it defaults to the buyer's address. */
  deliveryAddress?: EInvoiceAddressInput | null;
}

export interface EInvoiceInput {
  document: EInvoiceDocumentInput;
  seller: EInvoiceSellerInput;
  buyer: EInvoicePartyInput;
  paymentMeans?: EInvoicePaymentMeansInput | null;
}

/** One reason an e-invoice cannot be produced: a code, the field at fault and words a bookkeeper understands. */
export interface EInvoiceProblem {
  code: string;
  field: string;
  message: string;
}
