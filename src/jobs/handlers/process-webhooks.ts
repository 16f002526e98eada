import type { ServiceDeps } from '../../services/context.ts';
import { type ProcessSummary, processWebhookEvents } from '../../services/gateways/process-webhook-events.ts';

export const PROCESS_WEBHOOKS = 'process-webhooks';

/** pg-boss only triggers; the exactly-once rules live in processWebhookEvents, which tests call directly. */
export function processWebhooksHandler(
  deps: ServiceDeps,
  afterWork: () => void,
): () => Promise<ProcessSummary> {
  return async () => {
    const summary = await processWebhookEvents(deps);
    // Receipts and staff notices were queued with the payments: deliver them now.
    if (summary.processed > 0) afterWork();
    return summary;
  };
}
