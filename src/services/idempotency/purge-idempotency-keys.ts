import type { ServiceDeps } from '../context.ts';
import { IDEMPOTENCY_KEY_TTL_MS } from './idempotency-policy.ts';

/** Deletes keys older than a day (their answers no longer replay). Safe to run at any time, from any process. */
export async function purgeIdempotencyKeys(deps: ServiceDeps): Promise<{ keys: number }> {
  const cutoff = new Date(deps.clock.now().getTime() - IDEMPOTENCY_KEY_TTL_MS);
  const result = await deps.db
    .deleteFrom('idempotency_keys')
    .where('created_at', '<=', cutoff)
    .executeTakeFirst();
  return { keys: Number(result.numDeletedRows) };
}
