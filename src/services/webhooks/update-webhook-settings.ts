import { ValidationError } from '../../domain/errors.ts';
import { recordSettingsChange, settingsAuditState } from '../audit/settings-audit.ts';
import type { ActionContext, ServiceDeps } from '../context.ts';
import { getWebhookSettings, type WebhookSettingsView } from './get-webhook-settings.ts';

/**
 * Endpoints saved while private targets were allowed stay, but their deliveries are refused again once it is off.
 * Recorded in the audit log as `settings.updated`, like the organisation settings.
 */
export async function updateWebhookSettings(
  deps: ServiceDeps,
  patch: Partial<WebhookSettingsView>,
  context: ActionContext,
): Promise<WebhookSettingsView> {
  const days = patch.retentionDays;
  if (days !== undefined && !(Number.isInteger(days) && days >= 1 && days <= 3650)) {
    throw new ValidationError(
      'retentionDays',
      'Keep delivered webhooks for a whole number of days from 1 to 3650',
    );
  }
  return deps.db.transaction().execute(async (trx) => {
    const before = await settingsAuditState(trx);
    if (patch.allowPrivateTargets !== undefined || days !== undefined) {
      await trx
        .updateTable('settings')
        .set({
          webhooks_allow_private_targets: patch.allowPrivateTargets,
          webhook_retention_days: days,
          updated_at: deps.clock.now(),
        })
        .where('id', '=', 1)
        .execute();
    }
    await recordSettingsChange(trx, context, deps.clock.now(), before);
    return getWebhookSettings(trx);
  });
}
