/**
 * GET /api/v1/clients/{id}/statement against a real database, figures worked out by hand. Statement of Acme for
 * 2026-10-01..2026-10-31; every step runs with the clock on its own day.
 *
 * USD:
 *   I0 2026-08-01 100.00, paid in full 2026-08-20: nothing left before the period.
 *   I1 2026-09-10 300.00 net 30 (due 10-10); 100.00 paid 09-20 -> opening balance 200.00.
 *   V 10-02 500.00 -> 700.00, voided the same day -> 200.00 (a void entry takes back what was owed on it).
 *     10-05 payment 50.00 -> 150.00; 10-12 refund of that payment 20.00 -> 170.00.
 *   I2 10-15 80.00 net 30 (due 11-14) -> 250.00; credit note CN1 of 30.00 on 10-20 -> 220.00.
 *   I3 10-25 40.00 -> 260.00, paid 10-26 -> 220.00, credited in full 10-27 (client credit) -> 180.00, the credit
 *     refunded by bank transfer 10-28 -> 220.00 = closing.
 *   Aging as of 10-31: I1 170.00 (21 days past due: 1-30), I2 50.00 (current): 220.00.
 *   Not on it: a draft (999.00), an invoice of 11-10 (after the period).
 * Gamma: G1 10-03 200.00 due on receipt, voided 11-05: owed on 10-31 (statement and aging agree), taken back in
 * November.
 * EUR: E1 2026-09-01 1000.00 due on receipt (opening 1000.00), 250.00 paid 10-10 -> 750.00 (60 days past due: 31-60).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText, qpdfCheck } from '../pdf/pdf-tools.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let acme: string;
let beta: string;
let gamma: string;
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
  beta = (await ok('POST', '/api/v1/clients', { name: 'Beta', currency: 'USD' })).id;
  const i0 = await issue('I0', '2026-08-01', { currency: 'USD', lines: line('100.00') });
  await pay(i0, '2026-08-20', '100.00');
  const e1 = await issue('E1', '2026-09-01', {
    currency: 'EUR',
    paymentTerms: 'due_on_receipt',
    lines: line('1000.00'),
  });
  const i1 = await issue('I1', '2026-09-10', {
    currency: 'USD',
    paymentTerms: 'net_30',
    lines: line('300.00'),
  });
  await pay(i1, '2026-09-20', '100.00');
  await issue('void', '2026-10-02', { currency: 'USD', lines: line('500.00') });
  await ok('POST', `/api/v1/invoices/${ids.void}/void`, { reason: 'Wrong client' });
  const payment = await pay(i1, '2026-10-05', '50.00');
  await pay(e1, '2026-10-10', '250.00');
  t.clock.set('2026-10-12T10:00:00Z');
  const paymentId = payment.payment?.id ?? payment.id;
  await ok('POST', `/api/v1/invoices/${i1}/payments/${paymentId}/refund`, {
    amount: '20.00',
    refundedOn: '2026-10-12',
  });
  const i2 = await issue('I2', '2026-10-15', {
    currency: 'USD',
    paymentTerms: 'net_30',
    lines: line('80.00'),
  });
  ids.CN1 = (
    await creditNote(i2, '2026-10-20', { mode: 'amount', amount: '30.00', reason: 'Late delivery' })
  ).id;
  const i3 = await issue('I3', '2026-10-25', { currency: 'USD', lines: line('40.00') });
  await pay(i3, '2026-10-26', '40.00');
  const cn2 = await creditNote(i3, '2026-10-27', { mode: 'remaining', reason: 'Returned' });
  ids.CN2 = cn2.id;
  t.clock.set('2026-10-28T10:00:00Z');
  await ok('POST', `/api/v1/credit-notes/${cn2.id}/refunds`, { method: 'bank_transfer', date: '2026-10-28' });
  await issue('later', '2026-11-10', { currency: 'USD', lines: line('70.00') });
  await ok('POST', '/api/v1/invoices', { clientId: acme, currency: 'USD', taxes: [], lines: line('999.00') });
  await issue('beta', '2026-10-03', { currency: 'USD', lines: line('12.34') }, beta);
  gamma = (await ok('POST', '/api/v1/clients', { name: 'Gamma', currency: 'USD' })).id;
  const g1 = await issue(
    'G1',
    '2026-10-03',
    { currency: 'USD', paymentTerms: 'due_on_receipt', lines: line('200.00') },
    gamma,
  );
  t.clock.set('2026-11-05T10:00:00Z');
  await ok('POST', `/api/v1/invoices/${g1}/void`, { reason: 'Duplicate' });
  t.clock.set('2026-11-25T10:00:00Z');
});

afterAll(async () => {
  await t.close();
});

const statementUrl = (query: string, client = acme) => `/api/v1/clients/${client}/statement?${query}`;

describe('GET /api/v1/clients/{id}/statement', () => {
  it('gives opening balance, entries with the running balance, closing balance and aging per currency', async () => {
    const body = await ok('GET', statementUrl('from=2026-10-01&to=2026-10-31'));
    expect(body.client).toEqual({ id: acme, name: 'Acme', company: '' });
    expect(body.from).toBe('2026-10-01');
    expect(body.to).toBe('2026-10-31');
    expect(body.currencies.map((c: { currency: string }) => c.currency)).toEqual(['EUR', 'USD']);
    const [eur, usd] = body.currencies;
    expect(eur).toMatchObject({
      openingBalance: '1000.00',
      closingBalance: '750.00',
      aging: {
        current: '0.00',
        '1-30': '0.00',
        '31-60': '750.00',
        '61-90': '0.00',
        '90+': '0.00',
        total: '750.00',
      },
    });
    expect(eur.entries.map((e: { kind: string; amount: string }) => [e.kind, e.amount])).toEqual([
      ['payment', '-250.00'],
    ]);
    expect(usd.openingBalance).toBe('200.00');
    const entries = usd.entries.map((e: Record<string, string>) => [
      e.date,
      e.kind,
      e.documentId,
      e.amount,
      e.balance,
    ]);
    expect(entries).toEqual([
      ['2026-10-02', 'invoice', ids.void, '500.00', '700.00'],
      ['2026-10-02', 'void', ids.void, '-500.00', '200.00'],
      ['2026-10-05', 'payment', ids.I1, '-50.00', '150.00'],
      ['2026-10-12', 'refund', ids.I1, '20.00', '170.00'],
      ['2026-10-15', 'invoice', ids.I2, '80.00', '250.00'],
      ['2026-10-20', 'credit_note', ids.CN1, '-30.00', '220.00'],
      ['2026-10-25', 'invoice', ids.I3, '40.00', '260.00'],
      ['2026-10-26', 'payment', ids.I3, '-40.00', '220.00'],
      ['2026-10-27', 'credit_note', ids.CN2, '-40.00', '180.00'],
      ['2026-10-28', 'credit_refund', ids.CN2, '40.00', '220.00'],
    ]);
    expect(usd.closingBalance).toBe('220.00');
    expect(usd.aging).toEqual({
      current: '50.00',
      '1-30': '170.00',
      '31-60': '0.00',
      '61-90': '0.00',
      '90+': '0.00',
      total: '220.00',
    });
    for (const entry of usd.entries) expect(entry.documentNumber).toMatch(/\S/);
  });

  it('defaults to the current month up to today, with earlier activity in the opening balance', async () => {
    const body = await ok('GET', statementUrl(''));
    expect([body.from, body.to]).toEqual(['2026-11-01', '2026-11-25']);
    const usd = body.currencies.find((c: { currency: string }) => c.currency === 'USD');
    expect(usd.openingBalance).toBe('220.00');
    expect(usd.entries.map((e: { amount: string }) => e.amount)).toEqual(['70.00']);
    expect(usd.closingBalance).toBe('290.00');
  });

  it('shows an invoice voided after the period as owed, like the aging report, and its void in the period of it', async () => {
    const october = await ok('GET', statementUrl('from=2026-10-01&to=2026-10-31', gamma));
    const [before] = october.currencies;
    expect(before.entries.map((e: Record<string, string>) => [e.date, e.kind, e.amount, e.balance])).toEqual([
      ['2026-10-03', 'invoice', '200.00', '200.00'],
    ]);
    expect(before.closingBalance).toBe('200.00');
    expect(before.aging).toMatchObject({ '1-30': '200.00', total: '200.00' });
    const aging = await ok('GET', `/api/v1/reports/aging?asOf=2026-10-31&clientId=${gamma}`);
    expect(aging.totals).toEqual([
      expect.objectContaining({ currency: 'USD', total: '200.00', invoiceCount: 1 }),
    ]);

    const november = await ok('GET', statementUrl('from=2026-11-01&to=2026-11-25', gamma));
    const [after] = november.currencies;
    expect(after.openingBalance).toBe('200.00');
    expect(
      after.entries.map((e: Record<string, string>) => [e.date, e.kind, e.documentId, e.amount]),
    ).toEqual([['2026-11-05', 'void', ids.G1, '-200.00']]);
    expect(after.closingBalance).toBe('0.00');
    expect(after.aging.total).toBe('0.00');
    const agingNow = await ok('GET', `/api/v1/reports/aging?asOf=2026-11-25&clientId=${gamma}`);
    expect(agingNow.totals).toEqual([]);
  });

  it('has no ledger for a period before any activity', async () => {
    const body = await ok('GET', statementUrl('from=2020-01-01&to=2020-12-31'));
    expect(body.currencies).toEqual([]);
  });

  it('renders the same figures as a PDF', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: statementUrl('from=2026-10-01&to=2026-10-31&format=pdf'),
      headers: { authorization: `Bearer ${t.financeToken}` },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toContain('statement-2026-10-01-2026-10-31.pdf');
    expect(await qpdfCheck(response.rawPayload)).toContain('No syntax or stream encoding errors');
    const text = await pdfText(response.rawPayload);
    for (const figure of ['$200.00', '-$50.00', '$170.00', '-$30.00', '$220.00', '€1,000.00', '€750.00']) {
      expect(text).toContain(figure);
    }
    expect(text).toContain('Opening balance');
    expect(text).toContain('Closing balance');
    expect(text).toContain('Credit refunded');
    expect(text).toContain('Voided');
    expect(text).not.toContain('999.00');
  });
});

describe('bad input answers problem+json naming the field', () => {
  const cases: [string, string][] = [
    ['from=2026-02-30&to=2026-03-01', 'querystring.from'],
    ['from=2026-03-01&to=2026-02-01', 'querystring.to'],
    ['from=1990-01-01&to=2026-01-01', 'querystring.to'],
    ['to=yesterday', 'querystring.to'],
    ['format=xlsx', 'querystring.format'],
    ['colour=red', 'querystring.colour'],
  ];
  it.each(cases)('%s', async (query, field) => {
    const response = await t.call('GET', statementUrl(query));
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
  });

  it('from after the default today answers 422 naming to', async () => {
    const response = await t.call('GET', statementUrl('from=2027-01-01'));
    expect(response.status).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body.errors.map((error: { field: string }) => error.field)).toContain('to');
  });

  it('an unknown or malformed client id answers 404', async () => {
    const unknown = await t.call('GET', '/api/v1/clients/00000000-0000-4000-8000-000000000000/statement');
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    expect((await t.call('GET', '/api/v1/clients/42/statement')).status).toBe(404);
  });
});
