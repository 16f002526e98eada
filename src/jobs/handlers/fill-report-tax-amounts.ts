import type { ServiceDeps } from '../../services/context.ts';
import { fillPendingTaxAmounts } from '../../services/reports/fill-pending-tax-amounts.ts';

export const FILL_REPORT_TAX_AMOUNTS = 'fill-report-tax-amounts';

export function fillReportTaxAmountsHandler(
  deps: ServiceDeps,
  shouldStop: () => boolean,
): () => Promise<{ documents: number }> {
  return () => fillPendingTaxAmounts(deps, shouldStop);
}
