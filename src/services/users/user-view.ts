import type { UserRow } from '../../db/schema.ts';

export interface UserView {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'finance';
  active: boolean;
  createdAt: string;
}

export function toUserView(row: UserRow): UserView {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    active: row.active,
    createdAt: row.created_at.toISOString(),
  };
}

/** A user as the audit log compares them: never the password hash. */
export function userAuditState(row: UserRow) {
  return { email: row.email, name: row.name, role: row.role, active: row.active };
}
