import { pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { spreadsheetSafe } from '../../domain/audit.ts';
import type { ActionContext, ServiceDeps } from '../context.ts';
import { afterCursor, encodeCursor } from '../pagination.ts';
import {
  type AuditEntryView,
  type AuditLogFilter,
  auditLogQuery,
  checkAuditLogFilter,
  toAuditEntryView,
} from './list-audit-log.ts';
import { recordAuditEntry } from './record-audit-entry.ts';

/** Rows read per query while streaming: memory stays flat however long the log. */
const BATCH_SIZE = 500;

export const AUDIT_CSV_COLUMNS = [
  'at',
  'actor_type',
  'actor_name',
  'actor_user_id',
  'actor_token_id',
  'action',
  'entity_type',
  'entity_id',
  'before',
  'after',
  'request_id',
  'ip',
  'user_agent',
] as const;

function csvRecord(entry: AuditEntryView): string[] {
  const cells = [
    entry.at,
    entry.actor.type,
    entry.actor.name,
    entry.actor.userId ?? '',
    entry.actor.tokenId ?? '',
    entry.action,
    entry.entity.type,
    entry.entity.id ?? '',
    entry.before ? JSON.stringify(entry.before) : '',
    entry.after ? JSON.stringify(entry.after) : '',
    entry.requestId ?? '',
    entry.ip ?? '',
    entry.userAgent ?? '',
  ];
  return cells.map(spreadsheetSafe);
}

async function* matchingEntries(deps: ServiceDeps, filter: AuditLogFilter): AsyncGenerator<string[]> {
  let cursor: string | null = null;
  do {
    let query = auditLogQuery(deps, filter);
    if (cursor) query = query.where(afterCursor('audit_log', cursor));
    const rows = await query.limit(BATCH_SIZE).execute();
    for (const row of rows) yield csvRecord(toAuditEntryView(row));
    const last = rows.at(-1);
    cursor =
      rows.length === BATCH_SIZE && last ? encodeCursor({ createdAt: last.created_at, id: last.id }) : null;
  } while (cursor);
}

/**
 * The entries matching `filter` as CSV (RFC 4180: CRLF line ends, quotes doubled), newest first, streamed in
 * batches. The export is itself recorded (`audit_log.exported`, with its filter) before the first row is read.
 */
export async function exportAuditLog(
  deps: ServiceDeps,
  filter: AuditLogFilter,
  context: ActionContext,
): Promise<Readable> {
  checkAuditLogFilter(filter);
  const now = deps.clock.now();
  await deps.db.transaction().execute((trx) =>
    recordAuditEntry(trx, context, now, {
      action: 'audit_log.exported',
      entityType: 'audit_log',
      entityId: null,
      after: { filter: { ...filter, from: filter.from?.toISOString(), to: filter.to?.toISOString() } },
    }),
  );
  const csv = stringify({ header: true, columns: [...AUDIT_CSV_COLUMNS], record_delimiter: 'windows' });
  // A database error halfway destroys the stream: the download ends broken rather than looking complete.
  return pipeline(Readable.from(matchingEntries(deps, filter)), csv, () => {});
}
