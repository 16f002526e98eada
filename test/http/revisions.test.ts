import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let clientId: string;
let projectId: string;

beforeAll(async () => {
  t = await startTestApp();
  const client = await t.call('POST', '/api/v1/clients', {
    name: 'Revised Ltd',
    currency: 'USD',
    contacts: [{ name: 'Rita Revised', email: 'rita@revised.example' }],
  });
  clientId = client.body.id;
  const project = await t.call('POST', '/api/v1/projects', { clientId, name: 'Website' });
  expect(project.status).toBe(201);
  projectId = project.body.id;
});

afterAll(async () => {
  await t.close();
});

const originalLines = [
  { description: 'Design', quantity: '10', unitPrice: '82.50', taxes: [{ name: 'VAT', rate: '20' }] },
  { description: 'Hosting', quantity: '1', unitPrice: '49.99' },
];

async function sentInvoice(extra: Record<string, unknown> = {}) {
  const draft = await t.call('POST', '/api/v1/invoices', {
    clientId,
    projectId,
    issueDate: '2026-11-20',
    paymentTerms: 'net_14',
    taxes: [],
    discount: { kind: 'percent', value: '5' },
    notes: 'Thank you',
    terms: 'Pay by transfer',
    lines: originalLines,
    ...extra,
  });
  expect(draft.status).toBe(201);
  const sent = await t.call('POST', `/api/v1/invoices/${draft.body.id}/mark-sent`);
  expect(sent.status).toBe(200);
  return sent.body;
}

