import type { Trx } from '../../db/client.ts';
import type { WebhookEndpointRow } from '../../db/schema-webhooks.ts';
import { type AuditFields, CHANGED_SECRET, changedFields, REDACTED, SECRET_SET } from '../../domain/audit.ts';
import { recordAuditEntry } from '../audit/record-audit-entry.ts';
import type { ActionContext } from '../context.ts';

/** An endpoint as the audit log shows it: what an admin sets, the signing secret only as a marker. */
export function endpointAuditState(row: WebhookEndpointRow): AuditFields {
  return {
    url: row.url,
    description: row.description,
    eventTypes: row.event_types,
    enabled: row.enabled,
    secret: SECRET_SET,
  };
}

/**
 * Records `webhook_endpoint.created`, `.updated` (only the changed fields; a rotated secret as `[changed]`) or
 * `.deleted` in the transaction of the change. An update that changes nothing an admin sets writes nothing.
 */
export async function recordEndpointChange(
  trx: Trx,
  context: ActionContext,
  at: Date,
  before: WebhookEndpointRow | null,
  after: WebhookEndpointRow | null,
): Promise<void> {
  const entityId = (after ?? before)?.id ?? null;
  if (!before || !after) {
    await recordAuditEntry(trx, context, at, {
      action: before ? 'webhook_endpoint.deleted' : 'webhook_endpoint.created',
      entityType: 'webhook_endpoint',
      entityId,
      before: before && endpointAuditState(before),
      after: after && endpointAuditState(after),
    });
    return;
  }
  const changes = changedFields(endpointAuditState(before), endpointAuditState(after));
  const secretRotated = before.secret_encrypted !== after.secret_encrypted;
  if (!changes && !secretRotated) return;
  await recordAuditEntry(trx, context, at, {
    action: 'webhook_endpoint.updated',
    entityType: 'webhook_endpoint',
    entityId,
    before: { ...changes?.before, ...(secretRotated ? { secret: REDACTED } : {}) },
    after: { ...changes?.after, ...(secretRotated ? { secret: CHANGED_SECRET } : {}) },
  });
}
