import type { ClientRow, ContactRow, EInvoiceFormatPreference } from '../../db/schema.ts';
import { countryNeedsReview } from '../einvoice/party-field-checks.ts';

export interface ContactView {
  id: string;
  name: string;
  email: string;
  phone: string;
}

export interface ClientView {
  id: string;
  name: string;
  company: string;
  email: string;
  phone: string;
  address: {
    line1: string;
    line2: string;
    city: string;
    region: string;
    postalCode: string;
    country: string;
    /** ISO 3166-1 alpha-2; null when not picked and the typed country could not be read. */
    countryCode: string | null;
    /** A typed country that could not be read as a country: pick it again before sending e-invoices. */
    countryNeedsReview: boolean;
  };
  currency: string | null;
  taxId: string;
  notes: string;
  vatId: string;
  electronicAddress: { id: string; scheme: string };
  buyerReference: string;
  einvoiceFormat: EInvoiceFormatPreference;
  /** The language of the client's documents and emails; null: the organisation's. */
  language: string | null;
  archived: boolean;
  contacts: ContactView[];
  createdAt: string;
  updatedAt: string;
}

export function toContactView(row: ContactRow): ContactView {
  return { id: row.id, name: row.name, email: row.email, phone: row.phone };
}

export function toClientView(row: ClientRow, contacts: ContactRow[]): ClientView {
  return {
    id: row.id,
    name: row.name,
    company: row.company,
    email: row.email,
    phone: row.phone,
    address: {
      line1: row.address_line1,
      line2: row.address_line2,
      city: row.city,
      region: row.region,
      postalCode: row.postal_code,
      country: row.country,
      countryCode: row.country_code,
      countryNeedsReview: countryNeedsReview(row.country, row.country_code),
    },
    currency: row.currency,
    taxId: row.tax_id,
    notes: row.notes,
    vatId: row.vat_id,
    electronicAddress: { id: row.electronic_address, scheme: row.electronic_address_scheme },
    buyerReference: row.buyer_reference,
    einvoiceFormat: row.einvoice_format,
    language: row.language,
    archived: row.archived_at !== null,
    contacts: contacts.map(toContactView),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
