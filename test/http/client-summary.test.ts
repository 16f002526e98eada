/**
 * GET /api/v1/clients/{id}/summary against a real database after a mix of operations, figures worked out by hand
 * and compared with the client's statement and the aging report. Today is 2026-11-25 (UTC).
 *
 * USD (Acme):
 *   A1 2026-09-01 300.00 net 30 (due 10-01): 100.00 paid 09-15, 20.00 of it refunded 09-20, 15.00 credit applied
 *      from C2 on 11-10 -> 205.00 open, 55 days past due.
 *   A2 2026-11-01 150.00 net 30 (due 12-01): credit note C1 of 50.00 on 11-05 -> 100.00 open, current.
 *   A3 2026-10-10 40.00 paid 10-11, credited in full by C2 on 10-12 (client credit 40.00); 15.00 applied to A1,
 *      5.00 refunded 11-12 -> 20.00 credit left.
 *   V  2026-10-20 500.00, voided 10-22. A draft of 999.00 is not counted.
 *   invoiced 990.00 - 500.00 = 490.00; credited 90.00; paid 120.00; outstanding 305.00; overdue 205.00;
 *   credit 20.00; balance 285.00 (= outstanding - credit).
 * EUR: E1 2026-11-20 1000.00 due on receipt, 5 days past due.
 * JPY (no minor unit): J1 2026-11-24 12345 net 30, 345 paid -> 12000 open, current.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let acme: string;
let other: string;
const ids: Record<string, string> = {};

async function ok(method: 'POST' | 'GET', url: string, body?: unknown) {
  const response = await t.call(method, url, body);
  expect(response.status, `${url} ${JSON.stringify(response.body)}`).toBeLessThan(300);
  return response.body;
}

async function issue(name: string, day: string, body: Record<string, unknown>, clientId = acme) {
  t.clock.set(`${day}T10:00:00Z`);
  const draft = await ok('POST', '/api/v1/invoices', { clientId, taxes: [], issueDate: day, ...body });
  await ok('POST', `/api/v1/invoices/${draft.id}/mark-sent`);
  ids[name] = draft.id;
  return draft.id as string;
}

async function pay(invoice: string, day: string, amount: string) {
  t.clock.set(`${day}T10:00:00Z`);
  return ok('POST', `/api/v1/invoices/${invoice}/payments`, { amount, method: 'bank_transfer', paidOn: day });
}

async function creditNote(invoice: string, day: string, body: Record<string, unknown>) {
  t.clock.set(`${day}T10:00:00Z`);
  const note = await ok('POST', `/api/v1/invoices/${invoice}/credit-notes`, { issueDate: day, ...body });
  return ok('POST', `/api/v1/credit-notes/${note.id}/issue`);
}

const line = (price: string) => [{ description: 'Work', quantity: '1', unitPrice: price }];

beforeAll(async () => {
  t = await startTestApp();
  acme = (await ok('POST', '/api/v1/clients', { name: 'Acme', currency: 'USD' })).id;
  other = (await ok('POST', '/api/v1/clients', { name: 'Other', currency: 'USD' })).id;
  const a1 = await issue('A1', '2026-09-01', {
    currency: 'USD',
    paymentTerms: 'net_30',
    lines: line('300.00'),
  });
  const payment = await pay(a1, '2026-09-15', '100.00');
  t.clock.set('2026-09-20T10:00:00Z');
  await ok('POST', `/api/v1/invoices/${a1}/payments/${payment.payment?.id ?? payment.id}/refund`, {
    amount: '20.00',
    refundedOn: '2026-09-20',
  });
  const a3 = await issue('A3', '2026-10-10', { currency: 'USD', lines: line('40.00') });
  await pay(a3, '2026-10-11', '40.00');
  const c2 = await creditNote(a3, '2026-10-12', { mode: 'remaining', reason: 'Returned' });
  await issue('V', '2026-10-20', { currency: 'USD', lines: line('500.00') });
  t.clock.set('2026-10-22T10:00:00Z');
  await ok('POST', `/api/v1/invoices/${ids.V}/void`, { reason: 'Wrong client' });
  const a2 = await issue('A2', '2026-11-01', {
    currency: 'USD',
    paymentTerms: 'net_30',
    lines: line('150.00'),
  });
  await creditNote(a2, '2026-11-05', { mode: 'amount', amount: '50.00', reason: 'Late' });
  t.clock.set('2026-11-10T10:00:00Z');
  await ok('POST', `/api/v1/invoices/${a1}/apply-credit`, { creditNoteId: c2.id, amount: '15.00' });
  t.clock.set('2026-11-12T10:00:00Z');
  await ok('POST', `/api/v1/credit-notes/${c2.id}/refunds`, {
    amount: '5.00',
    method: 'bank_transfer',
    date: '2026-11-12',
  });
  await ok('POST', '/api/v1/invoices', { clientId: acme, currency: 'USD', taxes: [], lines: line('999.00') });
  await issue('E1', '2026-11-20', {
    currency: 'EUR',
    paymentTerms: 'due_on_receipt',
    lines: line('1000.00'),
  });
  const j1 = await issue('J1', '2026-11-24', {
    currency: 'JPY',
    paymentTerms: 'net_30',
    lines: line('12345'),
  });
  await pay(j1, '2026-11-24', '345');
  await issue('other', '2026-10-01', { currency: 'USD', lines: line('77.00') }, other);
  t.clock.set('2026-11-25T10:00:00Z');
});

afterAll(async () => {
  await t.close();
});

describe('GET /api/v1/clients/{id}/summary', () => {
  it('gives invoiced, paid, outstanding, overdue and credit per currency, exact to the minor unit', async () => {
    const body = await ok('GET', `/api/v1/clients/${acme}/summary`);
    expect(body.today).toBe('2026-11-25');
    expect(body.currencies).toEqual([
      {
        currency: 'EUR',
        invoiced: '1000.00',
        credited: '0.00',
        paid: '0.00',
        outstanding: '1000.00',
        overdue: '1000.00',
        credit: '0.00',
        balance: '1000.00',
        openInvoices: 1,
        overdueInvoices: 1,
      },
      {
        currency: 'JPY',
        invoiced: '12345',
        credited: '0',
        paid: '345',
        outstanding: '12000',
        overdue: '0',
        credit: '0',
        balance: '12000',
        openInvoices: 1,
        overdueInvoices: 0,
      },
      {
        currency: 'USD',
        invoiced: '490.00',
        credited: '90.00',
        paid: '120.00',
        outstanding: '305.00',
        overdue: '205.00',
        credit: '20.00',
        balance: '285.00',
        openInvoices: 2,
        overdueInvoices: 1,
      },
    ]);
  });

  it('agrees with the statement and the aging report of the same client', async () => {
    const summary = await ok('GET', `/api/v1/clients/${acme}/summary`);
    const statement = await ok('GET', `/api/v1/clients/${acme}/statement?from=2020-01-01&to=2026-11-25`);
    const aging = await ok('GET', `/api/v1/reports/aging?asOf=2026-11-25&clientId=${acme}`);
    const credit = await ok('GET', `/api/v1/clients/${acme}/credit`);
    for (const figures of summary.currencies) {
      const ledger = statement.currencies.find((c: { currency: string }) => c.currency === figures.currency);
      expect(ledger.closingBalance).toBe(figures.balance);
      expect(ledger.aging.total).toBe(figures.outstanding);
      const exponent = figures.currency === 'JPY' ? 0 : 2;
      const minor = (amount: string) => BigInt(amount.replace('.', ''));
      const sumOf = (...kinds: string[]) =>
        ledger.entries
          .filter((entry: { kind: string }) => kinds.includes(entry.kind))
          .reduce((sum: bigint, entry: { amount: string }) => sum + minor(entry.amount), 0n);
      // Entries are signed: invoices +, voids -, payments -, refunds +.
      expect(sumOf('invoice', 'void')).toBe(minor(figures.invoiced));
      expect(-sumOf('payment', 'refund')).toBe(minor(figures.paid));
      expect(-sumOf('credit_note')).toBe(minor(figures.credited));
      const aged = aging.clients.find((row: { currency: string }) => row.currency === figures.currency);
      expect(aged.total).toBe(figures.outstanding);
      const overdue = ['1-30', '31-60', '61-90', '90+'].reduce(
        (sum, bucket) => sum + minor(aged.buckets[bucket]),
        0n,
      );
      expect(overdue).toBe(minor(figures.overdue));
      const left = credit.credit.find((row: { currency: string }) => row.currency === figures.currency);
      expect(left?.amount ?? (0).toFixed(exponent)).toBe(figures.credit);
      expect(minor(figures.outstanding) - minor(figures.credit)).toBe(minor(figures.balance));
    }
  });

  it("lists the latest events of the client's documents and payments, newest first, each with its document", async () => {
    const { activity } = await ok('GET', `/api/v1/clients/${acme}/summary`);
    expect(activity.length).toBe(10);
    const times = activity.map((entry: { event: { at: string } }) => entry.event.at);
    expect([...times].sort().reverse()).toEqual(times);
    expect(activity[0].document).toMatchObject({ kind: 'invoice', id: ids.J1, currency: 'JPY' });
    expect(activity.map((entry: { event: { type: string } }) => entry.event.type)).toContain(
      'payment_recorded',
    );
    const kinds = new Set(activity.map((entry: { document: { kind: string } }) => entry.document.kind));
    expect(kinds.has('credit_note')).toBe(true);
    expect(activity.some((entry: { document: { id: string } }) => entry.document.id === ids.other)).toBe(
      false,
    );
  });

  it('is open to finance staff as to admins', async () => {
    const response = await t.call('GET', `/api/v1/clients/${acme}/summary`, undefined, t.financeToken);
    expect(response.status).toBe(200);
  });

  it('answers 404 problem+json for an unknown or malformed client id, as the other client routes do', async () => {
    const missing = await t.call('GET', '/api/v1/clients/00000000-0000-4000-8000-000000000000/summary');
    expect(missing.status).toBe(404);
    expect(String(missing.headers['content-type'])).toContain('application/problem+json');
    expect(missing.body.detail).toMatch(/client not found/i);
    const malformed = await t.call('GET', '/api/v1/clients/not-an-id/summary');
    expect(malformed.status).toBe((await t.call('GET', '/api/v1/clients/not-an-id')).status);
    expect(malformed.status).toBe(404);
    expect(String(malformed.headers['content-type'])).toContain('application/problem+json');
  });

  it('gives no currencies and no activity for a client with nothing yet', async () => {
    const fresh = (await ok('POST', '/api/v1/clients', { name: 'Fresh' })).id;
    const body = await ok('GET', `/api/v1/clients/${fresh}/summary`);
    expect(body.currencies).toEqual([]);
    expect(body.activity).toEqual([]);
  });
});
