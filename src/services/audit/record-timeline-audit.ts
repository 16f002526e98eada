import type { Trx } from '../../db/client.ts';
import { type TimelineEvent, timelineAudit } from '../../domain/audit-timeline.ts';
import type { Actor } from '../context.ts';
import { type AuditEntry, auditRow, recordAuditEntries } from './record-audit-entry.ts';

/** A timeline row as invoiceEventRow / documentEventRow build it. */
export type TimelineRow = {
  type: string;
  from_status: string | null;
  to_status: string | null;
  data: string;
  created_at: Date;
} & ({ invoice_id: string } | { document_kind: 'quote' | 'credit_note'; document_id: string });

/**
 * Records in the audit log the staff and API actions among timeline rows just written in `trx` (voids, payments,
 * credit notes, quote answers, …; see domain/audit-timeline.ts). The request the actor came with (Actor.origin) is
 * kept with each entry. Actions of the system and of portal contacts are left to the timeline.
 */
export async function recordTimelineAudit(
  trx: Trx,
  actor: Actor | { type: 'contact' },
  rows: readonly TimelineRow[],
): Promise<void> {
  if (actor.type !== 'user' && actor.type !== 'api_token') return;
  await recordAuditEntries(trx, { actor, origin: actor.origin ?? null }, timelineAuditEntries(rows));
}

/**
 * The audit_log rows recordTimelineAudit would insert for `rows`, for a write that inserts them in the same
 * statement as the timeline rows (one round trip fewer); none for the system and portal contacts.
 */
export function timelineAuditRows(actor: Actor | { type: 'contact' }, rows: readonly TimelineRow[]) {
  if (actor.type !== 'user' && actor.type !== 'api_token') return [];
  const by = { actor, origin: actor.origin ?? null };
  return timelineAuditEntries(rows).map(({ at, entry }) => auditRow(by, at, entry));
}

function timelineAuditEntries(rows: readonly TimelineRow[]): { at: Date; entry: AuditEntry }[] {
  const entries: { at: Date; entry: AuditEntry }[] = [];
  for (const row of rows) {
    const event: TimelineEvent =
      'invoice_id' in row
        ? { kind: 'invoice', documentId: row.invoice_id, ...eventFields(row) }
        : { kind: row.document_kind, documentId: row.document_id, ...eventFields(row) };
    const entry = timelineAudit(event);
    if (entry) entries.push({ at: row.created_at, entry });
  }
  return entries;
}

function eventFields(row: TimelineRow) {
  return {
    type: row.type,
    fromStatus: row.from_status,
    toStatus: row.to_status,
    data: JSON.parse(row.data) as Record<string, unknown>,
  };
}
