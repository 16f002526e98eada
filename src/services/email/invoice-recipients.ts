import type { Db, Trx } from '../../db/client.ts';
import { ValidationError } from '../../domain/errors.ts';

export interface Recipient {
  contactId: string;
  name: string;
  email: string;
}

export interface ContactAddress {
  id: string;
  name: string;
  email: string;
}

function contactsQuery(trx: Db | Trx) {
  return trx
    .selectFrom('contacts')
    .select(['id', 'client_id', 'name', 'email'])
    .orderBy('position')
    .orderBy('created_at');
}

/**
 * The contacts an invoice email goes to: the chosen ones (each must be a contact of the invoice's client with an
 * email address), or by default every contact of the client that has one. None at all is a 422 on `contactIds`
 * (or on `field`, the name the caller's input gives the list).
 */
export async function resolveRecipients(
  trx: Db | Trx,
  clientId: string,
  contactIds: string[] | undefined,
  field = 'contactIds',
): Promise<Recipient[]> {
  const contacts = await contactsQuery(trx).where('client_id', '=', clientId).execute();
  return recipientsAmong(contacts, contactIds, field);
}

/** The contacts of several clients in one query, each client's in resolveRecipients' order. */
export async function contactsOfClients(
  trx: Db | Trx,
  clientIds: string[],
): Promise<Map<string, ContactAddress[]>> {
  const byClient = new Map<string, ContactAddress[]>(clientIds.map((id) => [id, []]));
  if (clientIds.length === 0) return byClient;
  const rows = await contactsQuery(trx)
    .where('client_id', 'in', [...new Set(clientIds)])
    .execute();
  for (const { client_id, ...contact } of rows) byClient.get(client_id)?.push(contact);
  return byClient;
}

/** resolveRecipients among a client's contacts already read (contactsOfClients). */
export function recipientsAmong(
  contacts: ContactAddress[],
  contactIds: string[] | undefined,
  field = 'contactIds',
): Recipient[] {
  if (contactIds === undefined) {
    const withEmail = contacts.filter((contact) => contact.email.trim() !== '');
    if (withEmail.length === 0) {
      throw new ValidationError(
        field,
        'The client has no contact with an email address; add one to the client or choose contacts',
      );
    }
    return withEmail.map((c) => ({ contactId: c.id, name: c.name, email: c.email.trim() }));
  }
  if (contactIds.length === 0) throw new ValidationError(field, 'Choose at least one contact');
  const byId = new Map(contacts.map((contact) => [contact.id, contact]));
  const unique = [...new Set(contactIds)];
  return unique.map((id) => {
    const contact = byId.get(id);
    const index = contactIds.indexOf(id);
    if (!contact) throw new ValidationError(`${field}.${index}`, `${id} is not a contact of this client`);
    if (!contact.email.trim()) {
      throw new ValidationError(`${field}.${index}`, `The contact ${contact.name} has no email address`);
    }
    return { contactId: contact.id, name: contact.name, email: contact.email.trim() };
  });
}
