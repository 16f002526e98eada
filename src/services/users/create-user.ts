import { sql } from 'kysely';
import { ConflictError } from '../../domain/errors.ts';
import { recordAuditEntry } from '../audit/record-audit-entry.ts';
import { hashPassword } from '../auth/secrets.ts';
import { type ActionContext, type ServiceDeps, type StaffRole, systemContext } from '../context.ts';
import { checkPassword, normalizeEmail } from './password-rules.ts';
import { toUserView, userAuditState } from './user-view.ts';

export interface NewUserInput {
  email: string;
  name?: string;
  role: StaffRole;
  password: string;
}

const emailTaken = () => new ConflictError('email_taken', 'A user with this email already exists', 'email');

/** Creates a staff user; `context` says who (the CLI and the first start create users as the system). */
export async function createUser(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  input: NewUserInput,
  context: ActionContext = systemContext,
) {
  const email = normalizeEmail(input.email);
  checkPassword(input.password);
  const existing = await deps.db
    .selectFrom('users')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
  if (existing) throw emailTaken();
  // The check above gives the usual answer cheaply; the unique index decides a race between two creations (e.g.
  // several processes creating the first admin from ADMIN_EMAIL at once).
  const passwordHash = await hashPassword(input.password);
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('users')
      .values({
        email,
        name: input.name?.trim() ?? '',
        role: input.role,
        password_hash: passwordHash,
        created_at: now,
      })
      .onConflict((oc) => oc.expression(sql`lower(email)`).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) throw emailTaken();
    await recordAuditEntry(trx, context, now, {
      action: 'user.created',
      entityType: 'user',
      entityId: row.id,
      before: null,
      after: userAuditState(row),
    });
    return toUserView(row);
  });
}
