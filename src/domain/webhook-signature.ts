import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Signatures of outgoing webhooks, in the style of Stripe's: the header `Remit-Signature: t=<unix seconds>,v1=<hex>`
 * where the hex is HMAC-SHA256, keyed with the endpoint's secret, over `<t>.<raw body>`. Receivers check it with a
 * constant-time compare and reject timestamps outside a tolerance (replays). Pure: the time is passed in.
 */
export const SIGNATURE_HEADER = 'Remit-Signature';
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

function hmacHex(secret: string, timestamp: number, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

export function signatureHeader(secret: string, timestamp: number, body: string | Buffer): string {
  return `t=${timestamp},v1=${hmacHex(secret, timestamp, body)}`;
}

export type SignatureCheck = 'valid' | 'malformed' | 'mismatch' | 'stale';

/** Checks a received header against the raw body; `now` in Unix seconds. Any matching v1 counts (secret rotation). */
export function verifySignature(
  header: string,
  body: string | Buffer,
  secret: string,
  now: number,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): SignatureCheck {
  const parts = header.split(',').map((part) => part.trim().split('='));
  const timestamp = Number(parts.find(([key]) => key === 't')?.[1]);
  const signatures = parts.filter(([key, value]) => key === 'v1' && value).map(([, value]) => value!);
  if (!Number.isInteger(timestamp) || signatures.length === 0) return 'malformed';
  const expected = Buffer.from(hmacHex(secret, timestamp, body));
  const matches = signatures.some((signature) => {
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) return 'mismatch';
  return Math.abs(now - timestamp) > toleranceSeconds ? 'stale' : 'valid';
}
