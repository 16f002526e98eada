import { randomBytes } from 'node:crypto';
import type { ServiceDeps } from '../context.ts';
import { AuthenticationError } from '../errors.ts';
import { toUserView } from '../users/user-view.ts';
import { assertLoginAllowed, recordLoginFailure, recordLoginSuccess } from './login-throttle.ts';
import { generateToken, hashPassword, hashToken, verifyPassword } from './secrets.ts';

export const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;

// Verifying against a dummy hash when the email is unknown keeps response times alike, so login does not
// reveal which emails have accounts.
let dummyHash: Promise<string> | undefined;

/**
 * Checks email and password and opens a session; only the session token's hash is stored. Failures are counted in
 * the database (every server process sees the same count) and slow down further tries from the same address with
 * growing waits (429 with Retry-After); see login-throttle.ts for why they never lock the owner out.
 */
export async function login(deps: ServiceDeps, input: { email: string; password: string; ip: string }) {
  const { email, password } = input;
  const now = deps.clock.now();
  const attempt = { email, ip: input.ip };
  await assertLoginAllowed(deps.db, 'staff-login', attempt, now);
  const user = await deps.db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.trim().toLowerCase()))
    .executeTakeFirst();
  dummyHash ??= hashPassword('remit-dummy-password');
  const valid = await verifyPassword(password, user?.password_hash ?? (await dummyHash));
  if (!user || !valid || !user.active) {
    await recordLoginFailure(deps.db, 'staff-login', attempt, now);
    throw new AuthenticationError('Email or password is incorrect');
  }
  await recordLoginSuccess(deps.db, 'staff-login', attempt);
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
