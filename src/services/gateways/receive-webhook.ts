import { createHash } from 'node:crypto';
import { type VerifiedWebhook, WebhookRejectedError } from '../../ports.ts';
import { SecretUnreadableError } from '../settings/secret-box.ts';
import { assertProvider, isComplete, loadGatewayConfig } from './gateway-config.ts';
import type { GatewayDeps } from './gateway-deps.ts';
import { storeVerifiedEvent } from './stored-event.ts';

export interface WebhookDelivery {
  provider: string;
  rawBody: Buffer;
  headers: Record<string, string | string[] | undefined>;
  remoteAddress: string;
}

export interface AcceptedWebhook {
  eventRowId: string;
  /** False for a repeated delivery of an event already stored: it is acknowledged and changes nothing. */
  first: boolean;
  acknowledgement: VerifiedWebhook['acknowledgement'];
}

/**
 * First step of every webhook: verify the signature over the raw bytes, then store the event once. Nothing else
 * happens here (the job processes it), so the provider gets its 2xx quickly. A delivery that does not verify throws
 * WebhookRejectedError after leaving a rejection row with its size and hash, never its body.
 */
export async function receiveWebhook(deps: GatewayDeps, delivery: WebhookDelivery): Promise<AcceptedWebhook> {
  const provider = assertProvider(delivery.provider);
  const now = deps.clock.now();
  let verified: VerifiedWebhook;
  try {
    let config: Awaited<ReturnType<typeof loadGatewayConfig>> = null;
    try {
      config = await loadGatewayConfig(deps.db, deps.secretKey, provider);
    } catch (error) {
      if (!(error instanceof SecretUnreadableError)) throw error;
    }
    if (!config || !isComplete(provider, config.credentials)) {
      throw new WebhookRejectedError(`${provider} is not configured`);
    }
    verified = await deps.gateways(config).verifyAndParseWebhook(delivery.rawBody, delivery.headers, now);
  } catch (error) {
    if (!(error instanceof WebhookRejectedError)) throw error;
    await deps.db
      .insertInto('webhook_rejections')
      .values({
        provider,
        reason: error.reason.slice(0, 500),
        remote_address: delivery.remoteAddress.slice(0, 100),
        body_sha256: createHash('sha256').update(delivery.rawBody).digest('hex'),
        body_length: delivery.rawBody.length,
        received_at: now,
      })
      .execute();
    throw error;
  }
  const stored = await storeVerifiedEvent(
    deps.db,
    provider,
    verified,
    delivery.rawBody.toString('utf8'),
    now,
  );
  return { eventRowId: stored.id, first: stored.first, acknowledgement: verified.acknowledgement };
}
