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
}

export const systemActor: Actor = { type: 'system', id: null, name: 'Remit', role: 'admin', userId: null };
