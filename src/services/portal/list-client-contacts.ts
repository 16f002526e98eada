import type { ServiceDeps } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { type PortalAccessView, portalAccessView } from './portal-status.ts';

export interface ContactPortalView {
  id: string;
  name: string;
  email: string;
  phone: string;
  portal: PortalAccessView;
}

/** A client's contacts with their portal access, for staff. */
export async function listClientContacts(
  deps: ServiceDeps,
  clientId: string,
): Promise<{ items: ContactPortalView[] }> {
  const client = await deps.db
    .selectFrom('clients')
    .select('id')
    .where('id', '=', clientId)
    .executeTakeFirst();
  if (!client) throw new NotFoundError('Client');
  const rows = await deps.db
    .selectFrom('contacts')
    .leftJoin('portal_accounts', 'portal_accounts.contact_id', 'contacts.id')
    .select([
      'contacts.id',
      'contacts.name',
      'contacts.email',
      'contacts.phone',
      'portal_accounts.contact_id as account_contact_id',
      'portal_accounts.invited_at',
      'portal_accounts.activated_at',
      'portal_accounts.deactivated_at',
      'portal_accounts.last_login_at',
    ])
    .where('contacts.client_id', '=', clientId)
    .orderBy('contacts.position')
    .orderBy('contacts.created_at')
    .execute();
  return {
    items: rows.map((row) => ({
      id: row.id,
      name: row.name,
      email: row.email,
      phone: row.phone,
      portal: portalAccessView(row.account_contact_id ? row : null),
    })),
  };
}
