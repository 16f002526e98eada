import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t.close();
});

const line = { description: 'Work', quantity: '1', unitPrice: '10' };

async function sentInvoice(contacts: { name: string; email?: string }[]) {
  const client = await t.call('POST', '/api/v1/clients', { name: 'Revised Ltd', contacts });
  const draft = await t.call('POST', '/api/v1/invoices', { clientId: client.body.id, lines: [line] });
  await t.call('POST', `/api/v1/invoices/${draft.body.id}/mark-sent`);
  return draft.body.id as string;
}

it('emails the updated invoice when an issued invoice is edited with sendUpdated', async () => {
  const id = await sentInvoice([{ name: 'Ana', email: 'ana@revised.example' }]);
  const before = await t.call('GET', `/api/v1/invoices/${id}/emails`);
  const edited = await t.call('PATCH', `/api/v1/invoices/${id}`, {
    lines: [{ ...line, quantity: '2' }],
    revisionNote: 'Two days, not one',
    sendUpdated: true,
  });
  expect(edited.status).toBe(200);
  expect(edited.body.totals.total).toBe('20.00');
  const after = await t.call('GET', `/api/v1/invoices/${id}/emails`);
  expect(after.body.items.length).toBe(before.body.items.length + 1);
  // No SMTP settings in this test: the message is recorded, with the reason it was not sent.
  expect(after.body.items.at(-1)).toMatchObject({ state: 'not_sent' });
});

it('refuses sendUpdated for a client without an email address, and saves nothing', async () => {
  const id = await sentInvoice([{ name: 'No Mail' }]);
  const refused = await t.call('PATCH', `/api/v1/invoices/${id}`, {
    lines: [{ ...line, quantity: '3' }],
    sendUpdated: true,
  });
  expect(refused.status).toBe(422);
  expect(refused.body.errors[0].field).toBe('sendUpdated');
  expect((await t.call('GET', `/api/v1/invoices/${id}`)).body.totals.total).toBe('10.00');
});
