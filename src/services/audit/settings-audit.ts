import type { Trx } from '../../db/client.ts';
import { type AuditFields, camelCaseKeys, changedFields } from '../../domain/audit.ts';
import type { ActionContext } from '../context.ts';
import { recordAuditEntry } from './record-audit-entry.ts';

/**
 * The organisation settings as the audit log compares them: every column under its API-like name, and the default
 * tax rates. Locks the settings row, so concurrent changes are recorded one after the other with true befores.
 */
export async function settingsAuditState(trx: Trx): Promise<AuditFields> {
  const {
    id: _id,
    updated_at: _updatedAt,
    ...row
  } = await trx.selectFrom('settings').selectAll().where('id', '=', 1).forUpdate().executeTakeFirstOrThrow();
  const defaults = await trx
    .selectFrom('tax_rates')
    .select('id')
    .where('is_default', '=', true)
    .orderBy('id')
    .execute();
  return { ...camelCaseKeys(row), defaultTaxRateIds: defaults.map((rate) => rate.id) };
}

/** Records `settings.updated` with the fields that differ from `before`; nothing when nothing changed. */
export async function recordSettingsChange(
  trx: Trx,
  context: ActionContext,
  at: Date,
  before: AuditFields,
): Promise<void> {
  const changes = changedFields(before, await settingsAuditState(trx));
  if (!changes) return;
  await recordAuditEntry(trx, context, at, {
    action: 'settings.updated',
    entityType: 'settings',
    entityId: null,
    ...changes,
  });
}
