import { randomBytes } from 'node:crypto';
import { recordAuditEntry } from '../audit/record-audit-entry.ts';
import { type RequestOrigin, type ServiceDeps, userActor } from '../context.ts';
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
export async function login(
  deps: ServiceDeps,
  input: { email: string; password: string; ip: string; origin?: RequestOrigin },
) {
  const { email, password } = input;
  const origin = input.origin ?? null;
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
    await deps.db.transaction().execute(async (trx) => {
      await recordLoginFailure(trx, 'staff-login', attempt, now);
      // The address tried is kept (not the password): it tells guessing at accounts from a forgotten password.
      await recordAuditEntry(trx, { actor: null, origin }, now, {
        action: 'auth.login_failed',
        entityType: 'user',
        entityId: user?.id ?? null,
        after: {
          email: email.trim().slice(0, 320),
          reason: !user ? 'unknown email' : !valid ? 'wrong password' : 'user deactivated',
        },
      });
    });
    throw new AuthenticationError('Email or password is incorrect');
  }
  await recordLoginSuccess(deps.db, 'staff-login', attempt);
  const sessionToken = generateToken('remit_sess');
  const csrfToken = randomBytes(24).toString('base64url');
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('sessions')
      .values({
        token_hash: hashToken(sessionToken),
        user_id: user.id,
        csrf_token: csrfToken,
        created_at: now,
        expires_at: new Date(now.getTime() + SESSION_TTL_MS),
      })
      .execute();
    await recordAuditEntry(trx, { actor: userActor(user), origin }, now, {
      action: 'auth.login_succeeded',
      entityType: 'user',
      entityId: user.id,
    });
  });
  return { sessionToken, csrfToken, user: toUserView(user) };
}
