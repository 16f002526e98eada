/**
 * When to try an email again after a failed delivery: exponential backoff (1 min, 2, 4, ... capped at 4 h) for
 * about a day after it was queued; the last try falls at the end of that day, after which the message is failed.
 * Pure, so the policy is testable without a mail server.
 */
export const FIRST_RETRY_DELAY_MS = 60_000;
export const MAX_RETRY_DELAY_MS = 4 * 3_600_000;
export const RETRY_WINDOW_MS = 24 * 3_600_000;

/** `attempts` counts the tries made so far (>= 1). Returns null when the message should be given up. */
export function nextAttemptAfterFailure(attempts: number, queuedAt: Date, now: Date): Date | null {
  const deadline = queuedAt.getTime() + RETRY_WINDOW_MS;
  if (now.getTime() >= deadline) return null;
  const exponent = Math.min(Math.max(attempts - 1, 0), 30);
  const delay = Math.min(FIRST_RETRY_DELAY_MS * 2 ** exponent, MAX_RETRY_DELAY_MS);
  return new Date(Math.min(now.getTime() + delay, deadline));
}
