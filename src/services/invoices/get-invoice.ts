import type { ServiceDeps } from '../context.ts';
import { documentParties } from '../documents/document-parties.ts';
import { toInvoiceView } from './invoice-view.ts';
import { type InvoiceViewCache, viewJson } from './invoice-view-cache.ts';
import { loadInvoice } from './load-invoice.ts';

export async function getInvoice(deps: ServiceDeps, id: string) {
  return toInvoiceView(await loadInvoice(deps.db, id), deps.clock.now());
}

/**
 * The staff view of one invoice as JSON text, with its parties as the PDF prints them now (what the staff GET
 * answers), from the process's cache when it holds it; read from the database and kept there otherwise.
 */
export async function getInvoiceWithPartiesJson(
  deps: ServiceDeps,
  id: string,
  cache: InvoiceViewCache | undefined,
): Promise<Buffer> {
  const now = deps.clock.now();
  const cached = cache?.json(id, now);
  if (cached) return cached;
  const version = cache?.version ?? 0;
  const record = await loadInvoice(deps.db, id);
  const parties = await documentParties(deps.db, record.client.id);
  const json = viewJson(record, parties, now);
  cache?.store(record, parties, json, now, version);
  return json;
}
