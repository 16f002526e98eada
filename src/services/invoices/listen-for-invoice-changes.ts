import { type CacheListener, listenForCacheChanges } from '../cache-listener.ts';
import type { InvoiceViewCache } from './invoice-view-cache.ts';

/** The channel migration 035's triggers notify: invoice ids separated by commas, or `*` for every invoice. */
export const INVOICE_CHANGED_CHANNEL = 'remit_invoice_changed';

/** Keeps `cache` in step with every change to what the invoice view shows, made by any process. */
export function listenForInvoiceChanges(
  connectionString: string,
  cache: InvoiceViewCache,
  log: { warn(data: object, message: string): void },
): CacheListener {
  return listenForCacheChanges({
    connectionString,
    channel: INVOICE_CHANGED_CHANNEL,
    applicationName: 'remit-invoice-listener',
    cache,
    onNotice: (payload) => (payload === '*' ? cache.clear() : cache.forget(payload.split(','))),
    what: 'invoice view cache',
    log,
  });
}
