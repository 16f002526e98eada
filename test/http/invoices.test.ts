import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let clientId: string;

beforeAll(async () => {
  t = await startTestApp();
  const client = await t.call('POST', '/api/v1/clients', {
    name: 'Acme Retail',
    company: 'Acme Retail plc',
    currency: 'USD',
    contacts: [{ name: 'Priya Shah', email: 'priya@acme.example' }],
  });
  expect(client.status).toBe(201);
  clientId = client.body.id;
});

afterAll(async () => {
  await t.close();
});

describe('invoices', () => {
  it('creates a draft with lines, taxes and discounts, and returns the engine totals', async () => {
    const created = await t.call('POST', '/api/v1/invoices', {
      clientId,
      issueDate: '2026-11-25',
      paymentTerms: 'net_30',
      lines: [
        {
          description: 'Consulting',
          quantity: '1.5',
          unitPrice: '82.6446',
          taxes: [{ name: 'GST', rate: '5' }],
        },
        { description: 'Design', quantity: 2, unitPrice: 100, discount: { kind: 'percent', value: '10' } },
      ],
      discount: { kind: 'fixed', value: '10.00' },
      taxes: [],
      notes: 'Thanks!',
    });
    expect(created.status).toBe(201);
    const invoice = created.body;
    expect(invoice.status).toBe('draft');
    expect(invoice.number).toBeNull();
    expect(invoice.currency).toBe('USD');
    expect(invoice.dueDate).toBe('2026-12-25');
    // 1.5 × 82.6446 = 123.9669 -> 123.97; 2 × 100 = 200.00 less 10 % = 180.00
    expect(invoice.lines.map((l: { amount: string }) => l.amount)).toEqual(['123.97', '200.00']);
    expect(invoice.lines[0].unitPrice).toBe('82.6446');
    expect(invoice.lines[0].quantity).toBe('1.5');
    expect(invoice.totals.subtotal).toBe('323.97');
    expect(invoice.totals.lineDiscountTotal).toBe('20.00');
    expect(invoice.totals.invoiceDiscount).toBe('10.00');
    // the 10.00 invoice discount spread pro rata: line 1 gets 10 × 123.97/303.97 = 4.08 -> GST base 119.89
    expect(invoice.totals.taxes).toEqual([
      { name: 'GST', rate: '5', inclusive: false, compound: false, taxableBase: '119.89', amount: '5.99' },
    ]);
    expect(invoice.totals.total).toBe('299.96');
    expect(invoice.totals.balanceDue).toBe('299.96');
  });

  it('applies the default taxes to new invoices when none are given', async () => {
    const vat = await t.call('POST', '/api/v1/tax-rates', { name: 'VAT', rate: '20', isDefault: true });
    expect(vat.status).toBe(201);
    const created = await t.call('POST', '/api/v1/invoices', {
      clientId,
      lines: [{ description: 'Hosting', quantity: '1', unitPrice: '50' }],
    });
    expect(created.body.taxes).toMatchObject([{ taxRateId: vat.body.id, name: 'VAT', rate: '20' }]);
    expect(created.body.totals.total).toBe('60.00');
    expect(created.body.issueDate).toBe('2026-11-25');
    await t.call('PATCH', `/api/v1/tax-rates/${vat.body.id}`, { isDefault: false });
  });

  it('issues invoices with consecutive numbers and records events', async () => {
    const numbers: string[] = [];
    for (let i = 0; i < 2; i++) {
      const draft = await t.call('POST', '/api/v1/invoices', {
        clientId,
        issueDate: '2026-11-25',
        lines: [{ description: 'Work', quantity: '1', unitPrice: '10' }],
      });
      const sent = await t.call('POST', `/api/v1/invoices/${draft.body.id}/mark-sent`);
      expect(sent.status).toBe(200);
      expect(sent.body.status).toBe('sent');
      numbers.push(sent.body.number);
    }
    expect(numbers).toEqual(['INV-2026-0001', 'INV-2026-0002']);
  });

  it('refuses to delete an issued invoice, voids it with a reason, and then refuses edits', async () => {
    const draft = await t.call('POST', '/api/v1/invoices', {
      clientId,
      lines: [{ description: 'Work', quantity: '1', unitPrice: '10' }],
    });
    const id = draft.body.id;
    await t.call('POST', `/api/v1/invoices/${id}/mark-sent`);
    const del = await t.call('DELETE', `/api/v1/invoices/${id}`);
    expect(del.status).toBe(409);
    expect(del.body.detail).toMatch(/void/i);
    const noReason = await t.call('POST', `/api/v1/invoices/${id}/void`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].field).toBe('reason');
    const voided = await t.call('POST', `/api/v1/invoices/${id}/void`, { reason: 'Wrong client' });
    expect(voided.status).toBe(200);
    expect(voided.body.status).toBe('void');
    expect(voided.body.voidReason).toBe('Wrong client');
    // Issued invoices are edited through revisions (test/http/revisions.test.ts); void ones not at all.
    const edit = await t.call('PATCH', `/api/v1/invoices/${id}`, { notes: 'changed' });
    expect(edit.status).toBe(409);
    const events = await t.call('GET', `/api/v1/invoices/${id}/events`);
    expect(
      events.body.items.map((e: { type: string; toStatus: string | null }) => [e.type, e.toStatus]),
    ).toEqual([
      ['created', 'draft'],
      ['status_changed', 'sent'],
      ['status_changed', 'void'],
    ]);
    expect(events.body.items[2].actor).toMatchObject({ type: 'api_token' });
    expect(events.body.items[2].data).toMatchObject({ reason: 'Wrong client' });
  });

  it('edits and deletes drafts', async () => {
    const draft = await t.call('POST', '/api/v1/invoices', {
      clientId,
      lines: [{ description: 'Work', quantity: '1', unitPrice: '10' }],
    });
    const edited = await t.call('PATCH', `/api/v1/invoices/${draft.body.id}`, {
      lines: [
        { description: 'Work', quantity: '3', unitPrice: '10' },
        { description: 'Refund of deposit', quantity: '-1', unitPrice: '5' },
      ],
    });
    expect(edited.status).toBe(200);
    expect(edited.body.totals.total).toBe('25.00');
    expect(edited.body.lines[1].amount).toBe('-5.00');
    const del = await t.call('DELETE', `/api/v1/invoices/${draft.body.id}`);
    expect(del.status).toBe(204);
    expect((await t.call('GET', `/api/v1/invoices/${draft.body.id}`)).status).toBe(404);
  });

  it('derives Overdue from the due date in the organisation time zone', async () => {
    await t.call('PATCH', '/api/v1/settings', { timeZone: 'Pacific/Auckland' });
    const draft = await t.call('POST', '/api/v1/invoices', {
      clientId,
      issueDate: '2026-11-01',
      paymentTerms: 'net_14',
      lines: [{ description: 'Work', quantity: '1', unitPrice: '10' }],
    });
    await t.call('POST', `/api/v1/invoices/${draft.body.id}/mark-sent`);
    // 2026-11-15T12:00Z is still the 15th in UTC but already the 16th in Auckland (UTC+13): the due date has passed there.
    t.clock.set('2026-11-15T12:00:00Z');
    const seen = await t.call('GET', `/api/v1/invoices/${draft.body.id}`);
    expect(seen.body.dueDate).toBe('2026-11-15');
    expect(seen.body.status).toBe('overdue');
    const list = await t.call('GET', '/api/v1/invoices?status=overdue');
    expect(list.body.items.map((i: { id: string }) => i.id)).toContain(draft.body.id);
    t.clock.set('2026-11-25T10:00:00Z');
    await t.call('PATCH', '/api/v1/settings', { timeZone: 'UTC' });
  });
});

