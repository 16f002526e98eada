import type { Insertable } from 'kysely';
import type { Trx } from '../../db/client.ts';
import type { ClientsTable, EInvoiceFormatPreference } from '../../db/schema.ts';
import { isCurrency } from '../../domain/currency.ts';
import { ValidationError } from '../../domain/errors.ts';
import { isSupportedLanguage, SUPPORTED_LANGUAGES } from '../../domain/language.ts';
import type { ServiceDeps } from '../context.ts';
import {
  checkBuyerReference,
  checkElectronicAddress,
  checkVatId,
  countryColumns,
} from '../einvoice/party-field-checks.ts';

export interface AddressInput {
  line1?: string;
  line2?: string;
  city?: string;
  region?: string;
  postalCode?: string;
  country?: string;
  /** ISO 3166-1 alpha-2 (migration 020); given alone, its name becomes the printed country. */
  countryCode?: string | null;
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
  /** E-invoice data (migration 020): BT-48, BT-49, the default BT-10 and the format the client prefers. */
  vatId?: string;
  electronicAddress?: { id?: string; scheme?: string };
  buyerReference?: string;
  einvoiceFormat?: EInvoiceFormatPreference;
  /** A supported language (src/domain/language.ts); null: the organisation's. */
  language?: string | null;
}

/** Maps API fields to columns, leaving out what the request did not mention. */
type ClientTextColumns = Omit<Insertable<ClientsTable>, 'id' | 'archived_at' | 'created_at' | 'updated_at'>;

/** `locale` names a country picked by code alone (the organisation's language). */
export function clientColumns(input: ClientInput, locale = 'en'): Partial<ClientTextColumns> {
  if (input.currency != null && !isCurrency(input.currency)) {
    throw new ValidationError('currency', `"${input.currency}" is not an ISO 4217 currency code`);
  }
  if (input.language != null && !isSupportedLanguage(input.language)) {
    throw new ValidationError('language', `Must be one of ${SUPPORTED_LANGUAGES.join(', ')}, or empty`);
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
    ...countryColumns(input.address ?? {}, 'address', locale),
    vat_id: input.vatId === undefined ? undefined : checkVatId(input.vatId, 'vatId'),
    buyer_reference:
      input.buyerReference === undefined
        ? undefined
        : checkBuyerReference(input.buyerReference, 'buyerReference'),
    einvoice_format: input.einvoiceFormat,
    language: input.language,
  };
  if (input.electronicAddress) {
    const address = checkElectronicAddress(input.electronicAddress, 'electronicAddress');
    columns.electronic_address = address.id;
    columns.electronic_address_scheme = address.scheme;
  }
  return Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== undefined));
}

/** The organisation's language, read only when a country picked by code needs its name. */
export async function organisationLocale(deps: ServiceDeps, input: ClientInput): Promise<string> {
  if (!input.address?.countryCode || input.address.country !== undefined) return 'en';
  const row = await deps.db.selectFrom('settings').select('locale').where('id', '=', 1).executeTakeFirst();
  return row?.locale ?? 'en';
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
