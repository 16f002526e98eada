import type { ServiceDeps } from '../../services/context.ts';
import { runOverdueSweep } from '../../services/invoices/run-overdue-sweep.ts';
import { type JobLog, logBatches } from '../job-log.ts';

export const OVERDUE_SWEEP = 'overdue-sweep';

export function overdueSweepHandler(deps: ServiceDeps, log?: JobLog): () => Promise<{ recorded: number }> {
  return () => runOverdueSweep(deps, { onProgress: logBatches(log, OVERDUE_SWEEP) });
}
