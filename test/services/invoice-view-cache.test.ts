/**
 * The invoice view cache's own rules, on real invoices: bounded by entries and by bytes (least recently read first),
 * large invoices not kept, nothing served while off, and no read stored after a change was announced during it.
 * test/http/invoice-view-cache.test.ts checks it against every kind of change across processes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentParties } from '../../src/domain/document-description.ts';
import { documentParties } from '../../src/services/documents/document-parties.ts';
import { toInvoiceView } from '../../src/services/invoices/invoice-view.ts';
import { InvoiceViewCache, viewJson } from '../../src/services/invoices/invoice-view-cache.ts';
import { type InvoiceRecord, loadInvoice } from '../../src/services/invoices/load-invoice.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
const records: InvoiceRecord[] = [];
let parties: DocumentParties;
const now = new Date('2026-11-25T10:00:00Z');

beforeAll(async () => {
  t = await startTestApp();
  const client = await t.call('POST', '/api/v1/clients', { name: 'Bounded Ltd', currency: 'EUR' });
  for (let i = 0; i < 6; i++) {
    const invoice = await t.call('POST', '/api/v1/invoices', {
      clientId: client.body.id,
      lines: Array.from({ length: i === 5 ? 40 : 1 }, (_, n) => ({
        description: `Line ${n}`,
        quantity: '1',
        unitPrice: '10.00',
      })),
    });
    expect(invoice.status).toBe(201);
    records.push(await loadInvoice(t.database.db, invoice.body.id));
  }
  parties = await documentParties(t.database.db, client.body.id);
});

afterAll(async () => {
  await t?.close();
});

const fill = (cache: InvoiceViewCache, some: InvoiceRecord[]) => {
  for (const record of some) cache.store(record, parties, viewJson(record, parties, now), now, cache.version);
};
const kept = (cache: InvoiceViewCache) => records.filter((r) => cache.json(r.invoice.id, now) !== undefined);

describe('invoice view cache', () => {
  it('answers with the view and its parties as the API serialises them', () => {
    const cache = new InvoiceViewCache();
    cache.activate();
    fill(cache, records.slice(0, 1));
    expect(JSON.parse(cache.json(records[0]!.invoice.id, now)!.toString())).toEqual(
      JSON.parse(JSON.stringify({ ...toInvoiceView(records[0]!, now), parties })),
    );
  });

  it('keeps at most maxEntries invoices, dropping the least recently read', () => {
    const cache = new InvoiceViewCache({ maxEntries: 3, maxBytes: 1e9, maxEntryBytes: 1e9 });
    cache.activate();
    fill(cache, records.slice(0, 3));
    cache.json(records[0]!.invoice.id, now); // read again: now the most recent
    fill(cache, records.slice(3, 4));
    expect(cache.size.entries).toBe(3);
    expect(kept(cache).map((r) => r.invoice.id)).toEqual([0, 2, 3].map((i) => records[i]!.invoice.id));
  });

  it('keeps at most maxBytes of JSON and no invoice larger than maxEntryBytes', () => {
    const small = viewJson(records[0]!, parties, now).length;
    const large = viewJson(records[5]!, parties, now).length;
    expect(large).toBeGreaterThan(small * 5);
    const cache = new InvoiceViewCache({ maxEntries: 100, maxBytes: small * 2.5, maxEntryBytes: small * 3 });
    cache.activate();
    fill(cache, records);
    expect(cache.size.bytes).toBeLessThanOrEqual(small * 2.5);
    expect(cache.size.entries).toBe(2);
    expect(cache.json(records[5]!.invoice.id, now)).toBeUndefined();
    expect(kept(cache).map((r) => r.invoice.id)).toEqual([3, 4].map((i) => records[i]!.invoice.id));
  });

  it('serves nothing while off and starts empty when on again', () => {
    const cache = new InvoiceViewCache();
    fill(cache, records);
    expect(cache.size.entries).toBe(0);
    cache.activate();
    fill(cache, records);
    expect(kept(cache)).toHaveLength(6);
    cache.deactivate();
    expect(kept(cache)).toHaveLength(0);
    cache.activate();
    expect(cache.size).toEqual({ entries: 0, bytes: 0 });
  });

  it('stores no read that a change announced while it ran could have made stale', () => {
    const cache = new InvoiceViewCache();
    cache.activate();
    const [a, b] = records as [InvoiceRecord, InvoiceRecord];
    const version = cache.version;
    cache.forget([b.invoice.id]); // announced during the read of a: any invoice may be the one that changed
    cache.store(a, parties, viewJson(a, parties, now), now, version);
    expect(cache.json(a.invoice.id, now)).toBeUndefined();
    cache.store(a, parties, viewJson(a, parties, now), now, cache.version);
    expect(cache.json(a.invoice.id, now)).toBeDefined();
    cache.forget([a.invoice.id]);
    expect(cache.json(a.invoice.id, now)).toBeUndefined();
    fill(cache, [a, b]);
    cache.storeTimeZone('Europe/Paris', cache.version);
    expect(cache.timeZone()).toBe('Europe/Paris');
    cache.clear();
    expect(kept(cache)).toHaveLength(0);
    expect(cache.timeZone()).toBeUndefined();
    const before = cache.version;
    cache.forget([b.invoice.id]);
    cache.storeTimeZone('Europe/Paris', before);
    expect(cache.timeZone()).toBeUndefined();
  });
});
