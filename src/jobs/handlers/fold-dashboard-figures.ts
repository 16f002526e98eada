import type { ServiceDeps } from '../../services/context.ts';
import { foldDashboardFigures } from '../../services/dashboard/fold-dashboard-figures.ts';

export const FOLD_DASHBOARD_FIGURES = 'fold-dashboard-figures';

export function foldDashboardFiguresHandler(deps: ServiceDeps): () => Promise<{ folded: number }> {
  return () => foldDashboardFigures(deps);
}
