/**
 * Seller (BG-4) and buyer (BG-7) of an e-invoice from the organisation's settings and the client's record
 * (migration 020). Empty texts stay empty: the builder names what a format needs and is missing.
 */
import type { ClientRow, SettingsRow } from '../../db/schema.ts';
import type {
  EInvoicePartyInput,
  EInvoiceProblem,
  EInvoiceSellerInput,
} from '../../domain/einvoice/input.ts';
import { countryNeedsReview } from './party-field-checks.ts';

function schemed(id: string, scheme: string) {
  return id.trim() ? { id: id.trim(), scheme: scheme.trim() || null } : null;
}

export function sellerFromSettings(settings: SettingsRow): EInvoiceSellerInput {
  const legalName = settings.legal_name.trim();
  const businessName = settings.business_name.trim();
  return {
    name: legalName || businessName,
    tradingName: legalName && businessName && legalName !== businessName ? businessName : null,
    legalRegistrationId: schemed(settings.legal_registration_id, settings.legal_registration_scheme),
    vatId: settings.vat_id || null,
    taxRegistrationId: settings.tax_registration_id || null,
    electronicAddress: schemed(settings.electronic_address, settings.electronic_address_scheme),
    address: {
      lines: [settings.address_line1, settings.address_line2],
      city: settings.city,
      postalCode: settings.postal_code,
      subdivision: settings.region,
      country: settings.country_code,
    },
    // The organisation's own phone and email stand in for a contact's when none is given.
    contact: {
      name: settings.contact_name,
      phone: settings.contact_phone || settings.phone,
      email: settings.contact_email || settings.email,
    },
  };
}

export function buyerFromClient(client: ClientRow): EInvoicePartyInput {
  return {
    name: client.company.trim() || client.name,
    vatId: client.vat_id || null,
    electronicAddress: schemed(client.electronic_address, client.electronic_address_scheme),
    address: {
      lines: [client.address_line1, client.address_line2],
      city: client.city,
      postalCode: client.postal_code,
      subdivision: client.region,
      country: client.country_code,
    },
  };
}

/** A typed country that could not be read says so, rather than "needs a country". */
export function explainCountries(
  problems: EInvoiceProblem[],
  settings: SettingsRow,
  client: ClientRow,
): EInvoiceProblem[] {
  return problems.map((problem) => {
    if (
      problem.code === 'seller_country_missing' &&
      countryNeedsReview(settings.country, settings.country_code)
    ) {
      return {
        ...problem,
        message: `Your organisation's country "${settings.country}" is not recognised as a country; choose it from the list in Settings.`,
      };
    }
    if (problem.code === 'buyer_country_missing' && countryNeedsReview(client.country, client.country_code)) {
      return {
        ...problem,
        message: `The client's country "${client.country}" is not recognised as a country; choose it from the list on the client.`,
      };
    }
    return problem;
  });
}