describe('bad input', () => {
  it('names the field of a bad line quantity and writes nothing', async () => {
    const before = await t.call('GET', '/api/v1/invoices?limit=100');
    const bad = await t.call('POST', '/api/v1/invoices', {
      clientId,
      lines: [
        { description: 'ok', quantity: '1', unitPrice: '1' },
        { description: 'bad', quantity: '1e5', unitPrice: '1' },
      ],
    });
    expect(bad.status).toBe(422);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body.errors[0].field).toBe('lines.1.quantity');
    const after = await t.call('GET', '/api/v1/invoices?limit=100');
    expect(after.body.items.length).toBe(before.body.items.length);
  });

  it('rejects unknown fields', async () => {
    const bad = await t.call('POST', '/api/v1/clients', { name: 'X', colour: 'blue' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      { field: 'colour', label: 'Colour', message: 'Colour is not a field this request takes' },
    ]);
  });

  it('rejects a project of another client', async () => {
    const other = await t.call('POST', '/api/v1/clients', { name: 'Other' });
    const project = await t.call('POST', '/api/v1/projects', { clientId: other.body.id, name: 'P' });
    const bad = await t.call('POST', '/api/v1/invoices', { clientId, projectId: project.body.id, lines: [] });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe('projectId');
  });

  it('answers 404 for unknown and malformed ids', async () => {
    expect((await t.call('GET', '/api/v1/invoices/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await t.call('GET', '/api/v1/invoices/not-an-id')).status).toBe(404);
    expect((await t.call('GET', '/api/v1/clients/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('rejects an unknown currency and a bad time zone', async () => {
    const bad = await t.call('POST', '/api/v1/invoices', { clientId, currency: 'XYZ', lines: [] });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe('currency');
    const tz = await t.call('PATCH', '/api/v1/settings', { timeZone: 'Mars/Olympus' });
    expect(tz.status).toBe(422);
    expect(tz.body.errors[0].field).toBe('timeZone');
  });

  it('rejects malformed JSON with a problem body', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/clients',
      headers: { authorization: `Bearer ${t.adminToken}`, 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('invalid_json');
  });
});
