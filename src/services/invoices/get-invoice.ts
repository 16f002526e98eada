import type { ServiceDeps } from '../context.ts';
import { toInvoiceView } from './invoice-view.ts';
import { loadInvoice } from './load-invoice.ts';

export async function getInvoice(deps: ServiceDeps, id: string) {
  return toInvoiceView(await loadInvoice(deps.db, id), deps.clock.now());
}
