import type { WebhookDeliveryState } from '../../db/schema-webhooks.ts';

export interface WebhookDeliveryView {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  state: WebhookDeliveryState;
  /** Attempts of the current round (a manual redelivery starts a new one). */
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  lastDurationMs: number | null;
  /** When the next attempt is due; null once delivered or given up. */
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

export interface DeliveryListRow {
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  state: WebhookDeliveryState;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  last_duration_ms: number | null;
  next_attempt_at: Date;
  delivered_at: Date | null;
  created_at: Date;
}

export const DELIVERY_COLUMNS = [
  'webhook_deliveries.id',
  'webhook_deliveries.endpoint_id',
  'webhook_deliveries.event_id',
  'outgoing_events.type as event_type',
  'webhook_deliveries.state',
  'webhook_deliveries.attempts',
  'webhook_deliveries.last_status_code',
  'webhook_deliveries.last_error',
  'webhook_deliveries.last_duration_ms',
  'webhook_deliveries.next_attempt_at',
  'webhook_deliveries.delivered_at',
  'webhook_deliveries.created_at',
] as const;

const WAITING: WebhookDeliveryState[] = ['pending', 'delivering', 'retrying'];

export function webhookDeliveryView(row: DeliveryListRow): WebhookDeliveryView {
  return {
    id: row.id,
    endpointId: row.endpoint_id,
    eventId: row.event_id,
    eventType: row.event_type,
    state: row.state,
    attempts: row.attempts,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    lastDurationMs: row.last_duration_ms,
    nextAttemptAt: WAITING.includes(row.state) ? row.next_attempt_at.toISOString() : null,
    deliveredAt: row.delivered_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}
