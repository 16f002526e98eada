/** How long a key is remembered: its answer replays for a day after the first request, like Stripe's keys. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 3600_000;

/**
 * How long a claim may stay 'in progress' before its process is taken for dead (it crashed between claiming the
 * key and storing the answer) and another request may take the key over. Longer than any request may run, so a
 * slow request is never run twice; a retry meanwhile answers 409.
 */
export const IDEMPOTENCY_CLAIM_LEASE_MS = 10 * 60_000;

/** What makes two uses of one key the same request. */
export interface IdempotentRequest {
  userId: string;
  key: string;
  method: string;
  /** The path with its ids and query string, e.g. /api/v1/invoices/<id>/payments. */
  path: string;
  bodySha256: string;
}

/** An answer as stored and replayed: status, the headers that matter, the body's bytes. */
export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}
