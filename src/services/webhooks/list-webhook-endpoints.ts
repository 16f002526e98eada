import type { ServiceDeps } from '../context.ts';
import { type WebhookEndpointView, webhookEndpointView } from './webhook-endpoint-view.ts';

/** Every endpoint, oldest first (an organisation has a handful). */
export async function listWebhookEndpoints(deps: ServiceDeps): Promise<WebhookEndpointView[]> {
  const rows = await deps.db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(webhookEndpointView);
}
