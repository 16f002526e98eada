import { ConflictError } from '../../domain/errors.ts';
import { assertLoginAllowed, recordLoginFailure } from '../auth/login-throttle.ts';
import { hashPassword, verifyPassword } from '../auth/secrets.ts';
import type { ServiceDeps } from '../context.ts';
import { AuthenticationError } from '../errors.ts';
import { checkPassword } from '../users/password-rules.ts';
import type { PortalPrincipal } from './portal-context.ts';
import { type OpenedPortalSession, openPortalSession } from './portal-session.ts';

/**
 * A signed-in contact changes their password: the current one is checked (wrong guesses count like failed logins),
 * every session of the contact ends and the caller gets a fresh one.
 */
export async function changePortalPassword(
  deps: ServiceDeps,
  principal: PortalPrincipal,
  input: { currentPassword: string; newPassword: string; ip: string },
): Promise<OpenedPortalSession> {
  checkPassword(input.newPassword, 'newPassword');
  const now = deps.clock.now();
  if (principal.invoiceId) {
    throw new ConflictError(
      'no_account',
      'Sign in with your password to change it (this session came from a link)',
    );
  }
  const attempt = { email: principal.email, ip: input.ip };
  await assertLoginAllowed(deps.db, 'portal-login', attempt, now);
  const account = await deps.db
    .selectFrom('portal_accounts')
    .select('password_hash')
    .where('contact_id', '=', principal.contactId)
    .executeTakeFirst();
  if (!account?.password_hash || !(await verifyPassword(input.currentPassword, account.password_hash))) {
    await recordLoginFailure(deps.db, 'portal-login', attempt, now);
    throw new AuthenticationError('The current password is incorrect');
  }
  const passwordHash = await hashPassword(input.newPassword);
  return deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('portal_accounts')
      .set({ password_hash: passwordHash })
      .where('contact_id', '=', principal.contactId)
      .execute();
    await trx.deleteFrom('portal_sessions').where('contact_id', '=', principal.contactId).execute();
    return openPortalSession(trx, { contactId: principal.contactId, now });
  });
}
