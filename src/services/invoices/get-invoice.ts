import type { ServiceDeps } from '../context.ts';
import { toInvoiceView } from './invoice-view.ts';
import { type InvoiceViewCache, viewJson } from './invoice-view-cache.ts';
import { loadInvoice } from './load-invoice.ts';

export async function getInvoice(deps: ServiceDeps, id: string) {
  return toInvoiceView(await loadInvoice(deps.db, id), deps.clock.now());
}

/**
 * The staff view of the invoice as JSON text (what `getInvoice` answers, serialised), from the process's cache
 * when it holds it; read from the database and kept there otherwise.
 */
export async function getInvoiceJson(
  deps: ServiceDeps,
  id: string,
  cache: InvoiceViewCache | undefined,
): Promise<Buffer> {
  const now = deps.clock.now();
  const cached = cache?.json(id, now);
  if (cached) return cached;
  const version = cache?.version ?? 0;
  const record = await loadInvoice(deps.db, id);
  const json = viewJson(record, now);
  cache?.store(record, json, now, version);
  return json;
}