describe('editing an issued invoice', () => {
  it('saves a revision, keeps the old one viewable with the same engine totals, and keeps the number', async () => {
    const issued = await sentInvoice();

    const single = await t.call('GET', `/api/v1/invoices/${issued.id}/revisions`);
    expect(single.body.items).toMatchObject([
      { revision: 1, current: true, number: issued.number, total: issued.totals.total },
    ]);

    const edited = await t.call('PATCH', `/api/v1/invoices/${issued.id}`, {
      lines: [...originalLines, { description: 'Extra revisions', quantity: '2', unitPrice: '60' }],
      notes: 'Thank you, again',
      revisionNote: 'Client asked for two more rounds',
      sendUpdated: true,
    });
    expect(edited.status).toBe(200);
    expect(edited.body.number).toBe(issued.number);
    expect(edited.body.status).toBe('sent');
    expect(edited.body.lines).toHaveLength(3);
    expect(edited.body.notes).toBe('Thank you, again');

    const list = await t.call('GET', `/api/v1/invoices/${issued.id}/revisions`);
    expect(list.status).toBe(200);
    expect(list.body.items).toMatchObject([
      { revision: 1, current: false, number: issued.number, total: issued.totals.total, note: 'As issued' },
      {
        revision: 2,
        current: true,
        number: issued.number,
        total: edited.body.totals.total,
        note: 'Client asked for two more rounds',
        createdBy: { type: 'api_token' },
      },
    ]);

    const first = await t.call('GET', `/api/v1/invoices/${issued.id}/revisions/1`);
    expect(first.status).toBe(200);
    expect(first.body.current).toBe(false);
    // The old version reads exactly as the invoice did when it was issued, figures included.
    expect(first.body.invoice.lines).toEqual(issued.lines);
    expect(first.body.invoice.totals).toEqual(issued.totals);
    expect(first.body.invoice).toMatchObject({
      number: issued.number,
      notes: 'Thank you',
      discount: issued.discount,
      project: { id: projectId },
    });

    const second = await t.call('GET', `/api/v1/invoices/${issued.id}/revisions/2`);
    expect(second.body.current).toBe(true);
    expect(second.body.invoice.totals).toEqual(edited.body.totals);
    expect(second.body.invoice.lines).toEqual(edited.body.lines);

    expect((await t.call('GET', `/api/v1/invoices/${issued.id}/revisions/3`)).status).toBe(404);
    expect((await t.call('GET', `/api/v1/invoices/${issued.id}/revisions/zero`)).status).toBe(404);

    const third = await t.call('PATCH', `/api/v1/invoices/${issued.id}`, { terms: 'Net 14, by transfer' });
    expect(third.status).toBe(200);
    const all = await t.call('GET', `/api/v1/invoices/${issued.id}/revisions`);
    expect(
      all.body.items.map((r: { revision: number; current: boolean }) => [r.revision, r.current]),
    ).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);

    const events = await t.call('GET', `/api/v1/invoices/${issued.id}/events`);
    const revised = events.body.items.filter((e: { type: string }) => e.type === 'revised');
    expect(revised.map((e: { data: any }) => [e.data.revision, e.data.sendUpdated])).toEqual([
      [2, true],
      [3, false],
    ]);
    expect(revised[0].data.fields).toEqual(['lines', 'notes']);
  });

  it('refuses a total below the amount paid, and settles the invoice when the total meets it', async () => {
    const issued = await sentInvoice({
      discount: null,
      lines: [{ description: 'Work', quantity: '1', unitPrice: '100' }],
    });
    await t.call('POST', `/api/v1/invoices/${issued.id}/payments`, { amount: '60.00', method: 'cash' });

    const below = await t.call('PATCH', `/api/v1/invoices/${issued.id}`, {
      lines: [{ description: 'Work', quantity: '1', unitPrice: '59.99' }],
    });
    expect(below.status).toBe(422);
    expect(below.body.errors[0].field).toBe('lines');
    expect(below.body.errors[0].message).toMatch(/59\.99 USD.*60\.00 USD already paid/);
    const unchanged = await t.call('GET', `/api/v1/invoices/${issued.id}`);
    expect(unchanged.body.totals.total).toBe('100.00');
    expect(unchanged.body.status).toBe('partially_paid');
    expect((await t.call('GET', `/api/v1/invoices/${issued.id}/revisions`)).body.items).toHaveLength(1);

    const raised = await t.call('PATCH', `/api/v1/invoices/${issued.id}`, {
      lines: [{ description: 'Work', quantity: '1', unitPrice: '120' }],
    });
    expect(raised.body.status).toBe('partially_paid');
    expect(raised.body.totals).toMatchObject({ total: '120.00', amountPaid: '60.00', balanceDue: '60.00' });

    const settled = await t.call('PATCH', `/api/v1/invoices/${issued.id}`, {
      lines: [{ description: 'Work', quantity: '1', unitPrice: '60' }],
    });
    expect(settled.status).toBe(200);
    expect(settled.body.status).toBe('paid');
    expect(settled.body.totals.balanceDue).toBe('0.00');

    const paidEdit = await t.call('PATCH', `/api/v1/invoices/${issued.id}`, { notes: 'too late' });
    expect(paidEdit.status).toBe(409);
    expect(paidEdit.body.detail).toMatch(/paid/);
  });

  it('refuses a currency or client change, an empty invoice, and edits of void invoices', async () => {
    const issued = await sentInvoice();
    const currency = await t.call('PATCH', `/api/v1/invoices/${issued.id}`, { currency: 'EUR' });
    expect(currency.status).toBe(422);
    expect(currency.body.errors[0].field).toBe('currency');
    const same = await t.call('PATCH', `/api/v1/invoices/${issued.id}`, { currency: 'USD', notes: 'same' });
    expect(same.status).toBe(200);

    const other = await t.call('POST', '/api/v1/clients', { name: 'Someone Else' });
    const client = await t.call('PATCH', `/api/v1/invoices/${issued.id}`, { clientId: other.body.id });
    expect(client.status).toBe(422);
    expect(client.body.errors[0].field).toBe('clientId');

    const empty = await t.call('PATCH', `/api/v1/invoices/${issued.id}`, { lines: [] });
    expect(empty.status).toBe(422);
    expect(empty.body.errors[0].field).toBe('lines');

    await t.call('POST', `/api/v1/invoices/${issued.id}/void`, { reason: 'Cancelled' });
    const voidEdit = await t.call('PATCH', `/api/v1/invoices/${issued.id}`, { notes: 'x' });
    expect(voidEdit.status).toBe(409);
    // Refused edits left no revision behind: the one successful edit made revisions 1 and 2.
    expect((await t.call('GET', `/api/v1/invoices/${issued.id}/revisions`)).body.items).toHaveLength(2);
  });

  it('edits drafts in place without revisions', async () => {
    const draft = await t.call('POST', '/api/v1/invoices', {
      clientId,
      lines: [{ description: 'Work', quantity: '1', unitPrice: '10' }],
    });
    const edited = await t.call('PATCH', `/api/v1/invoices/${draft.body.id}`, { notes: 'draft note' });
    expect(edited.status).toBe(200);
    expect((await t.call('GET', `/api/v1/invoices/${draft.body.id}/revisions`)).body.items).toEqual([]);
    expect((await t.call('GET', `/api/v1/invoices/${draft.body.id}/revisions/1`)).status).toBe(404);
  });
});

