import { ValidationError } from '../../domain/errors.ts';
import type { ServiceDeps } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { validateTaxRate } from './tax-rate-input.ts';
import { toTaxRateView } from './tax-rate-view.ts';

export interface TaxRatePatch {
  name?: string;
  rate?: string;
  inclusive?: boolean;
  compound?: boolean;
  isDefault?: boolean;
  archived?: boolean;
}

/**
 * Invoices keep a snapshot of each tax they use, so changing a rate here only affects invoices created
 * (or lines added) afterwards; an archived rate is no longer offered but old invoices keep it.
 */
export async function updateTaxRate(deps: ServiceDeps, id: string, patch: TaxRatePatch) {
  const name = patch.name?.trim();
  if (name === '') throw new ValidationError('name', 'A tax rate needs a name, e.g. VAT or GST');
  const rate = patch.rate === undefined ? undefined : validateTaxRate(patch.rate, 'rate');
  const columns = {
    name,
    rate,
    inclusive: patch.inclusive,
    compound: patch.compound,
    is_default: patch.archived ? false : patch.isDefault,
    archived_at: patch.archived === undefined ? undefined : patch.archived ? deps.clock.now() : null,
  };
  const changes = Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== undefined));
  const query = Object.keys(changes).length
    ? deps.db.updateTable('tax_rates').set(changes).where('id', '=', id).returningAll()
    : deps.db.selectFrom('tax_rates').selectAll().where('id', '=', id);
  const row = await query.executeTakeFirst();
  if (!row) throw new NotFoundError('Tax rate');
  return toTaxRateView(row);
}
