import type { ServiceDeps } from '../../services/context.ts';
import { purgePortalRecords } from '../../services/portal/purge-portal-records.ts';

export const PURGE_PORTAL_RECORDS = 'purge-portal-records';

export function purgePortalRecordsHandler(
  deps: ServiceDeps,
): () => Promise<{ sessions: number; tokens: number; limits: number }> {
  return () => purgePortalRecords(deps);
}
