import type { ServiceDeps } from '../context.ts';
import { AuthenticationError } from '../errors.ts';
import { consumeRateLimit, ipKey, TOKEN_IP_POLICY } from '../rate-limit.ts';
import { consumeOneTimeToken } from './one-time-token.ts';
import { findActiveContact } from './portal-access.ts';
import { type OpenedPortalSession, openPortalSession } from './portal-session.ts';

/** Passwordless sign-in: the emailed one-time token is used up and a fresh session starts. */
export async function consumeLoginLink(
  deps: ServiceDeps,
  input: { token: string; ip: string; previousToken?: string | undefined },
): Promise<OpenedPortalSession & { contactId: string }> {
  const now = deps.clock.now();
  await consumeRateLimit(deps.db, [{ key: ipKey('portal-token', input.ip), policy: TOKEN_IP_POLICY }], now);
  return deps.db.transaction().execute(async (trx) => {
    const contactId = await consumeOneTimeToken(trx, { token: input.token, purpose: 'magic', now });
    const contact = contactId ? await findActiveContact(trx, contactId) : undefined;
    if (!contact) throw new AuthenticationError('The sign-in link is invalid, expired or already used');
    await trx
      .updateTable('portal_accounts')
      .set({ last_login_at: now })
      .where('contact_id', '=', contact.id)
      .execute();
    const session = await openPortalSession(trx, {
      contactId: contact.id,
      now,
      previousToken: input.previousToken,
    });
    return { ...session, contactId: contact.id };
  });
}
