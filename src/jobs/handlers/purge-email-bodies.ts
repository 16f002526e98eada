import type { ServiceDeps } from '../../services/context.ts';
import { purgeEmailBodies } from '../../services/email/purge-email-bodies.ts';

export const PURGE_EMAIL_BODIES = 'purge-email-bodies';

export function purgeEmailBodiesHandler(
  deps: ServiceDeps,
): () => Promise<{ emptied: number; deleted: number }> {
  return () => purgeEmailBodies(deps);
}
