import type { WebhookEndpointRow } from '../../db/schema-webhooks.ts';

export interface WebhookEndpointView {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  enabled: boolean;
  /** Why Remit turned it off (repeated failure); null when enabled or turned off by an admin. */
  disabledReason: string | null;
  /** Failed attempts in a row, across its events; 0 after any success. */
  consecutiveFailures: number;
  failingSince: string | null;
  createdAt: string;
  updatedAt: string;
}

export function webhookEndpointView(row: WebhookEndpointRow): WebhookEndpointView {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.event_types,
    enabled: row.enabled,
    disabledReason: row.disabled_reason,
    consecutiveFailures: row.consecutive_failures,
    failingSince: row.failing_since?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
