import type { ServiceDeps } from '../context.ts';
import { documentParties } from '../documents/document-parties.ts';
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

/**
 * The staff view of one invoice as JSON text with its parties as the PDF prints them now. The parties (settings,
 * the client's address) are read fresh on each call, since the view cache follows invoice changes only.
 */
export async function getInvoiceWithPartiesJson(
  deps: ServiceDeps,
  id: string,
  cache: InvoiceViewCache | undefined,
): Promise<Buffer> {
  const json = await getInvoiceJson(deps, id, cache);
  const { client } = JSON.parse(json.toString('utf8')) as { client: { id: string } };
  const parties = await documentParties(deps.db, client.id);
  // The cached view ends with its closing brace: the parties are added as its last member.
  return Buffer.concat([
    json.subarray(0, json.lastIndexOf('}')),
    Buffer.from(`,"parties":${JSON.stringify(parties)}}`),
  ]);
}
