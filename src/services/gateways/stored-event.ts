import type { Db, Trx } from '../../db/client.ts';
import type { GatewayProviderName } from '../../db/schema.ts';
import type { GatewayEvent, VerifiedWebhook } from '../../ports.ts';

export function serializeEvent(event: GatewayEvent): string {
  return JSON.stringify(event, (_key, value) => (typeof value === 'bigint' ? value.toString() : value));
}

export function deserializeEvent(stored: unknown): GatewayEvent {
  const event = stored as Record<string, unknown>;
  switch (event.kind) {
    case 'payment_succeeded':
      return { ...event, amountMinor: BigInt(event.amountMinor as string) } as GatewayEvent;
    case 'payment_refunded':
      return { ...event, refundedTotalMinor: BigInt(event.refundedTotalMinor as string) } as GatewayEvent;
    default:
      return event as GatewayEvent;
  }
}

/**
 * Stores a verified event once: a second delivery with the same (provider, event id) inserts nothing.
 * Answers the row id and whether this delivery was the first.
 */
export async function storeVerifiedEvent(
  db: Db | Trx,
  provider: GatewayProviderName,
  verified: VerifiedWebhook,
  rawBody: string,
  now: Date,
): Promise<{ id: string; first: boolean }> {
  const inserted = await db
    .insertInto('webhook_events')
    .values({
      provider,
      event_id: verified.eventId,
      event_type: verified.eventType,
      raw_body: rawBody,
      parsed: serializeEvent(verified.event),
      state: verified.event.kind === 'ignored' ? 'ignored' : 'received',
      received_at: now,
      processed_at: verified.event.kind === 'ignored' ? now : null,
    })
    .onConflict((oc) => oc.columns(['provider', 'event_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { id: inserted.id, first: true };
  const existing = await db
    .selectFrom('webhook_events')
    .select('id')
    .where('provider', '=', provider)
    .where('event_id', '=', verified.eventId)
    .executeTakeFirstOrThrow();
  return { id: existing.id, first: false };
}
