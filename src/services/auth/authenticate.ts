import { type Actor, type ServiceDeps, userActor } from '../context.ts';
import type { AuthCache, SessionPrincipal } from './auth-cache.ts';
import { hashToken } from './secrets.ts';

export type { SessionPrincipal } from './auth-cache.ts';

/** Resolves a session cookie to the staff member behind it; expired sessions and inactive users get null. */
export async function authenticateSession(
  deps: ServiceDeps,
  sessionToken: string,
  cache?: AuthCache,
): Promise<SessionPrincipal | null> {
  const hash = hashToken(sessionToken);
  const now = deps.clock.now();
  const cached = cache?.session(hash, now);
  if (cached) return cached;
  const version = cache?.version ?? 0;
  const row = await deps.db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'users.id',
      'users.name',
      'users.email',
      'users.role',
      'sessions.csrf_token',
      'sessions.expires_at',
    ])
    .where('sessions.token_hash', '=', hash)
    .where('sessions.expires_at', '>', now)
    .where('users.active', '=', true)
    .executeTakeFirst();
  if (!row) return null;
  const principal: SessionPrincipal = {
    actor: userActor(row),
    csrfToken: row.csrf_token,
  };
  cache?.storeSession(hash, { principal, expiresAt: row.expires_at }, version);
  return principal;
}

/** Resolves an API token (Bearer) to an actor acting with its owner's role. */
export async function authenticateApiToken(
  deps: ServiceDeps,
  token: string,
  cache?: AuthCache,
): Promise<Actor | null> {
  const hash = hashToken(token);
  const now = deps.clock.now();
  const cached = cache?.token(hash);
  if (cached) {
    cached.lastUsedAt = await recordUse(deps, cached.tokenId, cached.lastUsedAt, now);
    return cached.actor;
  }
  const version = cache?.version ?? 0;
  const row = await deps.db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select([
      'api_tokens.id',
      'api_tokens.name',
      'api_tokens.last_used_at',
      'users.id as user_id',
      'users.role',
    ])
    .where('api_tokens.token_hash', '=', hash)
    .where('api_tokens.revoked_at', 'is', null)
    .where('users.active', '=', true)
    .executeTakeFirst();
  if (!row) return null;
  const lastUsedAt = await recordUse(deps, row.id, row.last_used_at, now);
  const actor: Actor = {
    type: 'api_token',
    id: row.id,
    name: `API token "${row.name}"`,
    role: row.role,
    userId: row.user_id,
  };
  cache?.storeToken(hash, { tokenId: row.id, actor, lastUsedAt }, version);
  return actor;
}

/** Use is recorded at most once a minute, so reads do not turn into a write each. */
const USE_RECORD_INTERVAL_MS = 60_000;

async function recordUse(deps: ServiceDeps, tokenId: string, lastUsedAt: Date | null, now: Date) {
  if (lastUsedAt && now.getTime() - lastUsedAt.getTime() <= USE_RECORD_INTERVAL_MS) return lastUsedAt;
  await deps.db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', tokenId).execute();
  return now;
}
