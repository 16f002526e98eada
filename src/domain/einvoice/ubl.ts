/**
 * UBL 2.1 Invoice and CreditNote from the EN 16931 model, following the CEN syntax binding (EN 16931-3-2) and,
 * as profiles, Peppol BIS Billing 3.0 and XRechnung 3.0 (UBL). Elements come in the order the UBL schema requires.
 */
import { create } from 'xmlbuilder2';
import type { EInvoice, Line, Party, PostalAddress, VatTreatment } from './model.ts';
import { businessProcessId, type EInvoiceProfile, specificationId } from './profiles.ts';
import { amountText, leaf, optional, type XMLBuilder } from './xml-values.ts';

export type UblProfile = Exclude<EInvoiceProfile, 'facturx'>;

const NS = {
  invoice: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  creditNote: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
};

interface Context {
  invoice: EInvoice;
  amount: (minor: bigint) => [string, Record<string, string>];
}

function address(parent: XMLBuilder, name: string, value: PostalAddress): void {
  const node = parent.ele(name);
  optional(node, 'cbc:StreetName', value.lines[0]);
  optional(node, 'cbc:AdditionalStreetName', value.lines[1]);
  optional(node, 'cbc:CityName', value.city);
  optional(node, 'cbc:PostalZone', value.postalCode);
  optional(node, 'cbc:CountrySubentity', value.subdivision);
  if (value.lines[2]) node.ele('cac:AddressLine').ele('cbc:Line').txt(value.lines[2]);
  node.ele('cac:Country').ele('cbc:IdentificationCode').txt(value.country);
}

function party(parent: XMLBuilder, name: string, value: Party, taxRegistrationId: string | null): void {
  const node = parent.ele(name).ele('cac:Party');
  const endpoint = value.electronicAddress;
  if (endpoint)
    leaf(node, 'cbc:EndpointID', endpoint.id, endpoint.scheme ? { schemeID: endpoint.scheme } : {});
  if (value.identifier) {
    const id = value.identifier;
    node
      .ele('cac:PartyIdentification')
      .ele('cbc:ID', id.scheme ? { schemeID: id.scheme } : {})
      .txt(id.id);
  }
  if (value.tradingName) node.ele('cac:PartyName').ele('cbc:Name').txt(value.tradingName);
  address(node, 'cac:PostalAddress', value.address);
  if (value.vatId) {
    const scheme = node.ele('cac:PartyTaxScheme');
    leaf(scheme, 'cbc:CompanyID', value.vatId);
    scheme.ele('cac:TaxScheme').ele('cbc:ID').txt('VAT');
  }
  if (taxRegistrationId) {
    const scheme = node.ele('cac:PartyTaxScheme');
    leaf(scheme, 'cbc:CompanyID', taxRegistrationId);
    // Any scheme other than VAT marks BT-32 (the tax registration identifier).
    scheme.ele('cac:TaxScheme').ele('cbc:ID').txt('FC');
  }
  const legal = node.ele('cac:PartyLegalEntity');
  leaf(legal, 'cbc:RegistrationName', value.name);
  if (value.legalRegistrationId) {
    const id = value.legalRegistrationId;
    leaf(legal, 'cbc:CompanyID', id.id, id.scheme ? { schemeID: id.scheme } : {});
  }
  if (value.contact) {
    const contact = node.ele('cac:Contact');
    optional(contact, 'cbc:Name', value.contact.name);
    optional(contact, 'cbc:Telephone', value.contact.phone);
    optional(contact, 'cbc:ElectronicMail', value.contact.email);
  }
}

function taxCategory(
  parent: XMLBuilder,
  name: string,
  vat: VatTreatment,
  exemption?: { reason: string | null; code: string | null },
): void {
  const node = parent.ele(name);
  leaf(node, 'cbc:ID', vat.category);
  optional(node, 'cbc:Percent', vat.rate);
  optional(node, 'cbc:TaxExemptionReasonCode', exemption?.code);
  optional(node, 'cbc:TaxExemptionReason', exemption?.reason);
  node.ele('cac:TaxScheme').ele('cbc:ID').txt('VAT');
}

