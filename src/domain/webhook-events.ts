/**
 * The events Remit publishes to webhook endpoints (docs/webhooks.md). The database triggers of migration 030 derive
 * them from the documents' timelines and the clients table; this list is what an endpoint may subscribe to.
 */
export const WEBHOOK_EVENT_TYPES = [
  'invoice.created',
  'invoice.issued',
  'invoice.sent',
  'invoice.viewed',
  'invoice.paid',
  'invoice.overdue',
  'invoice.voided',
  'payment.recorded',
  'payment.refunded',
  'quote.accepted',
  'quote.declined',
  'credit_note.issued',
  'client.created',
  'client.updated',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Sent only by "send test event" to one endpoint; no endpoint subscribes to it. */
export const WEBHOOK_TEST_EVENT = 'webhook.test';

/** The JSON body every delivery carries; `id` is the same on every retry and redelivery, for receivers to dedupe. */
export function webhookBody(event: { id: string; type: string; createdAt: Date; data: unknown }): string {
  return JSON.stringify({
    id: event.id,
    type: event.type,
    createdAt: event.createdAt.toISOString(),
    data: event.data,
  });
}
