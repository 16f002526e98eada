/**
 * When to try a webhook delivery again, and when to give up on an endpoint. Pure: time and randomness come in.
 *
 * Exponential backoff with jitter: 30 s, 1 min, 2, 4, ... capped at 8 h, each delay scaled by a random factor in
 * [0.75, 1.25) so endpoints that failed together do not all come back at once; 16 attempts in all (about two and a
 * half days), counted from the event or from a manual redelivery.
 */
export const FIRST_RETRY_DELAY_MS = 30_000;
export const MAX_RETRY_DELAY_MS = 8 * 3_600_000;
export const MAX_ATTEMPTS = 16;

/** `attempts` counts the tries made so far (>= 1); `random` in [0, 1). Null: give up. */
export function nextWebhookAttempt(attempts: number, now: Date, random: number): Date | null {
  if (attempts >= MAX_ATTEMPTS) return null;
  const exponent = Math.min(Math.max(attempts - 1, 0), 30);
  const delay = Math.min(FIRST_RETRY_DELAY_MS * 2 ** exponent, MAX_RETRY_DELAY_MS);
  return new Date(now.getTime() + Math.round(delay * (0.75 + random * 0.5)));
}

/**
 * An endpoint is turned off after DISABLE_AFTER_FAILURES failed attempts in a row (any of its events) that span at
 * least DISABLE_AFTER_MS: a burst of failures during a short outage does not disable it, days of them do.
 */
export const DISABLE_AFTER_FAILURES = 20;
export const DISABLE_AFTER_MS = 24 * 3_600_000;

export function shouldDisableEndpoint(consecutiveFailures: number, failingSince: Date, now: Date): boolean {
  return (
    consecutiveFailures >= DISABLE_AFTER_FAILURES &&
    now.getTime() - failingSince.getTime() >= DISABLE_AFTER_MS
  );
}
