/** Tables of outgoing webhooks (migration 030; docs/webhooks.md). */
import type { Generated, Selectable } from 'kysely';
import type { Defaulted, Json, Timestamp } from './column-types.ts';

export interface WebhookEndpointsTable {
  id: Generated<string>;
  url: string;
  description: Defaulted<string>;
  event_types: string[];
  /** The signing secret, encrypted like other stored secrets (services/settings/secret-box.ts). */
  secret_encrypted: string;
  enabled: Defaulted<boolean>;
  /** Why Remit turned the endpoint off (repeated failure); null when enabled or turned off by an admin. */
  disabled_reason: string | null;
  consecutive_failures: Defaulted<number>;
  failing_since: Timestamp | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** An event Remit publishes; written by the triggers of migration 030 (or a test event). */
export interface OutgoingEventsTable {
  id: Generated<string>;
  type: string;
  data: Json<Record<string, unknown>>;
  created_at: Timestamp;
}

export type WebhookDeliveryState = 'pending' | 'delivering' | 'retrying' | 'delivered' | 'failed';

/** One event to one endpoint: the outbox row, claimed with a lease while an attempt runs. */
export interface WebhookDeliveriesTable {
  id: Generated<string>;
  endpoint_id: string;
  event_id: string;
  state: Defaulted<WebhookDeliveryState>;
  /** Attempts of the current round: a manual redelivery starts a new one (webhook_attempts keeps them all). */
  attempts: Defaulted<number>;
  next_attempt_at: Timestamp;
  last_status_code: number | null;
  last_error: string | null;
  last_duration_ms: number | null;
  delivered_at: Timestamp | null;
  created_at: Timestamp;
}

/** The delivery log: every attempt with its outcome. */
export interface WebhookAttemptsTable {
  id: Generated<bigint>;
  delivery_id: string;
  attempted_at: Timestamp;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
  response_excerpt: Defaulted<string>;
}

export interface WebhookTables {
  webhook_endpoints: WebhookEndpointsTable;
  outgoing_events: OutgoingEventsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
}

export type WebhookEndpointRow = Selectable<WebhookEndpointsTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveriesTable>;
export type WebhookAttemptRow = Selectable<WebhookAttemptsTable>;
