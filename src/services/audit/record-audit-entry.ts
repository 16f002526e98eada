import type { Trx } from '../../db/client.ts';
import type { AuditActorType } from '../../db/schema-audit.ts';
import {
  type AuditAction,
  type AuditEntityType,
  type AuditFields,
  redactSecrets,
} from '../../domain/audit.ts';
import type { Actor, RequestOrigin } from '../context.ts';

export interface AuditEntry {
  action: AuditAction;
  entityType: AuditEntityType;
  entityId: string | null;
  /** The changed fields before and after (see changedFields); null for a creation's before or a deletion's after. */
  before?: AuditFields | null;
  after?: AuditFields | null;
}

/** Who acted: a staff member or API token, the system, or nobody signed in (a failed login). */
export interface AuditBy {
  actor: Actor | null;
  origin: RequestOrigin | null;
}

/** Headers are the client's to fill: kept short enough that a hostile one cannot bloat the log. */
const MAX_HEADER_TEXT = 500;

function actorColumns(actor: Actor | null) {
  if (!actor)
    return {
      actor_type: 'anonymous' as AuditActorType,
      actor_user_id: null,
      actor_token_id: null,
      actor_name: '',
    };
  return {
    actor_type: actor.type as AuditActorType,
    actor_user_id: actor.userId,
    actor_token_id: actor.type === 'api_token' ? actor.id : null,
    actor_name: actor.name,
  };
}

function json(fields: AuditFields | null | undefined): string | null {
  return fields ? JSON.stringify(redactSecrets(fields)) : null;
}

/** The audit_log row of an entry (for writes that insert it in the same statement as the change it records). */
export function auditRow(by: AuditBy, at: Date, entry: AuditEntry) {
  return {
    created_at: at,
    ...actorColumns(by.actor),
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId,
    before: json(entry.before),
    after: json(entry.after),
    request_id: by.origin?.requestId.slice(0, MAX_HEADER_TEXT) ?? null,
    ip: by.origin?.ip ?? null,
    user_agent: by.origin?.userAgent?.slice(0, MAX_HEADER_TEXT) ?? null,
  };
}

/**
 * Appends one entry to the audit log. It takes a transaction, not the database: the entry commits with the change
 * it records, or neither does.
 */
export async function recordAuditEntry(trx: Trx, by: AuditBy, at: Date, entry: AuditEntry): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values(auditRow(by, at, entry))
    .execute();
}

/** Several entries by the same actor in one statement (a bulk action), in the transaction of the change. */
export async function recordAuditEntries(
  trx: Trx,
  by: AuditBy,
  entries: readonly { at: Date; entry: AuditEntry }[],
): Promise<void> {
  if (entries.length === 0) return;
  await trx
    .insertInto('audit_log')
    .values(entries.map(({ at, entry }) => auditRow(by, at, entry)))
    .execute();
}
