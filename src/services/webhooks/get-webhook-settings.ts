import type { Db, Trx } from '../../db/client.ts';

export interface WebhookSettingsView {
  /** Endpoints may target loopback, link-local and private addresses (for receivers on the same network). */
  allowPrivateTargets: boolean;
}

export async function getWebhookSettings(db: Db | Trx): Promise<WebhookSettingsView> {
  const row = await db
    .selectFrom('settings')
    .select('webhooks_allow_private_targets')
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  return { allowPrivateTargets: row.webhooks_allow_private_targets };
}
