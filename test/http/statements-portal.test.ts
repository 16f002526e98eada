/**
 * GET /api/portal/v1/statement: the signed-in contact's own client only. Client A has two issued invoices (one part
 * paid) and a draft; client B one invoice. B's contact, whatever it passes, sees B's figures and never A's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText, qpdfCheck } from '../pdf/pdf-tools.ts';
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

let h: PortalHarness;
let partyA: Party;
let partyB: Party;
let contactA: Browser;
let contactB: Browser;
const numbers: Record<string, string> = {};

async function pdfOf(browser: Browser, path: string) {
  const cookie = [...browser.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  const response = await fetch(`${h.baseUrl}${path}`, { headers: { cookie } });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}

beforeAll(async () => {
  h = await startPortalHarness();
  h.clock.set('2026-03-10T10:00:00Z');
  partyA = await createParty(h, 'Alpha Ltd', [{ name: 'Ann', email: 'ann@alpha.example' }]);
  partyB = await createParty(h, 'Bravo Ltd', [{ name: 'Bob', email: 'bob@bravo.example' }]);
  const a1 = await createInvoice(h, partyA.clientId);
  const a2 = await createInvoice(h, partyA.clientId, { description: 'Second' });
  await createInvoice(h, partyA.clientId, { issue: false });
  const b1 = await createInvoice(h, partyB.clientId);
  numbers.a1 = a1.number!;
  numbers.a2 = a2.number!;
  numbers.b1 = b1.number!;
  const paid = await h.staff('POST', `/api/v1/invoices/${a1.id}/payments`, {
    amount: '100.00',
    method: 'bank_transfer',
    paidOn: '2026-03-10',
  });
  expect(paid.status).toBe(201);
  contactA = await activateContact(h, partyA.contacts[0]!);
  contactB = await activateContact(h, partyB.contacts[0]!);
});

afterAll(async () => {
  await h.close();
});

describe('GET /api/portal/v1/statement', () => {
  it("gives the contact its own client's statement, with the staff API's figures", async () => {
    const mine = await contactA.get('/api/portal/v1/statement?from=2026-03-01&to=2026-03-31');
    expect(mine.status).toBe(200);
    const staff = await h.staff(
      'GET',
      `/api/v1/clients/${partyA.clientId}/statement?from=2026-03-01&to=2026-03-31`,
    );
    expect(mine.body).toEqual(staff.body);
    expect(mine.body.client.id).toBe(partyA.clientId);
    const [usd] = mine.body.currencies;
    // 2 x 300.00 invoiced, 100.00 paid; the draft is not on it.
    expect(usd.openingBalance).toBe('0.00');
    expect(usd.closingBalance).toBe('500.00');
    expect(usd.entries.map((entry: { documentNumber: string }) => entry.documentNumber).sort()).toEqual(
      [numbers.a1, numbers.a2, numbers.a1].sort(),
    );
  });

  it("never shows another client's statement: B sees only B's figures, and cannot ask for A's", async () => {
    const theirs = await contactB.get('/api/portal/v1/statement?from=2026-03-01&to=2026-03-31');
    expect(theirs.status).toBe(200);
    expect(theirs.body.client.id).toBe(partyB.clientId);
    expect(theirs.body.currencies[0].closingBalance).toBe('300.00');
    const text = JSON.stringify(theirs.body);
    for (const leaked of [partyA.clientId, numbers.a1, numbers.a2, 'Alpha'])
      expect(text).not.toContain(leaked);
    // There is no client parameter to pass: trying one is refused, not obeyed.
    const asking = await contactB.get(`/api/portal/v1/statement?clientId=${partyA.clientId}`);
    expect(asking.status).toBe(400);
    expect(asking.headers.get('content-type')).toContain('application/problem+json');
    const pdf = await pdfOf(contactB, '/api/portal/v1/statement?from=2026-03-01&to=2026-03-31&format=pdf');
    expect(pdf.status).toBe(200);
    const words = await pdfText(pdf.bytes);
    expect(words).toContain('Bravo Ltd');
    expect(words).toContain(numbers.b1);
    expect(words).not.toContain('Alpha');
    expect(words).not.toContain(numbers.a1);
  });

  it('gives the statement as a PDF with the closing balance', async () => {
    const pdf = await pdfOf(contactA, '/api/portal/v1/statement?from=2026-03-01&to=2026-03-31&format=pdf');
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    await qpdfCheck(pdf.bytes);
    const words = await pdfText(pdf.bytes);
    expect(words).toContain('STATEMENT');
    expect(words).toContain('Closing balance');
    expect(words).toContain('$500.00');
  });

  it('refuses a session opened by an emailed invoice link (it sees one invoice, not the account)', async () => {
    const a1 = (await h.staff('GET', `/api/v1/invoices?clientId=${partyA.clientId}`)).body;
    const invoiceId = a1.items.find((invoice: { number: string }) => invoice.number === numbers.a1).id;
    const { token } = await makeLink(h, invoiceId, partyA.contacts[0]!.id);
    const linked = h.browser();
    expect((await linked.get(`/api/portal/v1/links/${token}`)).status).toBe(200);
    const refused = await linked.get('/api/portal/v1/statement');
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toContain('Sign in');
  });

  it('answers bad periods and signed-out callers with problem+json', async () => {
    const cases: [string, number, string][] = [
      ['from=2026-02-30&to=2026-03-31', 400, 'from'],
      ['from=2026-04-01&to=2026-03-31', 400, 'to'],
      ['from=1990-01-01&to=2026-03-31', 400, 'to'],
      ['format=docx', 400, 'format'],
    ];
    for (const [query, status, field] of cases) {
      const response = await contactA.get(`/api/portal/v1/statement?${query}`);
      expect(response.status, query).toBe(status);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(JSON.stringify(response.body), query).toContain(field);
    }
    const anonymous = await h.browser().get('/api/portal/v1/statement');
    expect(anonymous.status).toBe(401);
    const staffToken = await fetch(`${h.baseUrl}/api/portal/v1/statement`, {
      headers: { authorization: `Bearer ${h.adminToken}` },
    });
    expect(staffToken.status).toBe(401);
  });
});
