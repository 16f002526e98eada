import type { Insertable } from 'kysely';
import type { Trx } from '../../db/client.ts';
import type { ClientsTable } from '../../db/schema.ts';
import { isCurrency } from '../../domain/currency.ts';
import { ValidationError } from '../../domain/errors.ts';

export interface AddressInput {
  line1?: string;
  line2?: string;
  city?: string;
  region?: string;
  postalCode?: string;
  country?: string;
}

export interface ContactInput {
  /** Present to keep (and update) an existing contact; absent to add a new one. */
  id?: string;
  name: string;
  email?: string;
  phone?: string;
}

export interface ClientInput {
  name?: string;
  company?: string;
  email?: string;
  phone?: string;
  address?: AddressInput;
  currency?: string | null;
  taxId?: string;
  notes?: string;
  contacts?: ContactInput[];
}

/** Maps API fields to columns, leaving out what the request did not mention. */
type ClientTextColumns = Omit<Insertable<ClientsTable>, 'id' | 'archived_at' | 'created_at' | 'updated_at'>;

export function clientColumns(input: ClientInput): Partial<ClientTextColumns> {
  if (input.currency != null && !isCurrency(input.currency)) {
    throw new ValidationError('currency', `"${input.currency}" is not an ISO 4217 currency code`);
  }
  const columns: { [K in keyof ClientTextColumns]?: ClientTextColumns[K] | undefined } = {
    name: input.name,
    company: input.company,
    email: input.email,
    phone: input.phone,
    currency: input.currency,
    tax_id: input.taxId,
    notes: input.notes,
    address_line1: input.address?.line1,
    address_line2: input.address?.line2,
    city: input.address?.city,
    region: input.address?.region,
    postal_code: input.address?.postalCode,
    country: input.address?.country,
  };
  return Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== undefined));
}

/**
 * Makes the client's contacts match the list given: contacts with an id are updated in place (so links and
 * history that point at them survive), contacts without one are added, and contacts left out are removed.
 */
export async function replaceContacts(trx: Trx, clientId: string, contacts: ContactInput[]): Promise<void> {
  const existing = await trx.selectFrom('contacts').select('id').where('client_id', '=', clientId).execute();
  const existingIds = new Set(existing.map((row) => row.id));
  const keptIds = new Set<string>();
  for (const [index, contact] of contacts.entries()) {
    if (contact.id === undefined) continue;
    if (!existingIds.has(contact.id) || keptIds.has(contact.id)) {
      throw new ValidationError(`contacts.${index}.id`, 'This contact does not belong to the client');
    }
    keptIds.add(contact.id);
  }
  const removed = [...existingIds].filter((id) => !keptIds.has(id));
  if (removed.length) await trx.deleteFrom('contacts').where('id', 'in', removed).execute();
  for (const [position, contact] of contacts.entries()) {
    const values = { name: contact.name, email: contact.email ?? '', phone: contact.phone ?? '', position };
    if (contact.id) {
      await trx.updateTable('contacts').set(values).where('id', '=', contact.id).execute();
    } else {
      await trx
        .insertInto('contacts')
        .values({ ...values, client_id: clientId })
        .execute();
    }
  }
}
