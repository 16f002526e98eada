import type { ServiceDeps } from '../../services/context.ts';
import { fillPendingTaxAmounts } from '../../services/reports/fill-pending-tax-amounts.ts';
import { fillTaxSummary } from '../../services/reports/fill-tax-summary.ts';

export const FILL_REPORT_TAX_AMOUNTS = 'fill-report-tax-amounts';

/** The documents' figures per tax first, then the tax summary's entries that use them (migration 042). */
export function fillReportTaxAmountsHandler(
  deps: ServiceDeps,
  shouldStop: () => boolean,
): () => Promise<{ documents: number; summaryDocuments: number }> {
  return async () => {
    const { documents } = await fillPendingTaxAmounts(deps, shouldStop);
    const summary = await fillTaxSummary(deps.db, { shouldStop });
    return { documents, summaryDocuments: summary.documents };
  };
}
