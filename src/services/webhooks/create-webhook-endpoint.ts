import { randomUUID } from 'node:crypto';
import { generateWebhookSecret } from '../../domain/webhook-signature.ts';
import type { ActionContext } from '../context.ts';
import { encryptSecret } from '../settings/secret-box.ts';
import { endpointSecretPurpose, type WebhookDeps } from './webhook-deps.ts';
import { recordEndpointChange } from './webhook-endpoint-audit.ts';
import {
  checkedEndpointUrl,
  checkedEventTypes,
  checkedSecret,
  type WebhookEndpointInput,
} from './webhook-endpoint-input.ts';
import { type WebhookEndpointView, webhookEndpointView } from './webhook-endpoint-view.ts';

/** A new endpoint; `secret` is in the answer only when Remit generated it (the only time it is ever shown). */
export async function createWebhookEndpoint(
  deps: WebhookDeps,
  input: WebhookEndpointInput,
  context: ActionContext,
): Promise<WebhookEndpointView & { secret?: string }> {
  const eventTypes = checkedEventTypes(input.eventTypes);
  const secret = input.secret === undefined ? generateWebhookSecret() : checkedSecret(input.secret);
  const url = await checkedEndpointUrl(deps, input.url);
  const id = randomUUID();
  const now = deps.clock.now();
  const row = await deps.db.transaction().execute(async (trx) => {
    const created = await trx
      .insertInto('webhook_endpoints')
      .values({
        id,
        url,
        description: input.description?.trim() ?? '',
        event_types: eventTypes,
        secret_encrypted: encryptSecret(deps.secretKey, secret, endpointSecretPurpose(id)),
        enabled: input.enabled ?? true,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordEndpointChange(trx, context, now, null, created);
    return created;
  });
  return { ...webhookEndpointView(row), ...(input.secret === undefined ? { secret } : {}) };
}
