import type { ServiceDeps } from '../context.ts';
import { toTaxRateView } from './tax-rate-view.ts';

/** Tax rates are few: listed whole, defaults first, then by name. */
export async function listTaxRates(deps: ServiceDeps, filter: { archived?: boolean } = {}) {
  const rows = await deps.db
    .selectFrom('tax_rates')
    .selectAll()
    .where('archived_at', filter.archived ? 'is not' : 'is', null)
    .orderBy('is_default', 'desc')
    .orderBy('name')
    .orderBy('id')
    .execute();
  return rows.map(toTaxRateView);
}
