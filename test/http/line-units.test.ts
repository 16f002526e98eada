/**
 * Units of measure on lines: accepted and returned by the invoice and recurring APIs, kept by edits, duplicates,
 * revisions and generated invoices, and printed on the PDF after the quantity in words ("3 hours").
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRecurringInvoices } from '../../src/services/recurring/run-recurring-invoices.ts';
import { pdfText, qpdfCheck, renderFirstPage } from '../pdf/pdf-tools.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let clientId: string;
let itemId: string;

beforeAll(async () => {
  t = await startTestApp();
  clientId = (await t.call('POST', '/api/v1/clients', { name: 'Units Client GmbH' })).body.id;
  itemId = (await t.call('POST', '/api/v1/items', { name: 'Workshop day', unitPrice: '900', unit: 'DAY' }))
    .body.id;
});

afterAll(async () => {
  await t?.close();
});

const LINES = [
  { description: 'Development', quantity: '3', unitPrice: '100', unit: 'HUR' },
  { description: 'Workshop', quantity: '1', unitPrice: '900', unit: 'DAY', itemId: '' },
  { description: 'Flooring', quantity: '12.5', unitPrice: '40', unit: 'MTK' },
  { description: 'Electricity', quantity: '1250', unitPrice: '0.3', unit: 'KWH' },
  { description: 'Licence', quantity: '2', unitPrice: '50', unit: 'C62' },
  { description: 'Sundries', quantity: '4', unitPrice: '5' },
];

const unitsOf = (view: { lines: { unit: string | null }[] }) => view.lines.map((line) => line.unit);

async function invoiceLines() {
  return LINES.map((line) => (line.itemId === '' ? { ...line, itemId } : line));
}

describe('units on invoice lines', () => {
  it('are saved and returned; a line without one has none; edits without lines keep them', async () => {
    const created = await t.call('POST', '/api/v1/invoices', { clientId, lines: await invoiceLines() });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(unitsOf(created.body)).toEqual(['HUR', 'DAY', 'MTK', 'KWH', 'C62', null]);
    expect(created.body.lines[1].itemId).toBe(itemId);
    expect(created.body.lines[0].itemId).toBeNull();

    const edited = await t.call('PATCH', `/api/v1/invoices/${created.body.id}`, { notes: 'Thanks' });
    expect(unitsOf(edited.body)).toEqual(['HUR', 'DAY', 'MTK', 'KWH', 'C62', null]);
    const cleared = await t.call('PATCH', `/api/v1/invoices/${created.body.id}`, {
      lines: [{ ...LINES[0], unit: null }],
    });
    expect(unitsOf(cleared.body)).toEqual([null]);
  });

  it('refuses a unit that is not a Rec 20 code of the list, naming the line, and saves nothing', async () => {
    const before = await t.call('GET', '/api/v1/invoices');
    const response = await t.call('POST', '/api/v1/invoices', {
      clientId,
      lines: [LINES[0], { ...LINES[2], unit: 'hours' }],
    });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      { field: 'lines.1.unit', label: expect.any(String), message: expect.stringContaining('HUR (hour)') },
    ]);
    expect((await t.call('GET', '/api/v1/invoices')).body.items.length).toBe(before.body.items.length);
  });

  it('are copied by a duplicate and kept per revision of an issued invoice', async () => {
    const created = await t.call('POST', '/api/v1/invoices', { clientId, lines: await invoiceLines() });
    const copy = await t.call('POST', `/api/v1/invoices/${created.body.id}/duplicate`);
    expect(copy.status, JSON.stringify(copy.body)).toBe(201);
    expect(unitsOf(copy.body)).toEqual(['HUR', 'DAY', 'MTK', 'KWH', 'C62', null]);
    expect(copy.body.lines[1].itemId).toBe(itemId);

    const id = created.body.id;
    expect((await t.call('POST', `/api/v1/invoices/${id}/mark-sent`)).status).toBe(200);
    const revised = await t.call('PATCH', `/api/v1/invoices/${id}`, {
      lines: [{ ...LINES[0], quantity: '2', unit: 'DAY' }],
    });
    expect(revised.status, JSON.stringify(revised.body)).toBe(200);
    expect(unitsOf(revised.body)).toEqual(['DAY']);
    const first = await t.call('GET', `/api/v1/invoices/${id}/revisions/1`);
    expect(unitsOf(first.body.invoice)).toEqual(['HUR', 'DAY', 'MTK', 'KWH', 'C62', null]);
    const second = await t.call('GET', `/api/v1/invoices/${id}/revisions/2`);
    expect(unitsOf(second.body.invoice)).toEqual(['DAY']);
  });

  it('are printed after the quantity, in words, singular for one; a plain count stays a number', async () => {
    const created = await t.call('POST', '/api/v1/invoices', { clientId, lines: await invoiceLines() });
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/v1/invoices/${created.body.id}/pdf`,
      headers: { authorization: `Bearer ${t.adminToken}` },
    });
    expect(response.statusCode).toBe(200);
    const bytes = response.rawPayload;
    expect(await qpdfCheck(bytes)).toContain('No syntax or stream encoding errors');
    await mkdir(path.resolve('test-artifacts'), { recursive: true });
    await renderFirstPage(bytes, path.resolve('test-artifacts/invoice-units.png'), 80);
    const text = await pdfText(bytes);
    // Each quantity cell with the figures beside it (pdftotext may read a description out of order).
    expect(text).toContain('3 hours $100.00 $300.00');
    expect(text).toContain('1 day $900.00 $900.00');
    // The column widens for the longest unit words, taking room from the description.
    expect(text).toContain('12.5 square metres $40.00 $500.00');
    expect(text).toContain('1,250 kilowatt hours $0.30 $375.00');
    expect(text).toContain(' 2 $50.00 $100.00');
    expect(text).toContain(' 4 $5.00 $20.00');
    for (const line of LINES) expect(text).toContain(line.description);
    expect(text).not.toMatch(/C62|HUR|MTK|\bones\b/);
  });

  it('puts unit words wider than the widest column below the number', async () => {
    const created = await t.call('POST', '/api/v1/invoices', {
      clientId,
      lines: [{ description: 'Grid power', quantity: '123456789.5', unitPrice: '0.3', unit: 'KWH' }],
    });
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/v1/invoices/${created.body.id}/pdf`,
      headers: { authorization: `Bearer ${t.adminToken}` },
    });
    await renderFirstPage(response.rawPayload, path.resolve('test-artifacts/invoice-units-wide.png'), 80);
    const text = await pdfText(response.rawPayload);
    expect(text).toContain('123,456,789.5');
    expect(text).toContain('kilowatt hours');
  });
});

describe('units on recurring profiles', () => {
  it('are saved on the profile and copied to each invoice it generates', async () => {
    const profile = await t.call('POST', '/api/v1/recurring-profiles', {
      clientId,
      frequency: 'monthly',
      startDate: '2027-03-01',
      lines: [
        { description: 'Support', quantity: '10', unitPrice: '80', unit: 'HUR' },
        { description: 'Workshop', quantity: '1', unitPrice: '900', unit: 'DAY', itemId },
      ],
    });
    expect(profile.status, JSON.stringify(profile.body)).toBe(201);
    expect(unitsOf(profile.body)).toEqual(['HUR', 'DAY']);
    expect(
      (await t.call('GET', `/api/v1/recurring-profiles/${profile.body.id}`)).body.lines[1],
    ).toMatchObject({
      unit: 'DAY',
      itemId,
    });
    const refused = await t.call('PATCH', `/api/v1/recurring-profiles/${profile.body.id}`, {
      lines: [{ description: 'Support', quantity: '1', unitPrice: '80', unit: 'HOUR' }],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual(['lines.0.unit']);

    t.clock.set('2027-03-01T09:00:00Z');
    await runRecurringInvoices({ ...t.deps, appUrl: 'http://localhost:3000', secretKey: randomBytes(32) });
    const history = await t.call('GET', `/api/v1/recurring-profiles/${profile.body.id}/history`);
    const invoiceId = history.body.items[0].invoice.id;
    const invoice = await t.call('GET', `/api/v1/invoices/${invoiceId}`);
    expect(unitsOf(invoice.body)).toEqual(['HUR', 'DAY']);
    expect(invoice.body.lines[1].itemId).toBe(itemId);
  });
});
