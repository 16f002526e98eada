import { ValidationError } from '../../domain/errors.ts';
import type { ServiceDeps } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { generateToken, hashToken } from './secrets.ts';

/** Creates an API token for a user. The token is shown once; only its hash is kept. */
export async function createApiToken(deps: Pick<ServiceDeps, 'db' | 'clock'>, userId: string, name: string) {
  const trimmed = name.trim();
  if (!trimmed) throw new ValidationError('name', 'Give the token a name that says where it is used');
  const user = await deps.db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
  if (!user) throw new NotFoundError('User');
  const token = generateToken('remit_pat');
  const row = await deps.db
    .insertInto('api_tokens')
    .values({ user_id: userId, name: trimmed, token_hash: hashToken(token), created_at: deps.clock.now() })
    .returning(['id', 'name', 'created_at'])
    .executeTakeFirstOrThrow();
  return { id: row.id, name: row.name, token, createdAt: row.created_at.toISOString() };
}
