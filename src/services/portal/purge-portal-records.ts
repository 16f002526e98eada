import type { ServiceDeps } from '../context.ts';

/**
 * Deletes what can no longer be used: expired portal sessions, one-time tokens used or expired for a day, and rate
 * limit counters whose window and block are both over. Safe to run at any time, from any process (e.g. hourly).
 */
export async function purgePortalRecords(
  deps: ServiceDeps,
): Promise<{ sessions: number; tokens: number; limits: number }> {
  const now = deps.clock.now();
  const dayAgo = new Date(now.getTime() - 86_400_000);
  const sessions = await deps.db
    .deleteFrom('portal_sessions')
    .where('expires_at', '<=', now)
    .executeTakeFirst();
  const tokens = await deps.db
    .deleteFrom('portal_tokens')
    .where((eb) => eb.or([eb('used_at', '<', dayAgo), eb('expires_at', '<', dayAgo)]))
    .executeTakeFirst();
  // The longest window of any policy is an hour; a counter untouched for a day with no block left is dead.
  const limits = await deps.db
    .deleteFrom('rate_limits')
    .where('window_started_at', '<', dayAgo)
    .where((eb) => eb.or([eb('blocked_until', 'is', null), eb('blocked_until', '<', now)]))
    .executeTakeFirst();
  return {
    sessions: Number(sessions.numDeletedRows),
    tokens: Number(tokens.numDeletedRows),
    limits: Number(limits.numDeletedRows),
  };
}
