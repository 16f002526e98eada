import type { ServiceDeps } from '../context.ts';
import type { StoredResponse } from './idempotency-policy.ts';

/**
 * Stores the answer of a claimed request so retries with its key replay it. Only the claim's owner writes: a
 * request whose lease ran out and was taken over stores nothing. Returns whether the answer was stored.
 */
export async function completeIdempotencyKey(
  deps: ServiceDeps,
  claim: { userId: string; key: string; claimId: string },
  response: StoredResponse,
): Promise<boolean> {
  const result = await deps.db
    .updateTable('idempotency_keys')
    .set({
      state: 'completed',
      response_status: response.status,
      response_headers: JSON.stringify(response.headers),
      response_body: response.body,
      completed_at: deps.clock.now(),
    })
    .where('user_id', '=', claim.userId)
    .where('key', '=', claim.key)
    .where('claim_id', '=', claim.claimId)
    .where('state', '=', 'in_progress')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
