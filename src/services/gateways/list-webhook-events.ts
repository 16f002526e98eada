import type { WebhookEventState } from '../../db/schema.ts';
import type { ServiceDeps } from '../context.ts';

export interface WebhookEventView {
  id: string;
  provider: string;
  eventId: string;
  eventType: string;
  state: WebhookEventState;
  attempts: number;
  lastError: string | null;
  /** Why Remit did not act on the event, in words; null unless the state is `ignored`. */
  ignoredReason: string | null;
  receivedAt: string;
  processedAt: string | null;
}

export interface WebhookRejectionView {
  provider: string;
  reason: string;
  remoteAddress: string;
  receivedAt: string;
}

const EVENT_COLUMNS = [
  'id',
  'provider',
  'event_id',
  'event_type',
  'state',
  'attempts',
  'last_error',
  'ignored_reason',
  'received_at',
  'processed_at',
] as const;

type EventRow = {
  id: string;
  provider: string;
  event_id: string;
  event_type: string;
  state: WebhookEventState;
  attempts: number;
  last_error: string | null;
  ignored_reason: string | null;
  received_at: Date;
  processed_at: Date | null;
};

function toView(row: EventRow): WebhookEventView {
  return {
    id: row.id,
    provider: row.provider,
    eventId: row.event_id,
    eventType: row.event_type,
    state: row.state,
    attempts: row.attempts,
    lastError: row.last_error,
    ignoredReason: row.ignored_reason,
    receivedAt: row.received_at.toISOString(),
    processedAt: row.processed_at?.toISOString() ?? null,
  };
}

/** One stored event, or undefined. */
export async function findWebhookEvent(deps: ServiceDeps, id: string): Promise<WebhookEventView | undefined> {
  const row = await deps.db
    .selectFrom('webhook_events')
    .select(EVENT_COLUMNS)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toView(row) : undefined;
}

/**
 * What the payment providers sent lately, for an admin checking that payments arrive: the stored events (newest
 * first, optionally of some states, e.g. the failed ones to retry) and the deliveries refused for their signature
 * (a wrong webhook secret shows up here first).
 */
export async function listWebhookEvents(
  deps: ServiceDeps,
  filter: { states?: WebhookEventState[]; limit?: number },
): Promise<{ items: WebhookEventView[]; rejections: WebhookRejectionView[] }> {
  const rows = await deps.db
    .selectFrom('webhook_events')
    .select(EVENT_COLUMNS)
    .$if(filter.states !== undefined && filter.states.length > 0, (query) =>
      query.where('state', 'in', filter.states!),
    )
    .orderBy('received_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit ?? 50)
    .execute();
  const rejections = await deps.db
    .selectFrom('webhook_rejections')
    .select(['provider', 'reason', 'remote_address', 'received_at'])
    .orderBy('id', 'desc')
    .limit(20)
    .execute();
  return {
    items: rows.map(toView),
    rejections: rejections.map((row) => ({
      provider: row.provider,
      reason: row.reason,
      remoteAddress: row.remote_address,
      receivedAt: row.received_at.toISOString(),
    })),
  };
}
