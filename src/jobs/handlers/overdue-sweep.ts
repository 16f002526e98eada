import type { ServiceDeps } from '../../services/context.ts';
import { runOverdueSweep } from '../../services/invoices/run-overdue-sweep.ts';

export const OVERDUE_SWEEP = 'overdue-sweep';

export function overdueSweepHandler(deps: ServiceDeps): () => Promise<{ recorded: number }> {
  return () => runOverdueSweep(deps);
}
