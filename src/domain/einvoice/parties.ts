/**
 * Seller (BG-4) and buyer (BG-7) from Remit's organisation and client: the checks the norm makes on them
 * (BR-06..11, BR-CO-09, BR-CO-26 and the VAT identifiers each VAT category needs) and their mapping to the model.
 */
import type { EInvoiceIdInput, EInvoicePartyInput, EInvoiceProblem, EInvoiceSellerInput } from './input.ts';
import type { Buyer, Party, PostalAddress, SchemedId, Seller } from './model.ts';
import { VAT_CATEGORIES, type VatCategoryCode } from './vat-category.ts';

const COUNTRY = /^[A-Z]{2}$/;
/** BR-CO-09: a VAT identifier starts with an ISO 3166-1 alpha-2 prefix (EL for Greece). */
const VAT_ID = /^[A-Z]{2}[0-9A-Za-z+*.]{2,13}$/;

function text(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

function schemed(value: EInvoiceIdInput | null | undefined): SchemedId | null {
  const id = text(value?.id);
  return id === null ? null : { id, scheme: text(value?.scheme) };
}

export function mapAddress(input: EInvoicePartyInput['address'] | undefined): PostalAddress {
  return {
    lines: (input?.lines ?? [])
      .map((l) => l.trim())
      .filter((l) => l !== '')
      .slice(0, 3),
    city: text(input?.city),
    postalCode: text(input?.postalCode),
    subdivision: text(input?.subdivision),
    country: text(input?.country)?.toUpperCase() ?? '',
  };
}

function party(input: EInvoicePartyInput, omitVatId: boolean): Party {
  const contact = input.contact
    ? { name: text(input.contact.name), phone: text(input.contact.phone), email: text(input.contact.email) }
    : null;
  return {
    name: input.name.trim(),
    tradingName: text(input.tradingName),
    identifier: schemed(input.identifier),
    legalRegistrationId: schemed(input.legalRegistrationId),
    vatId: omitVatId ? null : (text(input.vatId)?.replace(/\s+/g, '').toUpperCase() ?? null),
    electronicAddress: schemed(input.electronicAddress),
    address: mapAddress(input.address),
    contact: contact && (contact.name || contact.phone || contact.email) ? contact : null,
  };
}

/**
 * The parties as the model holds them. With VAT category O ("not subject to VAT") no VAT identifier may appear
 * (BR-O-02), so both are left out.
 */
export function mapParties(
  seller: EInvoiceSellerInput,
  buyer: EInvoicePartyInput,
  categories: ReadonlySet<VatCategoryCode>,
): { seller: Seller; buyer: Buyer } {
  const notSubject = categories.has('O');
  return {
    seller: { ...party(seller, notSubject), taxRegistrationId: text(seller.taxRegistrationId) },
    buyer: party(buyer, notSubject),
  };
}

function checkParty(
  input: EInvoicePartyInput | undefined,
  role: 'seller' | 'buyer',
  problems: EInvoiceProblem[],
): void {
  const who = role === 'seller' ? 'Your organisation' : 'The client';
  if (!text(input?.name)) {
    problems.push({ code: `${role}_name_missing`, field: `${role}.name`, message: `${who} needs a name.` });
  }
  const country = text(input?.address?.country)?.toUpperCase();
  if (!country || !COUNTRY.test(country)) {
    problems.push({
      code: `${role}_country_missing`,
      field: `${role}.address.country`,
      message: `${who} needs a country in its address (a two-letter ISO code such as DE, FR, BE).`,
    });
  }
  const vatId = text(input?.vatId)?.replace(/\s+/g, '').toUpperCase();
  if (vatId && !VAT_ID.test(vatId)) {
    problems.push({
      code: `${role}_vat_id_invalid`,
      field: `${role}.vatId`,
      message: `${who}'s VAT number "${vatId}" must start with its two-letter country prefix, e.g. DE123456789.`,
    });
  }
}

/** The checks on both parties, given the VAT categories the document uses. */
export function checkParties(
  seller: EInvoiceSellerInput | undefined,
  buyer: EInvoicePartyInput | undefined,
  categories: ReadonlySet<VatCategoryCode>,
): EInvoiceProblem[] {
  const problems: EInvoiceProblem[] = [];
  checkParty(seller, 'seller', problems);
  checkParty(buyer, 'buyer', problems);
  const sellerVat = text(seller?.vatId);
  const sellerTaxRegistration = text(seller?.taxRegistrationId);
  const buyerVat = text(buyer?.vatId);
  const buyerLegal = text(buyer?.legalRegistrationId?.id);
  for (const code of categories) {
    const category = VAT_CATEGORIES[code];
    if (category.sellerId === 'vat' && !sellerVat) {
      problems.push({
        code: 'seller_vat_id_missing',
        field: 'seller.vatId',
        message: `Your organisation's VAT number is missing; an invoice with "${category.label}" must show it.`,
      });
    } else if (category.sellerId === 'vat_or_tax_registration' && !sellerVat && !sellerTaxRegistration) {
      problems.push({
        code: 'seller_vat_id_missing',
        field: 'seller.vatId',
        message: `Your organisation's VAT number (or its tax number) is missing; an invoice with "${category.label}" must show one.`,
      });
    }
    if (category.buyerVatId === 'required' && !buyerVat) {
      problems.push({
        code: 'buyer_vat_id_missing',
        field: 'buyer.vatId',
        message: `The client's VAT number is missing; "${category.label}" is only possible for a buyer with a VAT number.`,
      });
    } else if (category.buyerVatId === 'required_or_legal_id' && !buyerVat && !buyerLegal) {
      problems.push({
        code: 'buyer_vat_id_missing',
        field: 'buyer.vatId',
        message: `The client's VAT number is missing; with "${category.label}" the client pays the VAT, so the invoice must identify them by VAT number (or company registration number).`,
      });
    }
  }
  if (categories.has('O') && categories.size > 1) {
    problems.push({
      code: 'not_subject_mixed',
      field: 'lines',
      message:
        'Lines "not subject to VAT" cannot share an e-invoice with lines that are subject to VAT; issue them on a separate invoice.',
    });
  }
  // BR-CO-26: the seller is identified by an identifier, a registration number or (outside category O) a VAT id.
  const vatCounts = !categories.has('O') && sellerVat;
  if (seller && !vatCounts && !text(seller.identifier?.id) && !text(seller.legalRegistrationId?.id)) {
    problems.push({
      code: 'seller_identifier_missing',
      field: 'seller.legalRegistrationId',
      message: categories.has('O')
        ? 'An invoice not subject to VAT must not show a VAT number, so your organisation needs its company registration number instead.'
        : "Your organisation needs a VAT number or a company registration number so the client's system can recognise you.",
    });
  }
  return problems;
}