function line(parent: XMLBuilder, ctx: Context, value: Line, credit: boolean): void {
  const node = parent.ele(credit ? 'cac:CreditNoteLine' : 'cac:InvoiceLine');
  leaf(node, 'cbc:ID', value.id);
  leaf(node, credit ? 'cbc:CreditedQuantity' : 'cbc:InvoicedQuantity', value.quantity, {
    unitCode: value.unitCode,
  });
  leaf(node, 'cbc:LineExtensionAmount', ...ctx.amount(value.netAmount));
  for (const allowance of value.allowances) {
    const a = node.ele('cac:AllowanceCharge');
    leaf(a, 'cbc:ChargeIndicator', 'false');
    leaf(a, 'cbc:AllowanceChargeReasonCode', allowance.reasonCode);
    leaf(a, 'cbc:AllowanceChargeReason', allowance.reason);
    leaf(a, 'cbc:Amount', ...ctx.amount(allowance.amount));
  }
  const item = node.ele('cac:Item');
  optional(item, 'cbc:Description', value.description);
  leaf(item, 'cbc:Name', value.name);
  if (value.sellerItemId) item.ele('cac:SellersItemIdentification').ele('cbc:ID').txt(value.sellerItemId);
  taxCategory(item, 'cac:ClassifiedTaxCategory', value.vat);
  const price = node.ele('cac:Price');
  leaf(price, 'cbc:PriceAmount', value.price.netAmount, { currencyID: ctx.invoice.currency });
  if (value.price.baseQuantity)
    leaf(price, 'cbc:BaseQuantity', value.price.baseQuantity, { unitCode: value.unitCode });
}

