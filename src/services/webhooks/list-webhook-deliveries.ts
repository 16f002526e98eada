import type { WebhookDeliveryState } from '../../db/schema-webhooks.ts';
import type { ServiceDeps } from '../context.ts';
import { afterCursor, cursorTime, type Page, type PageRequest, pageLimit, toPage } from '../pagination.ts';
import { getWebhookEndpoint } from './get-webhook-endpoint.ts';
import { DELIVERY_COLUMNS, type WebhookDeliveryView, webhookDeliveryView } from './webhook-delivery-view.ts';

/** An endpoint's delivery log, newest first, optionally of some states (e.g. the failed ones to redeliver). */
export async function listWebhookDeliveries(
  deps: ServiceDeps,
  endpointId: string,
  request: PageRequest & { states?: WebhookDeliveryState[] },
): Promise<Page<WebhookDeliveryView>> {
  await getWebhookEndpoint(deps, endpointId);
  const rows = await deps.db
    .selectFrom('webhook_deliveries')
    .innerJoin('outgoing_events', 'outgoing_events.id', 'webhook_deliveries.event_id')
    .select([...DELIVERY_COLUMNS, cursorTime('webhook_deliveries')])
    .where('webhook_deliveries.endpoint_id', '=', endpointId)
    .$if(request.states !== undefined && request.states.length > 0, (query) =>
      query.where('webhook_deliveries.state', 'in', request.states!),
    )
    .$if(request.cursor !== undefined, (query) =>
      query.where(afterCursor('webhook_deliveries', request.cursor!)),
    )
    .orderBy('webhook_deliveries.created_at', 'desc')
    .orderBy('webhook_deliveries.id', 'desc')
    .limit(pageLimit(request))
    .execute();
  return toPage(rows, request, webhookDeliveryView);
}
