import type { Updateable } from 'kysely';
import type { WebhookEndpointsTable } from '../../db/schema-webhooks.ts';
import type { ActionContext } from '../context.ts';
import { NotFoundError } from '../errors.ts';
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

/**
 * Changes an endpoint; fields left out keep their value. A new secret signs every delivery from now on, retries of
 * older events included. Enabling an endpoint (again) forgets its failures; its waiting deliveries go out.
 */
export async function updateWebhookEndpoint(
  deps: WebhookDeps,
  id: string,
  patch: Partial<WebhookEndpointInput>,
  context: ActionContext,
): Promise<WebhookEndpointView> {
  const changes: Updateable<WebhookEndpointsTable> = { updated_at: deps.clock.now() };
  if (patch.eventTypes !== undefined) changes.event_types = checkedEventTypes(patch.eventTypes);
  if (patch.description !== undefined) changes.description = patch.description.trim();
  if (patch.secret !== undefined)
    changes.secret_encrypted = encryptSecret(
      deps.secretKey,
      checkedSecret(patch.secret),
      endpointSecretPurpose(id),
    );
  if (patch.url !== undefined) changes.url = await checkedEndpointUrl(deps, patch.url);
  if (patch.enabled !== undefined) {
    changes.enabled = patch.enabled;
    changes.disabled_reason = null;
    if (patch.enabled) Object.assign(changes, { consecutive_failures: 0, failing_since: null });
  }
  const row = await deps.db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw new NotFoundError('Webhook endpoint');
    const after = await trx
      .updateTable('webhook_endpoints')
      .set(changes)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordEndpointChange(trx, context, changes.updated_at as Date, before, after);
    return after;
  });
  return webhookEndpointView(row);
}