/** The UBL XML of an e-invoice: an Invoice for type 380, a CreditNote for 381. */
export function toUbl(invoice: EInvoice, profile: UblProfile = 'en16931'): string {
  const credit = invoice.typeCode === '381';
  const ctx: Context = {
    invoice,
    amount: (minor) => [amountText(minor, invoice.exponent), { currencyID: invoice.currency }],
  };
  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  const root = doc.ele(credit ? NS.creditNote : NS.invoice, credit ? 'CreditNote' : 'Invoice', {
    'xmlns:cac': NS.cac,
    'xmlns:cbc': NS.cbc,
  });
  leaf(root, 'cbc:CustomizationID', specificationId(profile));
  optional(root, 'cbc:ProfileID', businessProcessId(profile));
  leaf(root, 'cbc:ID', invoice.number);
  leaf(root, 'cbc:IssueDate', invoice.issueDate);
  if (!credit) optional(root, 'cbc:DueDate', invoice.dueDate);
  leaf(root, credit ? 'cbc:CreditNoteTypeCode' : 'cbc:InvoiceTypeCode', invoice.typeCode);
  for (const note of invoice.notes) leaf(root, 'cbc:Note', note);
  leaf(root, 'cbc:DocumentCurrencyCode', invoice.currency);
  optional(root, 'cbc:BuyerReference', invoice.buyerReference);
  if (invoice.orderReference) root.ele('cac:OrderReference').ele('cbc:ID').txt(invoice.orderReference);
  for (const preceding of invoice.precedingInvoices) {
    const ref = root.ele('cac:BillingReference').ele('cac:InvoiceDocumentReference');
    leaf(ref, 'cbc:ID', preceding.number);
    optional(ref, 'cbc:IssueDate', preceding.issueDate);
  }
  party(root, 'cac:AccountingSupplierParty', invoice.seller, invoice.seller.taxRegistrationId);
  party(root, 'cac:AccountingCustomerParty', invoice.buyer, null);
  if (invoice.delivery) {
    const delivery = root.ele('cac:Delivery');
    optional(delivery, 'cbc:ActualDeliveryDate', invoice.delivery.date);
    if (invoice.delivery.address)
      address(delivery.ele('cac:DeliveryLocation'), 'cac:Address', invoice.delivery.address);
  }
  const means = invoice.paymentMeans;
  if (means) {
    const node = root.ele('cac:PaymentMeans');
    leaf(node, 'cbc:PaymentMeansCode', means.code);
    // A UBL CreditNote has no DueDate of its own; BT-9 goes here (EN 16931-3-2).
    if (credit) optional(node, 'cbc:PaymentDueDate', invoice.dueDate);
    optional(node, 'cbc:PaymentID', means.remittanceInformation);
    if (means.creditTransfer) {
      const account = node.ele('cac:PayeeFinancialAccount');
      leaf(account, 'cbc:ID', means.creditTransfer.accountId);
      optional(account, 'cbc:Name', means.creditTransfer.accountName);
      if (means.creditTransfer.bic)
        account.ele('cac:FinancialInstitutionBranch').ele('cbc:ID').txt(means.creditTransfer.bic);
    }
  } else if (credit && invoice.dueDate) {
    // Without payment means, a credit note's due date still needs a PaymentMeans to live in; 1 = not defined.
    const node = root.ele('cac:PaymentMeans');
    leaf(node, 'cbc:PaymentMeansCode', '1');
    leaf(node, 'cbc:PaymentDueDate', invoice.dueDate);
  }
  if (invoice.paymentTerms) root.ele('cac:PaymentTerms').ele('cbc:Note').txt(invoice.paymentTerms);
  for (const allowance of invoice.allowances) {
    const node = root.ele('cac:AllowanceCharge');
    leaf(node, 'cbc:ChargeIndicator', 'false');
    leaf(node, 'cbc:AllowanceChargeReasonCode', allowance.reasonCode);
    leaf(node, 'cbc:AllowanceChargeReason', allowance.reason);
    leaf(node, 'cbc:Amount', ...ctx.amount(allowance.amount));
    taxCategory(node, 'cac:TaxCategory', allowance.vat);
  }
  for (const charge of invoice.charges) {
    const node = root.ele('cac:AllowanceCharge');
    leaf(node, 'cbc:ChargeIndicator', 'true');
    optional(node, 'cbc:AllowanceChargeReasonCode', charge.reasonCode);
    leaf(node, 'cbc:AllowanceChargeReason', charge.reason);
    leaf(node, 'cbc:Amount', ...ctx.amount(charge.amount));
    taxCategory(node, 'cac:TaxCategory', charge.vat);
  }
  const taxTotal = root.ele('cac:TaxTotal');
  leaf(taxTotal, 'cbc:TaxAmount', ...ctx.amount(invoice.totals.vatTotal));
  for (const breakdown of invoice.vatBreakdown) {
    const sub = taxTotal.ele('cac:TaxSubtotal');
    leaf(sub, 'cbc:TaxableAmount', ...ctx.amount(breakdown.taxableAmount));
    leaf(sub, 'cbc:TaxAmount', ...ctx.amount(breakdown.taxAmount));
    taxCategory(
      sub,
      'cac:TaxCategory',
      { category: breakdown.category, rate: breakdown.rate },
      {
        reason: breakdown.exemptionReason,
        code: breakdown.exemptionReasonCode,
      },
    );
  }
  const t = invoice.totals;
  const monetary = root.ele('cac:LegalMonetaryTotal');
  leaf(monetary, 'cbc:LineExtensionAmount', ...ctx.amount(t.lineNetTotal));
  leaf(monetary, 'cbc:TaxExclusiveAmount', ...ctx.amount(t.taxExclusive));
  leaf(monetary, 'cbc:TaxInclusiveAmount', ...ctx.amount(t.taxInclusive));
  if (invoice.allowances.length > 0)
    leaf(monetary, 'cbc:AllowanceTotalAmount', ...ctx.amount(t.allowanceTotal));
  if (invoice.charges.length > 0) leaf(monetary, 'cbc:ChargeTotalAmount', ...ctx.amount(t.chargeTotal));
  if (t.paid !== 0n) leaf(monetary, 'cbc:PrepaidAmount', ...ctx.amount(t.paid));
  if (t.rounding !== 0n) leaf(monetary, 'cbc:PayableRoundingAmount', ...ctx.amount(t.rounding));
  leaf(monetary, 'cbc:PayableAmount', ...ctx.amount(t.payable));
  for (const value of invoice.lines) line(root, ctx, value, credit);
  return doc.end({ prettyPrint: true });
}
