import { recordAuditEntry } from '../audit/record-audit-entry.ts';
import { type RequestOrigin, type ServiceDeps, userActor } from '../context.ts';
import { hashToken } from './secrets.ts';

/** Ends a session; a session that had already ended (or never was) changes nothing and is not recorded. */
export async function logout(
  deps: ServiceDeps,
  sessionToken: string,
  origin: RequestOrigin | null = null,
): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const ended = await trx
      .deleteFrom('sessions')
      .where('token_hash', '=', hashToken(sessionToken))
      .returning('user_id')
      .executeTakeFirst();
    if (!ended) return;
    const user = await trx
      .selectFrom('users')
      .select(['id', 'name', 'email', 'role'])
      .where('id', '=', ended.user_id)
      .executeTakeFirstOrThrow();
    await recordAuditEntry(trx, { actor: userActor(user), origin }, deps.clock.now(), {
      action: 'auth.logout',
      entityType: 'user',
      entityId: user.id,
    });
  });
}
