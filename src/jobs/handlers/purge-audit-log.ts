import { purgeAuditLog } from '../../services/audit/purge-audit-log.ts';
import type { ServiceDeps } from '../../services/context.ts';

export const PURGE_AUDIT_LOG = 'purge-audit-log';

export function purgeAuditLogHandler(deps: ServiceDeps): () => Promise<{ entries: number }> {
  return () => purgeAuditLog(deps);
}
