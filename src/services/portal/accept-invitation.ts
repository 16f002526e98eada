import { hashPassword } from '../auth/secrets.ts';
import type { ServiceDeps } from '../context.ts';
import { AuthenticationError } from '../errors.ts';
import { consumeRateLimit, ipKey, TOKEN_IP_POLICY } from '../rate-limit.ts';
import { checkPassword } from '../users/password-rules.ts';
import { consumeOneTimeToken } from './one-time-token.ts';
import { findActiveContact } from './portal-access.ts';
import { type OpenedPortalSession, openPortalSession } from './portal-session.ts';

/**
 * The contact follows the invitation or reset email and chooses a password: the one-time token is used up, the
 * account is active, every other session of the contact ends, and a fresh session starts.
 */
export async function setPortalPassword(
  deps: ServiceDeps,
  input: {
    token: string;
    password: string;
    purpose: 'invite' | 'reset';
    ip: string;
    previousToken?: string | undefined;
  },
): Promise<OpenedPortalSession & { contactId: string }> {
  checkPassword(input.password);
  const now = deps.clock.now();
  await consumeRateLimit(deps.db, [{ key: ipKey('portal-token', input.ip), policy: TOKEN_IP_POLICY }], now);
  const passwordHash = await hashPassword(input.password);
  return deps.db.transaction().execute(async (trx) => {
    const contactId = await consumeOneTimeToken(trx, { token: input.token, purpose: input.purpose, now });
    const contact = contactId ? await findActiveContact(trx, contactId) : undefined;
    if (!contact) throw new AuthenticationError('The link is invalid, expired or already used');
    await trx
      .updateTable('portal_accounts')
      .set((eb) => ({
        password_hash: passwordHash,
        activated_at: eb.fn.coalesce('activated_at', eb.val(now)),
        last_login_at: now,
      }))
      .where('contact_id', '=', contact.id)
      .execute();
    await trx.deleteFrom('portal_sessions').where('contact_id', '=', contact.id).execute();
    const session = await openPortalSession(trx, {
      contactId: contact.id,
      now,
      previousToken: input.previousToken,
    });
    return { ...session, contactId: contact.id };
  });
}
