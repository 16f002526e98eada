import { assertLoginAllowed, recordLoginFailure, recordLoginSuccess } from '../auth/login-throttle.ts';
import { hashPassword, verifyPassword } from '../auth/secrets.ts';
import type { ServiceDeps } from '../context.ts';
import { AuthenticationError } from '../errors.ts';
import { findAccountsByEmail } from './portal-access.ts';
import { type OpenedPortalSession, openPortalSession } from './portal-session.ts';

let dummyHash: Promise<string> | undefined;

/**
 * A contact logs in with email and password. Failures are throttled like staff logins (auth/login-throttle.ts):
 * growing waits for the address that fails, never a lockout of the owner. Unknown emails cost the same scrypt work.
 */
export async function loginContact(
  deps: ServiceDeps,
  input: { email: string; password: string; ip: string; previousToken?: string | undefined },
): Promise<OpenedPortalSession & { contactId: string }> {
  const now = deps.clock.now();
  const attempt = { email: input.email, ip: input.ip };
  await assertLoginAllowed(deps.db, 'portal-login', attempt, now);
  const accounts = await findAccountsByEmail(deps.db, input.email);
  dummyHash ??= hashPassword('remit-portal-dummy-password');
  let matched: string | null = null;
  // Invitations keep one live account per address; should two exist anyway, the password decides.
  for (const account of accounts.length ? accounts : [null]) {
    const valid = await verifyPassword(input.password, account?.password_hash ?? (await dummyHash));
    if (account && valid && account.activated_at) {
      matched = account.id;
      break;
    }
  }
  if (!matched) {
    await recordLoginFailure(deps.db, 'portal-login', attempt, now);
    throw new AuthenticationError('Email or password is incorrect');
  }
  const contactId = matched;
  return deps.db.transaction().execute(async (trx) => {
    await recordLoginSuccess(trx, 'portal-login', attempt);
    await trx
      .updateTable('portal_accounts')
      .set({ last_login_at: now })
      .where('contact_id', '=', contactId)
      .execute();
    const session = await openPortalSession(trx, { contactId, now, previousToken: input.previousToken });
    return { ...session, contactId };
  });
}
