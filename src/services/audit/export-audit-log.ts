import type { ActionContext, ServiceDeps } from '../context.ts';
import {
  allPages,
  type CsvCell,
  type CsvTable,
  EXPORT_BATCH,
  mapBatches,
  textCell,
} from '../exports/csv-table.ts';
import {
  type AuditEntryView,
  type AuditLogFilter,
  checkAuditLogFilter,
  listAuditLog,
} from './list-audit-log.ts';
import { recordAuditEntry } from './record-audit-entry.ts';

const COLUMNS = [
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

function csvRow(entry: AuditEntryView): CsvCell[] {
  return [
    entry.at,
    entry.actor.type,
    textCell(entry.actor.name),
    entry.actor.userId,
    entry.actor.tokenId,
    entry.action,
    entry.entity.type,
    textCell(entry.entity.id),
    entry.before && JSON.stringify(entry.before),
    entry.after && JSON.stringify(entry.after),
    textCell(entry.requestId),
    textCell(entry.ip),
    textCell(entry.userAgent),
  ];
}

/**
 * The entries matching `filter` as a CSV table (http/csv-download.ts writes it), newest first, read a page at a
 * time. The export is itself recorded (`audit_log.exported`, with its filter) once the filter has been checked.
 */
export async function exportAuditLog(
  deps: ServiceDeps,
  filter: AuditLogFilter,
  context: ActionContext,
): Promise<CsvTable> {
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
  const pages = allPages((cursor) => listAuditLog(deps, { ...filter, cursor, limit: EXPORT_BATCH }));
  return {
    filename: `remit-audit-log-${now.toISOString().slice(0, 10)}.csv`,
    columns: COLUMNS,
    batches: mapBatches(pages, (entries) => entries.map(csvRow)),
  };
}
