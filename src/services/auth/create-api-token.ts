import { ValidationError } from '../../domain/errors.ts';
import { recordAuditEntry } from '../audit/record-audit-entry.ts';
import { type ActionContext, type ServiceDeps, systemContext } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { generateToken, hashToken } from './secrets.ts';

/** Creates an API token for a user. The token is shown once; only its hash is kept (and never in the audit log). */
export async function createApiToken(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  userId: string,
  name: string,
  context: ActionContext = systemContext,
) {
  const trimmed = name.trim();
  if (!trimmed) throw new ValidationError('name', 'Give the token a name that says where it is used');
  const token = generateToken('remit_pat');
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
    if (!user) throw new NotFoundError('User');
    const row = await trx
      .insertInto('api_tokens')
      .values({ user_id: userId, name: trimmed, token_hash: hashToken(token), created_at: now })
      .returning(['id', 'name', 'created_at'])
      .executeTakeFirstOrThrow();
    await recordAuditEntry(trx, context, now, {
      action: 'api_token.created',
      entityType: 'api_token',
      entityId: row.id,
      before: null,
      after: { name: row.name, userId },
    });
    return { id: row.id, name: row.name, token, createdAt: row.created_at.toISOString() };
  });
}
