import type { Actor, ServiceDeps } from '../context.ts';
import { hashToken } from './secrets.ts';

export interface SessionPrincipal {
  actor: Actor;
  csrfToken: string;
}

/** Resolves a session cookie to the staff member behind it; expired sessions and inactive users get null. */
export async function authenticateSession(
  deps: ServiceDeps,
  sessionToken: string,
): Promise<SessionPrincipal | null> {
  const row = await deps.db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['users.id', 'users.name', 'users.email', 'users.role', 'sessions.csrf_token'])
    .where('sessions.token_hash', '=', hashToken(sessionToken))
    .where('sessions.expires_at', '>', deps.clock.now())
    .where('users.active', '=', true)
    .executeTakeFirst();
  if (!row) return null;
  return {
    actor: { type: 'user', id: row.id, name: row.name || row.email, role: row.role, userId: row.id },
    csrfToken: row.csrf_token,
  };
}

/** Resolves an API token (Bearer) to an actor acting with its owner's role. */
export async function authenticateApiToken(deps: ServiceDeps, token: string): Promise<Actor | null> {
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
    .where('api_tokens.token_hash', '=', hashToken(token))
    .where('api_tokens.revoked_at', 'is', null)
    .where('users.active', '=', true)
    .executeTakeFirst();
  if (!row) return null;
  const now = deps.clock.now();
  // Record use at most once a minute so reads do not turn into a write each.
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > 60_000) {
    await deps.db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
  }
  return {
    type: 'api_token',
    id: row.id,
    name: `API token "${row.name}"`,
    role: row.role,
    userId: row.user_id,
  };
}
