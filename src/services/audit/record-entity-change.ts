import type { Trx } from '../../db/client.ts';
import { type AuditFields, changedFields } from '../../domain/audit.ts';
import type { ActionContext } from '../context.ts';
import { recordAuditEntry } from './record-audit-entry.ts';

/** Kept out of the comparison: they change with every write and say nothing about what changed. */
const BOOKKEEPING = new Set(['createdAt', 'updatedAt']);

function auditFields(view: object): AuditFields {
  return Object.fromEntries(Object.entries(view).filter(([key]) => !BOOKKEEPING.has(key)));
}

/**
 * Records `<entity>.created`, `.updated` (only the changed fields of its API view; nothing when nothing changed) or
 * `.deleted` for a client, item or project, in the transaction of the change.
 */
export async function recordEntityChange(
  trx: Trx,
  context: ActionContext,
  at: Date,
  entity: { type: 'client' | 'item' | 'project'; id: string },
  before: object | null,
  after: object | null,
): Promise<void> {
  const verb = before === null ? 'created' : after === null ? 'deleted' : 'updated';
  const changes =
    before && after
      ? changedFields(auditFields(before), auditFields(after))
      : { before: before && auditFields(before), after: after && auditFields(after) };
  if (!changes) return;
  await recordAuditEntry(trx, context, at, {
    action: `${entity.type}.${verb}`,
    entityType: entity.type,
    entityId: entity.id,
    ...changes,
  });
}
