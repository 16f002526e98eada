import type { ServiceDeps } from '../context.ts';
import { NotFoundError } from '../errors.ts';

export async function revokeApiToken(deps: ServiceDeps, userId: string, tokenId: string): Promise<void> {
  const result = await deps.db
    .updateTable('api_tokens')
    .set({ revoked_at: deps.clock.now() })
    .where('id', '=', tokenId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw new NotFoundError('API token');
}
