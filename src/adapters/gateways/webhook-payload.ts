import { createHash } from 'node:crypto';
import { z } from 'zod';
import { isCurrency } from '../../domain/currency.ts';
import type { GatewayEvent, VerifiedWebhook } from '../../ports.ts';

/**
 * What the provider adapters share once a webhook's signature has verified: zod schemas for the few shapes Remit
 * reads, and how a body it cannot use becomes an ignored event with the reason instead of an error. A signed body
 * is the provider's word, but its content is still input: nothing past these schemas sees an unexpected shape.
 */

/** A provider's id as Remit keeps it: printable ASCII without spaces, so it is safe in any column or log line. */
export const providerId = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7e]+$/, { message: 'is not a provider id (printable characters without spaces)' });

/** An event's type as Remit keeps it ("checkout.session.completed", "PAYMENT.CAPTURE.COMPLETED"). */
export const eventTypeName = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7e]+$/, { message: 'is not an event type' });

/** Remit's invoice ids, as sent back in metadata: anything else is not one of ours. */
export const invoiceIdOfRemit = z.guid({ message: 'is not a Remit invoice id' });

/** An ISO 4217 code in any case, answered in upper case (Stripe sends "usd"). */
export const currencyCode = z
  .string()
  .transform((code) => code.toUpperCase())
  .refine(isCurrency, { message: 'is not an ISO 4217 currency code' });

/** The id of an event whose own id is missing or unusable: the same body always gives the same id. */
export function bodyEventId(rawBody: Buffer): string {
  return `body-sha256:${createHash('sha256').update(rawBody).digest('hex')}`;
}

export function ignored(reason: string): GatewayEvent {
  return { kind: 'ignored', reason };
}

function describeValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}

/** One problem in words: "data.object.currency is missing", "amount_total should be a number, not \"100\"". */
function describeIssue(issue: z.core.$ZodIssue, path: string, value: unknown): string {
  if (value === undefined) return `${path} is missing`;
  if (issue.code === 'invalid_type') {
    const expected =
      issue.expected === 'object' || issue.expected === 'array'
        ? `an ${issue.expected}`
        : `a ${issue.expected}`;
    return `${path} should be ${expected}, not ${describeValue(value)}`;
  }
  // Our own messages read as a predicate ("is not a Remit invoice id"); zod's own are sentences.
  const problem = issue.message.startsWith('is ') ? issue.message : `is not accepted (${issue.message})`;
  return `${path} ${problem}: ${describeValue(value)}`;
}

/** The first problems of a payload in words, each with the path of the field. */
export function describeIssues(error: z.ZodError, prefix: (string | number)[], input: unknown): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => {
      let value: unknown = input;
      for (const key of issue.path) {
        value =
          value !== null && typeof value === 'object'
            ? (value as Record<PropertyKey, unknown>)[key]
            : undefined;
      }
      const path = [...prefix, ...issue.path.map(String)].join('.') || 'the body';
      return describeIssue(issue, path, value);
    })
    .join('; ');
}

/**
 * Parses `input` with `schema`; on a mismatch answers the ignored event naming the fields (under `prefix`) instead.
 */
export function readWith<T>(
  schema: z.ZodType<T>,
  input: unknown,
  prefix: (string | number)[],
): { ok: true; value: T } | { ok: false; event: GatewayEvent } {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, event: ignored(`Unexpected content: ${describeIssues(parsed.error, prefix, input)}`) };
}

/** JSON.parse that answers undefined for a body that is not JSON (or not UTF-8 text). */
export function parseJsonBody(rawBody: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(rawBody)) };
  } catch {
    return { ok: false };
  }
}

/**
 * A signed JSON body as a verified webhook, whatever it holds: not JSON, or no usable id or type, gives an ignored
 * event with the reason, kept under a hash of the body when it has no id of its own; otherwise `read` reads it.
 */
export function readSignedJson(
  rawBody: Buffer,
  fields: { id: string; type: string },
  read: (type: string, body: unknown) => GatewayEvent,
): VerifiedWebhook {
  const json = parseJsonBody(rawBody);
  if (!json.ok) {
    return { eventId: bodyEventId(rawBody), eventType: 'unknown', event: ignored('The body is not JSON') };
  }
  const id = readWith(z.object({ [fields.id]: providerId }), json.value, []);
  const type = readWith(z.object({ [fields.type]: eventTypeName }), json.value, []);
  const idValue = id.ok ? (id.value[fields.id] as string) : bodyEventId(rawBody);
  const typeValue = type.ok ? (type.value[fields.type] as string) : null;
  return {
    eventId: idValue,
    eventType: typeValue ?? 'unknown',
    event: !id.ok ? id.event : !type.ok ? type.event : read(typeValue!, json.value),
  };
}
