import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activateContact,
  type Browser,
  createInvoice,
  createParty,
  makeLink,
  type Party,
  type PortalHarness,
  startPortalHarness,
} from '../support/portal-harness.ts';

/** The client's credit as the portal shows it: its own credit only, and nothing to a one-document link session. */
let h: PortalHarness;
let a: Party;
let alice: Browser;
let bert: Browser;
let invoiceId: string;

beforeAll(async () => {
  h = await startPortalHarness();
  a = await createParty(h, 'Client A', [
    { name: 'Alice A', email: 'alice@a.example' },
    { name: 'Andy A', email: 'andy@a.example' },
  ]);
  const b = await createParty(h, 'Client B', [{ name: 'Bert B', email: 'bert@b.example' }]);
  alice = await activateContact(h, a.contacts[0]!);
  bert = await activateContact(h, b.contacts[0]!);

  // 300.00 paid in full, then 50.00 credited: nothing left to apply it to, so it is the client's credit.
  const invoice = await createInvoice(h, a.clientId);
  invoiceId = invoice.id;
  const paid = await h.staff('POST', `/api/v1/invoices/${invoiceId}/payments`, {
    amount: '300.00',
    method: 'bank_transfer',
  });
  expect(paid.status, JSON.stringify(paid.body)).toBe(201);
  const note = await h.staff('POST', `/api/v1/invoices/${invoiceId}/credit-notes`, {
    mode: 'amount',
    amount: '50.00',
    reason: 'Goodwill',
  });
  expect(note.status, JSON.stringify(note.body)).toBe(201);
  expect((await h.staff('POST', `/api/v1/credit-notes/${note.body.id}/issue`)).status).toBe(200);
});

afterAll(async () => {
  await h?.close();
});

describe('GET /api/portal/v1/credit', () => {
  it("shows a signed-in contact their client's credit left, per currency", async () => {
    const staffView = await h.staff('GET', `/api/v1/clients/${a.clientId}/credit`);
    const response = await alice.get('/api/portal/v1/credit');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ credit: staffView.body.credit });
    expect(response.body.credit).toEqual([{ currency: expect.any(String), amount: '50.00', creditNotes: 1 }]);
  });

  it("never shows another client's credit", async () => {
    const response = await bert.get('/api/portal/v1/credit');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ credit: [] });
  });

  it('tells a session opened by an emailed link nothing about the other documents', async () => {
    const link = await makeLink(h, invoiceId, a.contacts[1]!.id);
    const andy = h.browser();
    const opened = await andy.get(link.path);
    expect(opened.status).toBeLessThan(400);
    const me = await andy.get('/api/portal/v1/me');
    expect(me.status).toBe(200);
    const response = await andy.get('/api/portal/v1/credit');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ credit: [] });
  });

  it('is for portal sessions only', async () => {
    expect((await h.browser().get('/api/portal/v1/credit')).status).toBe(401);
  });
});
