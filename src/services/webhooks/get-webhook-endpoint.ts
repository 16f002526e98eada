import type { ServiceDeps } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { type WebhookEndpointView, webhookEndpointView } from './webhook-endpoint-view.ts';

export async function getWebhookEndpoint(deps: ServiceDeps, id: string): Promise<WebhookEndpointView> {
  const row = await deps.db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Webhook endpoint');
  return webhookEndpointView(row);
}
