/**
 * UN/CEFACT Cross Industry Invoice (CII D16B) from the EN 16931 model, following the CEN syntax binding
 * (EN 16931-3-3): type code 380 or 381, profile EN 16931, XRechnung 3.0 (CII), or Factur-X 1.0 profile EN 16931
 * (the XML a Factur-X PDF embeds as factur-x.xml). Elements come in the order the D16B schema requires.
 */
import { create } from 'xmlbuilder2';
import type { EInvoice, Line, Party, PostalAddress, VatTreatment } from './model.ts';
import { businessProcessId, type EInvoiceProfile, specificationId } from './profiles.ts';
import { amountText, date102, leaf, optional, type XMLBuilder } from './xml-values.ts';

export type CiiProfile = Exclude<EInvoiceProfile, 'peppol'>;

const NS = {
  rsm: 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100',
  ram: 'urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100',
  qdt: 'urn:un:unece:uncefact:data:standard:QualifiedDataType:100',
  udt: 'urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100',
};

function dateTime(parent: XMLBuilder, name: string, isoDate: string): void {
  parent.ele(name).ele('udt:DateTimeString', { format: '102' }).txt(date102(isoDate));
}

function indicator(parent: XMLBuilder, value: boolean): void {
  parent.ele('ram:ChargeIndicator').ele('udt:Indicator').txt(String(value));
}

function address(parent: XMLBuilder, value: PostalAddress): void {
  const node = parent.ele('ram:PostalTradeAddress');
  optional(node, 'ram:PostcodeCode', value.postalCode);
  optional(node, 'ram:LineOne', value.lines[0]);
  optional(node, 'ram:LineTwo', value.lines[1]);
  optional(node, 'ram:LineThree', value.lines[2]);
  optional(node, 'ram:CityName', value.city);
  leaf(node, 'ram:CountryID', value.country);
  optional(node, 'ram:CountrySubDivisionName', value.subdivision);
}

function party(parent: XMLBuilder, name: string, value: Party, taxRegistrationId: string | null): void {
  const node = parent.ele(name);
  const id = value.identifier;
  if (id) {
    // A scheme-qualified identifier is a global id (GLN, DUNS ...); a plain one is the seller's own.
    if (id.scheme) leaf(node, 'ram:GlobalID', id.id, { schemeID: id.scheme });
    else leaf(node, 'ram:ID', id.id);
  }
  leaf(node, 'ram:Name', value.name);
  if (value.legalRegistrationId || value.tradingName) {
    const legal = node.ele('ram:SpecifiedLegalOrganization');
    const reg = value.legalRegistrationId;
    if (reg) leaf(legal, 'ram:ID', reg.id, reg.scheme ? { schemeID: reg.scheme } : {});
    optional(legal, 'ram:TradingBusinessName', value.tradingName);
  }
  if (value.contact) {
    const contact = node.ele('ram:DefinedTradeContact');
    optional(contact, 'ram:PersonName', value.contact.name);
    if (value.contact.phone)
      contact.ele('ram:TelephoneUniversalCommunication').ele('ram:CompleteNumber').txt(value.contact.phone);
    if (value.contact.email)
      contact.ele('ram:EmailURIUniversalCommunication').ele('ram:URIID').txt(value.contact.email);
  }
  address(node, value.address);
  const endpoint = value.electronicAddress;
  if (endpoint) {
    node
      .ele('ram:URIUniversalCommunication')
      .ele('ram:URIID', endpoint.scheme ? { schemeID: endpoint.scheme } : {})
      .txt(endpoint.id);
  }
  if (value.vatId)
    node.ele('ram:SpecifiedTaxRegistration').ele('ram:ID', { schemeID: 'VA' }).txt(value.vatId);
  if (taxRegistrationId)
    node.ele('ram:SpecifiedTaxRegistration').ele('ram:ID', { schemeID: 'FC' }).txt(taxRegistrationId);
}

function categoryTax(parent: XMLBuilder, name: string, vat: VatTreatment): void {
  const node = parent.ele(name);
  leaf(node, 'ram:TypeCode', 'VAT');
  leaf(node, 'ram:CategoryCode', vat.category);
  optional(node, 'ram:RateApplicablePercent', vat.rate);
}

