import type { ServiceDeps } from '../context.ts';
import { hashToken } from './secrets.ts';

export async function logout(deps: ServiceDeps, sessionToken: string): Promise<void> {
  await deps.db.deleteFrom('sessions').where('token_hash', '=', hashToken(sessionToken)).execute();
}
