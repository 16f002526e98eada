import { recordAuditEntry } from '../audit/record-audit-entry.ts';
import type { ActionContext, ServiceDeps } from '../context.ts';
import { NotFoundError } from '../errors.ts';

export async function revokeApiToken(
  deps: ServiceDeps,
  userId: string,
  tokenId: string,
  context: ActionContext,
): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const revoked = await trx
      .updateTable('api_tokens')
      .set({ revoked_at: now })
      .where('id', '=', tokenId)
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .returning(['name'])
      .executeTakeFirst();
    if (!revoked) throw new NotFoundError('API token');
    await recordAuditEntry(trx, context, now, {
      action: 'api_token.revoked',
      entityType: 'api_token',
      entityId: tokenId,
      before: { name: revoked.name, revokedAt: null },
      after: { name: revoked.name, revokedAt: now.toISOString() },
    });
  });
}
