import type { ClientRow, ContactRow } from '../../db/schema.ts';

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
  };
  currency: string | null;
  taxId: string;
  notes: string;
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
    },
    currency: row.currency,
    taxId: row.tax_id,
    notes: row.notes,
    archived: row.archived_at !== null,
    contacts: contacts.map(toContactView),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
