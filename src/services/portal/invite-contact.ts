import { sql } from 'kysely';
import { ConflictError, ValidationError } from '../../domain/errors.ts';
import { queueEmail } from '../email/queue-email.ts';
import { NotFoundError } from '../errors.ts';
import { issueOneTimeToken } from './one-time-token.ts';
import { INVITE_TTL_MS, type PortalDeps } from './portal-context.ts';
import { loadPortalEmailSetting } from './portal-email-setting.ts';
import { invitationEmail } from './portal-emails.ts';
import { type PortalAccessView, portalAccessView } from './portal-status.ts';

/**
 * Staff invite a contact to the portal: the account is (re)opened and an email with a one-time link to set a
 * password is queued in the same transaction. Inviting a deactivated contact gives access back.
 */
export async function inviteContact(deps: PortalDeps, contactId: string): Promise<PortalAccessView> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const contact = await trx
      .selectFrom('contacts')
      .innerJoin('clients', 'clients.id', 'contacts.client_id')
      .select(['contacts.id', 'contacts.name', 'contacts.email', 'clients.archived_at'])
      .where('contacts.id', '=', contactId)
      .executeTakeFirst();
    if (!contact) throw new NotFoundError('Contact');
    if (!contact.email) throw new ValidationError('email', 'The contact has no email address to invite');
    if (contact.archived_at) {
      throw new ConflictError(
        'client_archived',
        'The client is archived; restore it before inviting its contacts',
      );
    }
    // The email address is the login: it may belong to one portal account only. The advisory lock serialises
    // concurrent invitations of the same address.
    const email = contact.email.trim().toLowerCase();
    await sql`select pg_advisory_xact_lock(hashtext(${`portal-email:${email}`}))`.execute(trx);
    const clash = await trx
      .selectFrom('contacts')
      .innerJoin('portal_accounts', 'portal_accounts.contact_id', 'contacts.id')
      .select('contacts.id')
      .where((eb) => eb(eb.fn('lower', ['contacts.email']), '=', email))
      .where('contacts.id', '!=', contact.id)
      .where('portal_accounts.invited_at', 'is not', null)
      .where('portal_accounts.deactivated_at', 'is', null)
      .executeTakeFirst();
    if (clash) {
      throw new ConflictError(
        'email_taken',
        'Another contact with this email address already has portal access',
        'email',
      );
    }
    const account = await trx
      .insertInto('portal_accounts')
      .values({ contact_id: contact.id, invited_at: now, created_at: now })
      .onConflict((oc) => oc.column('contact_id').doUpdateSet({ invited_at: now, deactivated_at: null }))
      .returningAll()
      .executeTakeFirstOrThrow();
    const token = await issueOneTimeToken(trx, {
      contactId: contact.id,
      purpose: 'invite',
      now,
      ttlMs: INVITE_TTL_MS,
    });
    await queueEmail(
      trx,
      {
        ...invitationEmail(
          { contactId: contact.id, name: contact.name, email: contact.email },
          {
            ...(await loadPortalEmailSetting(trx, deps.appUrl, contact.id, 'portal_invitation')),
            // The token rides in the fragment: browsers never send it to servers or in Referer headers.
            url: `${deps.appUrl}/portal/set-password#token=${token}`,
            expiresAt: new Date(now.getTime() + INVITE_TTL_MS),
          },
        ),
        linkToken: { kind: 'portal_invite', token },
      },
      now,
      deps.secretKey,
    );
    return portalAccessView(account);
  });
}
