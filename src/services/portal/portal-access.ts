import { sql } from 'kysely';
import type { Db, Trx } from '../../db/client.ts';

/**
 * A contact may use the portal (by password, emailed login or invoice link) only while their client is not archived
 * and their portal access has not been deactivated by staff. One SQL condition (over `contacts` and `clients` in
 * scope) so every portal query applies it in the database.
 */
export const contactMayUsePortal = sql<boolean>`(clients.archived_at is null and not exists (
  select 1 from portal_accounts pa where pa.contact_id = contacts.id and pa.deactivated_at is not null))`;

export interface ActiveContact {
  id: string;
  clientId: string;
  name: string;
  email: string;
  clientName: string;
}

/** The invited, usable portal accounts (of any client) for this email address; login also requires activation. */
export async function findAccountsByEmail(db: Db | Trx, email: string) {
  return db
    .selectFrom('contacts')
    .innerJoin('clients', 'clients.id', 'contacts.client_id')
    .innerJoin('portal_accounts', 'portal_accounts.contact_id', 'contacts.id')
    .select([
      'contacts.id',
      'contacts.client_id',
      'contacts.name',
      'contacts.email',
      'clients.name as client_name',
      'portal_accounts.password_hash',
      'portal_accounts.activated_at',
    ])
    .where((eb) => eb(eb.fn('lower', ['contacts.email']), '=', email.trim().toLowerCase()))
    .where('contacts.email', '!=', '')
    .where('portal_accounts.invited_at', 'is not', null)
    .where(contactMayUsePortal)
    .execute();
}

/** One contact if it may use the portal now, else undefined. */
export async function findActiveContact(db: Db | Trx, contactId: string): Promise<ActiveContact | undefined> {
  const row = await db
    .selectFrom('contacts')
    .innerJoin('clients', 'clients.id', 'contacts.client_id')
    .select([
      'contacts.id',
      'contacts.client_id',
      'contacts.name',
      'contacts.email',
      'clients.name as client_name',
    ])
    .where('contacts.id', '=', contactId)
    .where(contactMayUsePortal)
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      clientId: row.client_id,
      name: row.name,
      email: row.email,
      clientName: row.client_name,
    }
  );
}