describe('duplicating an invoice', () => {
  it('makes a new draft issued today in the organisation time zone, due by the same terms', async () => {
    await t.call('PATCH', '/api/v1/settings', { timeZone: 'Pacific/Auckland' });
    // 2026-11-25 20:00 UTC is already 26 November in Auckland.
    t.clock.set('2026-11-25T20:00:00Z');
    try {
      const issued = await sentInvoice();
      const copy = await t.call('POST', `/api/v1/invoices/${issued.id}/duplicate`);
      expect(copy.status).toBe(201);
      expect(copy.body.id).not.toBe(issued.id);
      expect(copy.body).toMatchObject({
        number: null,
        status: 'draft',
        client: issued.client,
        project: issued.project,
        currency: 'USD',
        issueDate: '2026-11-26',
        paymentTerms: 'net_14',
        dueDate: '2026-12-10',
        discount: issued.discount,
        taxes: issued.taxes,
        notes: 'Thank you',
        terms: 'Pay by transfer',
        totals: issued.totals,
      });
      const strip = (lines: { id: string }[]) => lines.map(({ id: _id, ...rest }) => rest);
      expect(strip(copy.body.lines)).toEqual(strip(issued.lines));

      const copyEvents = await t.call('GET', `/api/v1/invoices/${copy.body.id}/events`);
      expect(copyEvents.body.items).toMatchObject([
        {
          type: 'created',
          toStatus: 'draft',
          data: { duplicatedFrom: { id: issued.id, number: issued.number } },
        },
      ]);
      const sourceEvents = await t.call('GET', `/api/v1/invoices/${issued.id}/events`);
      expect(sourceEvents.body.items.at(-1)).toMatchObject({
        type: 'duplicated',
        data: { duplicateId: copy.body.id },
      });
      // The original is untouched.
      expect((await t.call('GET', `/api/v1/invoices/${issued.id}`)).body.status).toBe('sent');

      const fixed = await sentInvoice({ paymentTerms: 'fixed_date', dueDate: '2026-12-31' });
      const fixedCopy = await t.call('POST', `/api/v1/invoices/${fixed.id}/duplicate`);
      expect(fixedCopy.body).toMatchObject({
        paymentTerms: 'fixed_date',
        issueDate: '2026-11-26',
        dueDate: '2027-01-06',
      });

      expect(
        (await t.call('POST', '/api/v1/invoices/00000000-0000-4000-8000-000000000000/duplicate')).status,
      ).toBe(404);
    } finally {
      t.clock.set('2026-11-25T10:00:00Z');
      await t.call('PATCH', '/api/v1/settings', { timeZone: 'UTC' });
    }
  });
});
