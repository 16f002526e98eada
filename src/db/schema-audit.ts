/** The audit log (migration 031): append-only, see services/audit/. */
import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Timestamp } from './column-types.ts';

export type AuditActorType = 'user' | 'api_token' | 'system' | 'portal' | 'anonymous';

/** Changed fields only, secrets redacted (domain/audit.ts); written as JSON text. */
type AuditJson = ColumnType<Record<string, unknown> | null, string | null, never>;

export interface AuditLogTable {
  id: Generated<string>;
  created_at: Timestamp;
  actor_type: AuditActorType;
  /** The user acting, or the owner of the API token acting. */
  actor_user_id: string | null;
  actor_token_id: string | null;
  /** The actor's name when the entry was written (users are renamed, tokens revoked). */
  actor_name: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: AuditJson;
  after: AuditJson;
  request_id: string | null;
  ip: string | null;
  user_agent: string | null;
}

export interface AuditTables {
  audit_log: AuditLogTable;
}

export type AuditLogRow = Selectable<AuditLogTable>;
