import { sql } from 'kysely';
import type { Trx } from '../../db/client.ts';
import type { WebhookTransport } from '../../ports.ts';
import type { ServiceDeps } from '../context.ts';

/** What the webhook use cases need besides the database and clock. */
export interface WebhookDeps extends ServiceDeps {
  /** Encrypts the endpoints' signing secrets (services/settings/secret-box.ts). */
  secretKey: Buffer;
  transport: WebhookTransport;
}

/** The channel migration 030's trigger notifies when deliveries are queued; the jobs listen on it. */
export const WEBHOOK_QUEUED_CHANNEL = 'remit_webhook_queued';

/** The purpose an endpoint's secret is encrypted for: binds the ciphertext to its row. */
export function endpointSecretPurpose(endpointId: string): string {
  return `webhook-endpoint:${endpointId}`;
}

/** Wakes the delivery job in every process at commit. */
export async function notifyWebhooksQueued(trx: Trx): Promise<void> {
  await sql`select pg_notify(${WEBHOOK_QUEUED_CHANNEL}, '')`.execute(trx);
}
