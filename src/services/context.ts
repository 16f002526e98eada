import type { Db } from '../db/client.ts';
import type { Clock } from '../ports.ts';

/** Everything a use case needs, passed in explicitly so tests can swap the clock or the database. */
export interface ServiceDeps {
  db: Db;
  clock: Clock;
}

export type StaffRole = 'admin' | 'finance';

/** Who performs an action; recorded on every invoice event. */
export interface Actor {
  type: 'user' | 'api_token' | 'system';
  id: string | null;
  name: string;
  role: StaffRole;
  userId: string | null;
  /** The request the actor acts through, for the audit log entries of timeline events (none outside HTTP). */
  origin?: RequestOrigin;
}

/** A staff member acting in their own name (signed in with a session). */
export function userActor(user: { id: string; name: string; email: string; role: StaffRole }): Actor {
  return { type: 'user', id: user.id, name: user.name || user.email, role: user.role, userId: user.id };
}

export const systemActor: Actor = { type: 'system', id: null, name: 'Remit', role: 'admin', userId: null };

/** Where a staff request came from; recorded with each audit log entry. */
export interface RequestOrigin {
  requestId: string;
  ip: string;
  userAgent: string | null;
}

/** Who performs an audited change and through which request (null: not over HTTP, e.g. the CLI or a job). */
export interface ActionContext {
  actor: Actor;
  origin: RequestOrigin | null;
}

export const systemContext: ActionContext = { actor: systemActor, origin: null };
