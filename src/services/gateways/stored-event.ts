import { z } from 'zod';
import type { Db, Trx } from '../../db/client.ts';
import type { GatewayProviderName } from '../../db/schema.ts';
import type { GatewayEvent, VerifiedWebhook } from '../../ports.ts';

export function serializeEvent(event: GatewayEvent): string {
  return JSON.stringify(event, (_key, value) => (typeof value === 'bigint' ? value.toString() : value));
}

const id = z.string().min(1).max(255);
const minorUnits = z
  .string()
  .regex(/^\d{1,19}$/)
  .transform(BigInt)
  .refine((value) => value < 2n ** 63n);
const currency = z.string().regex(/^[A-Z]{3}$/);
const invoiceId = z.guid().nullable();

/** What storeVerifiedEvent writes in `parsed`, read back: rows written by older versions are checked the same way. */
const storedEventSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('payment_succeeded'),
    paymentId: id,
    checkoutId: id.nullable(),
    invoiceId,
    amountMinor: minorUnits,
    currency,
  }),
  z.object({
    kind: z.literal('payment_failed'),
    paymentId: id.nullable(),
    checkoutId: id.nullable(),
    invoiceId,
  }),
  z.object({ kind: z.literal('payment_refunded'), paymentId: id, refundedTotalMinor: minorUnits, currency }),
  z.object({ kind: z.literal('ignored'), reason: z.string().default('Not an event Remit acts on') }),
]);

/** The stored reading of an event, or the ignored event saying why it cannot be used. */
export function deserializeEvent(stored: unknown): GatewayEvent {
  const parsed = storedEventSchema.safeParse(stored);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((issue) => issue.path.join('.') || 'kind').join(', ');
  return { kind: 'ignored', reason: `The stored reading of this event is not one Remit can use (${fields})` };
}

/**
 * Text PostgreSQL accepts in text and jsonb columns: no NUL character, no unpaired surrogate (both are refused
 * outright), at most `max` characters.
 */
export function storableText(text: string, max = Number.POSITIVE_INFINITY): string {
  return text
    .slice(0, max)
    .replaceAll('\u0000', '\uFFFD')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/**
 * Stores a verified event once: a second delivery with the same (provider, event id) inserts nothing. An event
 * Remit does not act on is stored `ignored` with its reason, already done. Answers the row id and whether this
 * delivery was the first.
 */
export async function storeVerifiedEvent(
  db: Db | Trx,
  provider: GatewayProviderName,
  verified: VerifiedWebhook,
  rawBody: string,
  now: Date,
): Promise<{ id: string; first: boolean }> {
  const eventId = storableText(verified.eventId, 255);
  const ignored = verified.event.kind === 'ignored';
  const event: GatewayEvent =
    verified.event.kind === 'ignored'
      ? { kind: 'ignored', reason: storableText(verified.event.reason, 1000) }
      : verified.event;
  const inserted = await db
    .insertInto('webhook_events')
    .values({
      provider,
      event_id: eventId,
      event_type: storableText(verified.eventType, 255),
      raw_body: storableText(rawBody),
      parsed: serializeEvent(event),
      state: ignored ? 'ignored' : 'received',
      ignored_reason: event.kind === 'ignored' ? event.reason : null,
      received_at: now,
      processed_at: ignored ? now : null,
    })
    .onConflict((oc) => oc.columns(['provider', 'event_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { id: inserted.id, first: true };
  const existing = await db
    .selectFrom('webhook_events')
    .select('id')
    .where('provider', '=', provider)
    .where('event_id', '=', eventId)
    .executeTakeFirstOrThrow();
  return { id: existing.id, first: false };
}
