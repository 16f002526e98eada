import { queueEmail } from '../email/queue-email.ts';
import {
  accountKey,
  consumeRateLimit,
  EMAIL_REQUEST_ACCOUNT_POLICY,
  EMAIL_REQUEST_IP_POLICY,
  ipKey,
} from '../rate-limit.ts';
import { issueOneTimeToken } from './one-time-token.ts';
import { findAccountsByEmail } from './portal-access.ts';
import { MAGIC_TTL_MS, type PortalDeps, RESET_TTL_MS } from './portal-context.ts';
import { loadPortalEmailSetting } from './portal-email-setting.ts';
import { magicLoginEmail, passwordResetEmail } from './portal-emails.ts';

/**
 * A contact asks for a password reset or a passwordless sign-in link by email. The answer never says whether the
 * address has an account (the caller always gets the same reply); only an invited, usable account gets an email.
 * Every request counts against the address and the account, in the database.
 */
export async function requestPortalEmail(
  deps: PortalDeps,
  input: { email: string; kind: 'reset' | 'magic'; ip: string },
): Promise<void> {
  const now = deps.clock.now();
  const scope = `portal-${input.kind}`;
  await consumeRateLimit(
    deps.db,
    [
      { key: accountKey(scope, input.email), policy: EMAIL_REQUEST_ACCOUNT_POLICY },
      { key: ipKey(scope, input.ip), policy: EMAIL_REQUEST_IP_POLICY },
    ],
    now,
  );
  await deps.db.transaction().execute(async (trx) => {
    const accounts = await findAccountsByEmail(trx, input.email);
    // A reset needs an account that was invited; a password need not have been set yet (a lost invitation).
    const account = accounts[0];
    if (!account) return;
    const recipient = { contactId: account.id, name: account.name, email: account.email };
    if (input.kind === 'reset') {
      const token = await issueOneTimeToken(trx, {
        contactId: account.id,
        purpose: 'reset',
        now,
        ttlMs: RESET_TTL_MS,
      });
      const url = `${deps.appUrl}/portal/reset-password#token=${token}`;
      await queueEmail(
        trx,
        {
          ...passwordResetEmail(recipient, {
            ...(await loadPortalEmailSetting(trx, deps.appUrl, account.id, 'portal_password_reset')),
            url,
            expiresAt: new Date(now.getTime() + RESET_TTL_MS),
          }),
          linkToken: { kind: 'portal_reset', token },
        },
        now,
        deps.secretKey,
      );
    } else {
      const token = await issueOneTimeToken(trx, {
        contactId: account.id,
        purpose: 'magic',
        now,
        ttlMs: MAGIC_TTL_MS,
      });
      const url = `${deps.appUrl}/portal/sign-in#token=${token}`;
      await queueEmail(
        trx,
        {
          ...magicLoginEmail(recipient, {
            ...(await loadPortalEmailSetting(trx, deps.appUrl, account.id, 'portal_sign_in')),
            url,
            expiresAt: new Date(now.getTime() + MAGIC_TTL_MS),
          }),
          linkToken: { kind: 'portal_magic', token },
        },
        now,
        deps.secretKey,
      );
    }
  });
}
