import type { ServiceDeps } from '../context.ts';
import { getWebhookSettings, type WebhookSettingsView } from './get-webhook-settings.ts';

/** Endpoints saved while private targets were allowed stay, but their deliveries are refused again once it is off. */
export async function updateWebhookSettings(
  deps: ServiceDeps,
  patch: Partial<WebhookSettingsView>,
): Promise<WebhookSettingsView> {
  if (patch.allowPrivateTargets !== undefined) {
    await deps.db
      .updateTable('settings')
      .set({ webhooks_allow_private_targets: patch.allowPrivateTargets, updated_at: deps.clock.now() })
      .where('id', '=', 1)
      .execute();
  }
  return getWebhookSettings(deps.db);
}
