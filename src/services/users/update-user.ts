import type { UserRow } from '../../db/schema.ts';
import { type AuditAction, CHANGED_SECRET, changedFields, REDACTED } from '../../domain/audit.ts';
import { ConflictError } from '../../domain/errors.ts';
import { recordAuditEntry } from '../audit/record-audit-entry.ts';
import { hashPassword } from '../auth/secrets.ts';
import type { ActionContext, ServiceDeps, StaffRole } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { checkPassword } from './password-rules.ts';
import { toUserView, userAuditState } from './user-view.ts';

export interface UserPatch {
  name?: string;
  role?: StaffRole;
  active?: boolean;
  password?: string;
}

/** The one action an update is recorded as, the weightiest first: one change of several is still one entry. */
function userAction(before: UserRow, after: UserRow, passwordChanged: boolean): AuditAction {
  if (before.active && !after.active) return 'user.deactivated';
  if (!before.active && after.active) return 'user.reactivated';
  if (before.role !== after.role) return 'user.role_changed';
  if (passwordChanged) return 'user.password_changed';
  return 'user.updated';
}

/** Deactivating a user or changing their password ends their sessions; the last active admin is kept. */
export async function updateUser(deps: ServiceDeps, id: string, patch: UserPatch, context: ActionContext) {
  if (patch.password !== undefined) checkPassword(patch.password);
  const passwordHash = patch.password === undefined ? undefined : await hashPassword(patch.password);
  return deps.db.transaction().execute(async (trx) => {
    // Serialises admin changes so two requests cannot each remove "the other" last admin.
    await trx.selectFrom('users').select('id').where('role', '=', 'admin').forUpdate().execute();
    const user = await trx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    if (!user) throw new NotFoundError('User');
    const losesAdmin =
      user.role === 'admin' && user.active && (patch.role === 'finance' || patch.active === false);
    if (losesAdmin) {
      const admins = await trx
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .where('role', '=', 'admin')
        .where('active', '=', true)
        .executeTakeFirstOrThrow();
      if (Number(admins.count) <= 1) {
        throw new ConflictError(
          'last_admin',
          'Remit needs at least one active admin',
          patch.role === 'finance' ? 'role' : 'active',
        );
      }
    }
    const changes = Object.fromEntries(
      Object.entries({
        name: patch.name?.trim(),
        role: patch.role,
        active: patch.active,
        password_hash: passwordHash,
      }).filter(([, value]) => value !== undefined),
    );
    const row = Object.keys(changes).length
      ? await trx
          .updateTable('users')
          .set(changes)
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow()
      : user;
    if (patch.active === false || passwordHash) {
      await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    }
    // A deactivated user's tokens are revoked for good, so reactivating the account does not revive them.
    if (patch.active === false) {
      await trx
        .updateTable('api_tokens')
        .set({ revoked_at: deps.clock.now() })
        .where('user_id', '=', id)
        .where('revoked_at', 'is', null)
        .execute();
    }
    const passwordChanged = passwordHash !== undefined;
    const audited = changedFields(
      passwordChanged ? { ...userAuditState(user), password: REDACTED } : userAuditState(user),
      passwordChanged ? { ...userAuditState(row), password: CHANGED_SECRET } : userAuditState(row),
    );
    if (audited) {
      await recordAuditEntry(trx, context, deps.clock.now(), {
        action: userAction(user, row, passwordChanged),
        entityType: 'user',
        entityId: id,
        ...audited,
      });
    }
    return toUserView(row);
  });
}
