import type { ServiceDeps } from '../../services/context.ts';
import { purgeIdempotencyKeys } from '../../services/idempotency/purge-idempotency-keys.ts';

export const PURGE_IDEMPOTENCY_KEYS = 'purge-idempotency-keys';

export function purgeIdempotencyKeysHandler(deps: ServiceDeps): () => Promise<{ keys: number }> {
  return () => purgeIdempotencyKeys(deps);
}
