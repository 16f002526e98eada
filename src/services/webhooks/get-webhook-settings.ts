import type { Db, Trx } from '../../db/client.ts';

export interface WebhookSettingsView {
  /** Endpoints may target loopback, link-local and private addresses (for receivers on the same network). */
  allowPrivateTargets: boolean;
  /** Days a delivered delivery (and its attempts) is kept; deliveries not delivered are kept until they are. */
  retentionDays: number;
}

export async function getWebhookSettings(db: Db | Trx): Promise<WebhookSettingsView> {
  const row = await db
    .selectFrom('settings')
    .select(['webhooks_allow_private_targets', 'webhook_retention_days'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  return {
    allowPrivateTargets: row.webhooks_allow_private_targets,
    retentionDays: row.webhook_retention_days,
  };
}
