import { randomBytes } from 'node:crypto';
import type { ServiceDeps } from '../context.ts';
import { AuthenticationError } from '../errors.ts';
import {
  accountKey,
  assertNotRateLimited,
  clearRateLimit,
  ipKey,
  LOGIN_ACCOUNT_POLICY,
  LOGIN_IP_POLICY,
  recordHit,
} from '../rate-limit.ts';
import { toUserView } from '../users/user-view.ts';
import { generateToken, hashPassword, hashToken, verifyPassword } from './secrets.ts';

export const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;

// Verifying against a dummy hash when the email is unknown keeps response times alike, so login does not
// reveal which emails have accounts.
let dummyHash: Promise<string> | undefined;

/**
 * Checks email and password and opens a session; only the session token's hash is stored. Failures count against
 * the account and the caller's address in the database, so every server process sees the same count; past the
 * allowance each further failure doubles the wait (429 with Retry-After). A success forgets the account's failures.
 */
export async function login(deps: ServiceDeps, input: { email: string; password: string; ip: string }) {
  const { email, password } = input;
  const now = deps.clock.now();
  const limits = [
    { key: accountKey('staff-login', email), policy: LOGIN_ACCOUNT_POLICY },
    { key: ipKey('staff-login', input.ip), policy: LOGIN_IP_POLICY },
  ];
  await assertNotRateLimited(deps.db, limits, now);
  const user = await deps.db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.trim().toLowerCase()))
    .executeTakeFirst();
  dummyHash ??= hashPassword('remit-dummy-password');
  const valid = await verifyPassword(password, user?.password_hash ?? (await dummyHash));
  if (!user || !valid || !user.active) {
    await recordHit(deps.db, limits, now);
    throw new AuthenticationError('Email or password is incorrect');
  }
  await clearRateLimit(deps.db, [limits[0]!.key]);
  const sessionToken = generateToken('remit_sess');
  const csrfToken = randomBytes(24).toString('base64url');
  await deps.db
    .insertInto('sessions')
    .values({
      token_hash: hashToken(sessionToken),
      user_id: user.id,
      csrf_token: csrfToken,
      created_at: now,
      expires_at: new Date(now.getTime() + SESSION_TTL_MS),
    })
    .execute();
  return { sessionToken, csrfToken, user: toUserView(user) };
}
