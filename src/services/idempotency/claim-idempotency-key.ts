import { randomUUID } from 'node:crypto';
import type { ServiceDeps } from '../context.ts';
import {
  IDEMPOTENCY_CLAIM_LEASE_MS,
  IDEMPOTENCY_KEY_TTL_MS,
  type IdempotentRequest,
  type StoredResponse,
} from './idempotency-policy.ts';

export type ClaimResult =
  /** The key is ours: run the request, then complete or release the claim. */
  | { kind: 'claimed'; claimId: string }
  /** The key was used within a day for this very request: here is its answer. */
  | { kind: 'replay'; response: StoredResponse }
  /** The key was used within a day for another request (body, method, path). */
  | { kind: 'mismatch'; method: string; path: string }
  /** The same request is running right now (in this process or another). */
  | { kind: 'in_progress' };

/**
 * Claims an Idempotency-Key for a request. The database decides between concurrent requests: the insert of the
 * (user, key) row succeeds for exactly one of them. A key older than a day counts as new; a claim whose lease ran
 * out (its process died) is taken over. Both take-overs compare the old claim id, so two requests never win one key.
 */
export async function claimIdempotencyKey(
  deps: ServiceDeps,
  request: IdempotentRequest,
): Promise<ClaimResult> {
  // A take-over lost to another request, or a claim released between our insert and our read: look again.
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const now = deps.clock.now();
    const claimId = randomUUID();
    const inserted = await deps.db
      .insertInto('idempotency_keys')
      .values({
        user_id: request.userId,
        key: request.key,
        method: request.method,
        path: request.path,
        body_sha256: request.bodySha256,
        claim_id: claimId,
        state: 'in_progress',
        created_at: now,
        claimed_at: now,
      })
      .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
      .returning('claim_id')
      .executeTakeFirst();
    if (inserted) return { kind: 'claimed', claimId };

    const row = await deps.db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('user_id', '=', request.userId)
      .where('key', '=', request.key)
      .executeTakeFirst();
    if (!row) continue;

    const expired = row.created_at.getTime() <= now.getTime() - IDEMPOTENCY_KEY_TTL_MS;
    const sameRequest =
      row.method === request.method && row.path === request.path && row.body_sha256 === request.bodySha256;
    if (!expired && !sameRequest) return { kind: 'mismatch', method: row.method, path: row.path };
    if (!expired && row.state === 'completed') {
      return {
        kind: 'replay',
        response: {
          status: row.response_status ?? 200,
          headers: row.response_headers ?? {},
          body: row.response_body ?? Buffer.alloc(0),
        },
      };
    }
    const abandoned = row.claimed_at.getTime() <= now.getTime() - IDEMPOTENCY_CLAIM_LEASE_MS;
    if (!expired && !abandoned) return { kind: 'in_progress' };

    const taken = await deps.db
      .updateTable('idempotency_keys')
      .set({
        method: request.method,
        path: request.path,
        body_sha256: request.bodySha256,
        claim_id: claimId,
        state: 'in_progress',
        response_status: null,
        response_headers: null,
        response_body: null,
        completed_at: null,
        claimed_at: now,
        // An expired key starts a new day; a dead process's key keeps the day it began.
        ...(expired ? { created_at: now } : {}),
      })
      .where('user_id', '=', request.userId)
      .where('key', '=', request.key)
      .where('claim_id', '=', row.claim_id)
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) === 1) return { kind: 'claimed', claimId };
  }
  return { kind: 'in_progress' };
}
