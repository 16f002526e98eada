import {
  type ProcessSummary,
  processWebhookEvents,
  type WebhookProcessingDeps,
} from '../../services/gateways/process-webhook-events.ts';

export const PROCESS_WEBHOOKS = 'process-webhooks';

/**
 * pg-boss only triggers; the exactly-once rules live in processWebhookEvents, which tests call directly. Receipts
 * and staff notices queued with the payments leave as they commit (the outbox wakes delivery).
 */
export function processWebhooksHandler(deps: WebhookProcessingDeps): () => Promise<ProcessSummary> {
  return () => processWebhookEvents(deps);
}
