import type { AuditActorType, AuditLogRow } from '../../db/schema-audit.ts';
import type { AuditAction, AuditEntityType } from '../../domain/audit.ts';
import { ValidationError } from '../../domain/errors.ts';
import type { ServiceDeps } from '../context.ts';
import { afterCursor, cursorTime, type Page, type PageRequest, pageLimit, toPage } from '../pagination.ts';

export interface AuditLogFilter {
  /** A staff user: their own actions and those of their API tokens. */
  actorUserId?: string;
  actorType?: AuditActorType;
  actions?: AuditAction[];
  entityType?: AuditEntityType;
  entityId?: string;
  /** Entries at or after this instant. */
  from?: Date;
  /** Entries before this instant. */
  to?: Date;
}

export interface AuditEntryView {
  id: string;
  at: string;
  actor: { type: AuditActorType; userId: string | null; tokenId: string | null; name: string };
  action: string;
  entity: { type: string; id: string | null };
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  requestId: string | null;
  ip: string | null;
  userAgent: string | null;
}

export function toAuditEntryView(row: AuditLogRow): AuditEntryView {
  return {
    id: row.id,
    at: row.created_at.toISOString(),
    actor: {
      type: row.actor_type,
      userId: row.actor_user_id,
      tokenId: row.actor_token_id,
      name: row.actor_name,
    },
    action: row.action,
    entity: { type: row.entity_type, id: row.entity_id },
    before: row.before,
    after: row.after,
    requestId: row.request_id,
    ip: row.ip,
    userAgent: row.user_agent,
  };
}

/** Refuses a filter that can match nothing because it is wrong, naming the field. */
export function checkAuditLogFilter(filter: AuditLogFilter): void {
  if (filter.from && filter.to && filter.from >= filter.to) {
    throw new ValidationError('to', 'The end of the period must come after its start (from)');
  }
  if (filter.entityId !== undefined && filter.entityType === undefined) {
    throw new ValidationError('entityType', 'Give the kind of entity the entityId belongs to');
  }
}

/**
 * One page of the audit log (admins), newest first, with keyset pagination like every other list; the CSV export
 * reads it a page at a time too. Every filter is served by one of migration 031's indexes.
 */
export async function listAuditLog(
  deps: ServiceDeps,
  filter: AuditLogFilter & PageRequest,
): Promise<Page<AuditEntryView>> {
  checkAuditLogFilter(filter);
  let query = deps.db.selectFrom('audit_log').selectAll().select(cursorTime('audit_log'));
  if (filter.actorUserId) query = query.where('actor_user_id', '=', filter.actorUserId);
  if (filter.actorType) query = query.where('actor_type', '=', filter.actorType);
  if (filter.actions?.length) query = query.where('action', 'in', filter.actions);
  if (filter.entityType) query = query.where('entity_type', '=', filter.entityType);
  if (filter.entityId !== undefined) query = query.where('entity_id', '=', filter.entityId);
  if (filter.from) query = query.where('created_at', '>=', filter.from);
  if (filter.to) query = query.where('created_at', '<', filter.to);
  if (filter.cursor) query = query.where(afterCursor('audit_log', filter.cursor));
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(pageLimit(filter))
    .execute();
  return toPage(rows, filter, toAuditEntryView);
}