function line(parent: XMLBuilder, invoice: EInvoice, value: Line): void {
  const amount = (minor: bigint): string => amountText(minor, invoice.exponent);
  const node = parent.ele('ram:IncludedSupplyChainTradeLineItem');
  node.ele('ram:AssociatedDocumentLineDocument').ele('ram:LineID').txt(value.id);
  const product = node.ele('ram:SpecifiedTradeProduct');
  optional(product, 'ram:SellerAssignedID', value.sellerItemId);
  leaf(product, 'ram:Name', value.name);
  optional(product, 'ram:Description', value.description);
  const price = node.ele('ram:SpecifiedLineTradeAgreement').ele('ram:NetPriceProductTradePrice');
  leaf(price, 'ram:ChargeAmount', value.price.netAmount);
  if (value.price.baseQuantity)
    leaf(price, 'ram:BasisQuantity', value.price.baseQuantity, { unitCode: value.unitCode });
  node
    .ele('ram:SpecifiedLineTradeDelivery')
    .ele('ram:BilledQuantity', { unitCode: value.unitCode })
    .txt(value.quantity);
  const settlement = node.ele('ram:SpecifiedLineTradeSettlement');
  categoryTax(settlement, 'ram:ApplicableTradeTax', value.vat);
  for (const allowance of value.allowances) {
    const a = settlement.ele('ram:SpecifiedTradeAllowanceCharge');
    indicator(a, false);
    leaf(a, 'ram:ActualAmount', amount(allowance.amount));
    leaf(a, 'ram:ReasonCode', allowance.reasonCode);
    leaf(a, 'ram:Reason', allowance.reason);
  }
  settlement
    .ele('ram:SpecifiedTradeSettlementLineMonetarySummation')
    .ele('ram:LineTotalAmount')
    .txt(amount(value.netAmount));
}

function settlement(transaction: XMLBuilder, invoice: EInvoice): void {
  const amount = (minor: bigint): string => amountText(minor, invoice.exponent);
  const node = transaction.ele('ram:ApplicableHeaderTradeSettlement');
  const means = invoice.paymentMeans;
  optional(node, 'ram:PaymentReference', means?.remittanceInformation);
  leaf(node, 'ram:InvoiceCurrencyCode', invoice.currency);
  if (means) {
    const m = node.ele('ram:SpecifiedTradeSettlementPaymentMeans');
    leaf(m, 'ram:TypeCode', means.code);
    const transfer = means.creditTransfer;
    if (transfer) {
      const account = m.ele('ram:PayeePartyCreditorFinancialAccount');
      leaf(account, 'ram:IBANID', transfer.accountId);
      optional(account, 'ram:AccountName', transfer.accountName);
      if (transfer.bic)
        m.ele('ram:PayeeSpecifiedCreditorFinancialInstitution').ele('ram:BICID').txt(transfer.bic);
    }
  }
  for (const b of invoice.vatBreakdown) {
    const tax = node.ele('ram:ApplicableTradeTax');
    leaf(tax, 'ram:CalculatedAmount', amount(b.taxAmount));
    leaf(tax, 'ram:TypeCode', 'VAT');
    optional(tax, 'ram:ExemptionReason', b.exemptionReason);
    leaf(tax, 'ram:BasisAmount', amount(b.taxableAmount));
    leaf(tax, 'ram:CategoryCode', b.category);
    optional(tax, 'ram:ExemptionReasonCode', b.exemptionReasonCode);
    leaf(tax, 'ram:RateApplicablePercent', b.rate);
  }
  const allowanceCharges = [
    ...invoice.allowances.map((a) => ({
      charge: false,
      amount: a.amount,
      code: a.reasonCode as string | null,
      reason: a.reason,
      vat: a.vat,
    })),
    ...invoice.charges.map((c) => ({
      charge: true,
      amount: c.amount,
      code: c.reasonCode,
      reason: c.reason,
      vat: c.vat,
    })),
  ];
  for (const ac of allowanceCharges) {
    const a = node.ele('ram:SpecifiedTradeAllowanceCharge');
    indicator(a, ac.charge);
    leaf(a, 'ram:ActualAmount', amount(ac.amount));
    optional(a, 'ram:ReasonCode', ac.code);
    leaf(a, 'ram:Reason', ac.reason);
    categoryTax(a, 'ram:CategoryTradeTax', ac.vat);
  }
  if (invoice.paymentTerms || invoice.dueDate) {
    const terms = node.ele('ram:SpecifiedTradePaymentTerms');
    optional(terms, 'ram:Description', invoice.paymentTerms);
    if (invoice.dueDate) dateTime(terms, 'ram:DueDateDateTime', invoice.dueDate);
  }
  const t = invoice.totals;
  const sums = node.ele('ram:SpecifiedTradeSettlementHeaderMonetarySummation');
  leaf(sums, 'ram:LineTotalAmount', amount(t.lineNetTotal));
  if (invoice.charges.length > 0) leaf(sums, 'ram:ChargeTotalAmount', amount(t.chargeTotal));
  if (invoice.allowances.length > 0) leaf(sums, 'ram:AllowanceTotalAmount', amount(t.allowanceTotal));
  leaf(sums, 'ram:TaxBasisTotalAmount', amount(t.taxExclusive));
  leaf(sums, 'ram:TaxTotalAmount', amount(t.vatTotal), { currencyID: invoice.currency });
  if (t.rounding !== 0n) leaf(sums, 'ram:RoundingAmount', amount(t.rounding));
  leaf(sums, 'ram:GrandTotalAmount', amount(t.taxInclusive));
  if (t.paid !== 0n) leaf(sums, 'ram:TotalPrepaidAmount', amount(t.paid));
  leaf(sums, 'ram:DuePayableAmount', amount(t.payable));
  for (const preceding of invoice.precedingInvoices) {
    const ref = node.ele('ram:InvoiceReferencedDocument');
    leaf(ref, 'ram:IssuerAssignedID', preceding.number);
    if (preceding.issueDate) {
      ref
        .ele('ram:FormattedIssueDateTime')
        .ele('qdt:DateTimeString', { format: '102' })
        .txt(date102(preceding.issueDate));
    }
  }
}

