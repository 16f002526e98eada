import { sql } from 'kysely';
import { ConflictError } from '../../domain/errors.ts';
import { hashPassword } from '../auth/secrets.ts';
import type { ServiceDeps, StaffRole } from '../context.ts';
import { checkPassword, normalizeEmail } from './password-rules.ts';
import { toUserView } from './user-view.ts';

export interface NewUserInput {
  email: string;
  name?: string;
  role: StaffRole;
  password: string;
}

const emailTaken = () => new ConflictError('email_taken', 'A user with this email already exists', 'email');

export async function createUser(deps: Pick<ServiceDeps, 'db' | 'clock'>, input: NewUserInput) {
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
  const row = await deps.db
    .insertInto('users')
    .values({
      email,
      name: input.name?.trim() ?? '',
      role: input.role,
      password_hash: await hashPassword(input.password),
      created_at: deps.clock.now(),
    })
    .onConflict((oc) => oc.expression(sql`lower(email)`).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) throw emailTaken();
  return toUserView(row);
}
