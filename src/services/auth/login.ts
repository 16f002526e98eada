import { randomBytes } from 'node:crypto';
import type { ServiceDeps } from '../context.ts';
import { AuthenticationError } from '../errors.ts';
import { toUserView } from '../users/user-view.ts';
import { generateToken, hashPassword, hashToken, verifyPassword } from './secrets.ts';

export const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;

// Verifying against a dummy hash when the email is unknown keeps response times alike, so login does not
// reveal which emails have accounts.
let dummyHash: Promise<string> | undefined;

/** Checks email and password and opens a session; only the session token's hash is stored. */
export async function login(deps: ServiceDeps, email: string, password: string) {
  const user = await deps.db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.trim().toLowerCase()))
    .executeTakeFirst();
  dummyHash ??= hashPassword('remit-dummy-password');
  const valid = await verifyPassword(password, user?.password_hash ?? (await dummyHash));
  if (!user || !valid || !user.active) throw new AuthenticationError('Email or password is incorrect');
  const sessionToken = generateToken('remit_sess');
  const csrfToken = randomBytes(24).toString('base64url');
  const now = deps.clock.now();
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