/** The CII XML of an e-invoice. */
export function toCii(invoice: EInvoice, profile: CiiProfile = 'en16931'): string {
  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  const root = doc.ele(NS.rsm, 'rsm:CrossIndustryInvoice', {
    'xmlns:rsm': NS.rsm,
    'xmlns:ram': NS.ram,
    'xmlns:qdt': NS.qdt,
    'xmlns:udt': NS.udt,
  });
  const context = root.ele('rsm:ExchangedDocumentContext');
  const process = businessProcessId(profile);
  if (process) context.ele('ram:BusinessProcessSpecifiedDocumentContextParameter').ele('ram:ID').txt(process);
  context.ele('ram:GuidelineSpecifiedDocumentContextParameter').ele('ram:ID').txt(specificationId(profile));
  const header = root.ele('rsm:ExchangedDocument');
  leaf(header, 'ram:ID', invoice.number);
  leaf(header, 'ram:TypeCode', invoice.typeCode);
  dateTime(header, 'ram:IssueDateTime', invoice.issueDate);
  for (const note of invoice.notes) header.ele('ram:IncludedNote').ele('ram:Content').txt(note);
  const transaction = root.ele('rsm:SupplyChainTradeTransaction');
  for (const value of invoice.lines) line(transaction, invoice, value);
  const agreement = transaction.ele('ram:ApplicableHeaderTradeAgreement');
  optional(agreement, 'ram:BuyerReference', invoice.buyerReference);
  party(agreement, 'ram:SellerTradeParty', invoice.seller, invoice.seller.taxRegistrationId);
  party(agreement, 'ram:BuyerTradeParty', invoice.buyer, null);
  if (invoice.orderReference)
    agreement.ele('ram:BuyerOrderReferencedDocument').ele('ram:IssuerAssignedID').txt(invoice.orderReference);
  const delivery = transaction.ele('ram:ApplicableHeaderTradeDelivery');
  if (invoice.delivery?.address) address(delivery.ele('ram:ShipToTradeParty'), invoice.delivery.address);
  if (invoice.delivery?.date) {
    const event = delivery.ele('ram:ActualDeliverySupplyChainEvent');
    dateTime(event, 'ram:OccurrenceDateTime', invoice.delivery.date);
  }
  settlement(transaction, invoice);
  return doc.end({ prettyPrint: true });
}
