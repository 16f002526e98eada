import {
  deliverDueWebhooks,
  type WebhookDeliveryReport,
} from '../../services/webhooks/deliver-due-webhooks.ts';
import type { WebhookDeps } from '../../services/webhooks/webhook-deps.ts';

export const DELIVER_WEBHOOKS = 'deliver-webhooks';

/** pg-boss only triggers; claims, retries and the at-least-once rules live in deliverDueWebhooks. */
export function deliverWebhooksHandler(deps: WebhookDeps): () => Promise<WebhookDeliveryReport> {
  return () => deliverDueWebhooks(deps);
}
