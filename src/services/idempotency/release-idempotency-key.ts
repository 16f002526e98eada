import type { ServiceDeps } from '../context.ts';

/** Forgets a claim whose request failed on our side (5xx), so a retry with the key runs the request again. */
export async function releaseIdempotencyKey(
  deps: ServiceDeps,
  claim: { userId: string; key: string; claimId: string },
): Promise<void> {
  await deps.db
    .deleteFrom('idempotency_keys')
    .where('user_id', '=', claim.userId)
    .where('key', '=', claim.key)
    .where('claim_id', '=', claim.claimId)
    .where('state', '=', 'in_progress')
    .execute();
}
