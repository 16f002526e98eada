import type { ServiceDeps } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { toTaxRateView } from './tax-rate-view.ts';

export async function getTaxRate(deps: ServiceDeps, id: string) {
  const row = await deps.db.selectFrom('tax_rates').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('Tax rate');
  return toTaxRateView(row);
}
