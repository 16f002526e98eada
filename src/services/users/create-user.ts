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

export async function createUser(deps: Pick<ServiceDeps, 'db' | 'clock'>, input: NewUserInput) {
  const email = normalizeEmail(input.email);
  checkPassword(input.password);
  const existing = await deps.db
    .selectFrom('users')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
  if (existing) throw new ConflictError('email_taken', 'A user with this email already exists', 'email');
  const row = await deps.db
    .insertInto('users')
    .values({
      email,
      name: input.name?.trim() ?? '',
      role: input.role,
      password_hash: await hashPassword(input.password),
      created_at: deps.clock.now(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toUserView(row);
}
