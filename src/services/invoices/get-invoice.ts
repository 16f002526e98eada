import type { ServiceDeps } from '../context.ts';
import { getSettings } from '../settings/get-settings.ts';
import { toInvoiceView } from './invoice-view.ts';
import { loadInvoice } from './load-invoice.ts';

export async function getInvoice(deps: ServiceDeps, id: string) {
  const [settings, record] = await Promise.all([getSettings(deps.db), loadInvoice(deps.db, id)]);
  return toInvoiceView(record, settings.time_zone, deps.clock.now());
}
