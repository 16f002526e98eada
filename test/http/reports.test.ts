/**
 * GET /api/v1/reports/* against a real database, with figures worked out by hand. Today is 2026-11-25 (UTC).
 *
 * Client Acme (USD), VAT 20 % (category S):
 *   I1 issued 2026-09-10, net 30 (due 2026-10-10): 100.00 + VAT 20.00 = 120.00; 60.00 paid 2026-10-05 by bank
 *      transfer. Open 60.00, 46 days past due today (31-60); as of 2026-10-01 open 120.00, not yet due (current).
 *   I2 issued 2026-11-01, net 30 (due 2026-12-01): 50.00 without tax, unpaid (current).
 *   I3 issued 2026-11-02: 240.00 incl. VAT 40.00, credited in full by a credit note issued 2026-11-03.
 * Client Beta (JPY): J1 issued 2026-07-01, due on receipt, ¥10000 without tax, unpaid (146 days: 90+).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/dates.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let acme: string;
let beta: string;
let i1: string;

async function invoice(clientId: string, body: Record<string, unknown>) {
  const draft = await t.call('POST', '/api/v1/invoices', { clientId, taxes: [], ...body });
  expect(draft.status, JSON.stringify(draft.body)).toBe(201);
  expect((await t.call('POST', `/api/v1/invoices/${draft.body.id}/mark-sent`)).status).toBe(200);
  return draft.body.id as string;
}

async function report(path: string, token?: string) {
  const response = await t.call('GET', `/api/v1/reports/${path}`, undefined, token);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

beforeAll(async () => {
  t = await startTestApp();
  t.clock.set('2026-11-25T10:00:00Z');
  const vat = await t.call('POST', '/api/v1/tax-rates', { name: 'VAT', rate: '20', vatCategory: 'S' });
  expect(vat.status, JSON.stringify(vat.body)).toBe(201);
  acme = (await t.call('POST', '/api/v1/clients', { name: 'Acme', currency: 'USD' })).body.id;
  beta = (await t.call('POST', '/api/v1/clients', { name: 'Beta KK', currency: 'JPY' })).body.id;
  const taxed = [{ taxRateId: vat.body.id }];
  i1 = await invoice(acme, {
    currency: 'USD',
    issueDate: '2026-09-10',
    paymentTerms: 'net_30',
    lines: [{ description: 'Design', quantity: '1', unitPrice: '100.00', taxes: taxed }],
  });
  const paid = await t.call('POST', `/api/v1/invoices/${i1}/payments`, {
    amount: '60.00',
    method: 'bank_transfer',
    paidOn: '2026-10-05',
  });
  expect(paid.status, JSON.stringify(paid.body)).toBe(201);
  await invoice(acme, {
    currency: 'USD',
    issueDate: '2026-11-01',
    paymentTerms: 'net_30',
    lines: [{ description: 'Hosting', quantity: '1', unitPrice: '50.00' }],
  });
  const i3 = await invoice(acme, {
    currency: 'USD',
    issueDate: '2026-11-02',
    paymentTerms: 'net_30',
    lines: [{ description: 'Licence', quantity: '2', unitPrice: '100.00', taxes: taxed }],
  });
  const note = await t.call('POST', `/api/v1/invoices/${i3}/credit-notes`, {
    mode: 'remaining',
    reason: 'Cancelled order',
    issueDate: '2026-11-03',
  });
  expect(note.status, JSON.stringify(note.body)).toBe(201);
  expect((await t.call('POST', `/api/v1/credit-notes/${note.body.id}/issue`)).status).toBe(200);
  await invoice(beta, {
    currency: 'JPY',
    issueDate: '2026-07-01',
    paymentTerms: 'due_on_receipt',
    lines: [{ description: 'Consulting', quantity: '1', unitPrice: '10000' }],
  });
});

afterAll(async () => {
  await t.close();
});

const zero = { current: '0.00', '1-30': '0.00', '31-60': '0.00', '61-90': '0.00', '90+': '0.00' };

describe('GET /api/v1/reports/aging', () => {
  it('buckets open balances per client and currency as of today', async () => {
    const body = await report('aging');
    expect(body.asOf).toBe('2026-11-25');
    expect(body.buckets).toEqual(['current', '1-30', '31-60', '61-90', '90+']);
    expect(body.clients).toEqual([
      {
        clientId: acme,
        clientName: 'Acme',
        currency: 'USD',
        buckets: { ...zero, current: '50.00', '31-60': '60.00' },
        total: '110.00',
        invoiceCount: 2,
      },
      {
        clientId: beta,
        clientName: 'Beta KK',
        currency: 'JPY',
        buckets: { current: '0', '1-30': '0', '31-60': '0', '61-90': '0', '90+': '10000' },
        total: '10000',
        invoiceCount: 1,
      },
    ]);
    expect(body.totals.map((total: { currency: string }) => total.currency)).toEqual(['JPY', 'USD']);
  });

  it('sums each bucket as the drill-down does invoice by invoice, on the days either side of each edge', async () => {
    // The whole report sums per client, currency and bucket in SQL; the drill-down folds each invoice in the domain.
    const edges = [-1, 0, 1, 29, 30, 31, 59, 60, 61, 89, 90, 91];
    const days = ['2026-07-01', '2026-10-10'].flatMap((due) => edges.map((offset) => addDays(due, offset)));
    for (const asOf of days.filter((day) => day <= '2026-11-25')) {
      const whole = await report(`aging?asOf=${asOf}`);
      for (const clientId of [acme, beta]) {
        const alone = await report(`aging?asOf=${asOf}&clientId=${clientId}`);
        const rows = whole.clients.filter((row: { clientId: string }) => row.clientId === clientId);
        expect(rows, asOf).toEqual(alone.clients);
      }
    }
  }, 120_000);

  it('takes back what happened after a past date, and drills down to the invoices', async () => {
    const body = await report(`aging?asOf=2026-10-01&currency=usd&clientId=${acme}`);
    expect(body.clients).toEqual([
      {
        clientId: acme,
        clientName: 'Acme',
        currency: 'USD',
        buckets: { ...zero, current: '120.00' },
        total: '120.00',
        invoiceCount: 1,
      },
    ]);
    expect(body.invoices).toEqual([
      expect.objectContaining({
        id: i1,
        dueDate: '2026-10-10',
        daysPastDue: 0,
        bucket: 'current',
        balance: '120.00',
      }),
    ]);
  });

  it('answers a CSV with a byte order mark on request', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/v1/reports/aging?format=csv&bom=1',
      headers: { authorization: `Bearer ${t.financeToken}` },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toContain('attachment; filename="aging-2026-11-25.csv"');
    expect(response.body).toBe(
      '\uFEFFas_of,client_id,client,currency,current,1-30,31-60,61-90,90+,total,invoices\r\n' +
        `2026-11-25,${acme},Acme,USD,50.00,0.00,60.00,0.00,0.00,110.00,2\r\n` +
        `2026-11-25,${beta},Beta KK,JPY,0,0,0,0,10000,10000,1\r\n`,
    );
  });
});

describe('GET /api/v1/reports/tax', () => {
  it('on an invoice basis, credit notes subtract in their own month', async () => {
    const body = await report('tax?from=2026-09-01&to=2026-11-30&period=month');
    const vat = {
      name: 'VAT',
      rate: '20',
      inclusive: false,
      compound: false,
      vatCategory: 'S',
      currency: 'USD',
    };
    expect(body.rows).toEqual([
      { period: '2026-09', ...vat, taxableAmount: '100.00', taxAmount: '20.00' },
      { period: '2026-11', ...vat, taxableAmount: '0.00', taxAmount: '0.00' },
    ]);
    expect(body.totals).toEqual([{ ...vat, taxableAmount: '100.00', taxAmount: '20.00' }]);
  });

  it('on a cash basis, a partial payment carries its share of the taxes', async () => {
    const body = await report('tax?from=2026-01-01&to=2026-12-31&period=quarter&basis=cash');
    expect(body.rows).toEqual([
      expect.objectContaining({ period: '2026-Q4', name: 'VAT', taxableAmount: '50.00', taxAmount: '10.00' }),
    ]);
  });

  it('answers a CSV', async () => {
    const response = await t.call('GET', '/api/v1/reports/tax?from=2026-09-01&to=2026-09-30&format=csv');
    expect(response.body).toBe(
      'period,basis,currency,tax,rate,vat_category,inclusive,compound,taxable_amount,tax_amount\r\n' +
        '2026-09,invoice,USD,VAT,20,S,false,false,100.00,20.00\r\n',
    );
  });
});

describe('GET /api/v1/reports/revenue', () => {
  it('per month: every month of the range, per currency', async () => {
    const body = await report('revenue?from=2026-09-01&to=2026-11-30&currency=USD');
    expect(body.rows).toEqual([
      {
        key: '2026-09',
        label: '2026-09',
        currency: 'USD',
        invoiced: '120.00',
        collected: '0.00',
        outstanding: '60.00',
      },
      {
        key: '2026-10',
        label: '2026-10',
        currency: 'USD',
        invoiced: '0.00',
        collected: '60.00',
        outstanding: '0.00',
      },
      {
        key: '2026-11',
        label: '2026-11',
        currency: 'USD',
        invoiced: '50.00',
        collected: '0.00',
        outstanding: '50.00',
      },
    ]);
    expect(body.totals).toEqual([
      { currency: 'USD', invoiced: '170.00', collected: '60.00', outstanding: '110.00' },
    ]);
  });

  it('per client, never adding currencies', async () => {
    const body = await report('revenue?from=2026-01-01&to=2026-12-31&groupBy=client');
    expect(body.rows).toEqual([
      {
        key: acme,
        label: 'Acme',
        currency: 'USD',
        invoiced: '170.00',
        collected: '60.00',
        outstanding: '110.00',
      },
      {
        key: beta,
        label: 'Beta KK',
        currency: 'JPY',
        invoiced: '10000',
        collected: '0',
        outstanding: '10000',
      },
    ]);
  });
});

describe('GET /api/v1/reports/payments', () => {
  it('per period, method and gateway', async () => {
    const body = await report('payments?from=2026-01-01&to=2026-12-31&period=year', t.financeToken);
    expect(body.rows).toEqual([
      {
        period: '2026',
        currency: 'USD',
        method: 'bank_transfer',
        gateway: 'offline',
        count: 1,
        received: '60.00',
        refunded: '0.00',
        net: '60.00',
        fees: null,
      },
    ]);
  });
});

describe('bad input answers problem+json naming the field', () => {
  const cases: [string, string][] = [
    ['tax?from=2026-02-30&to=2026-03-01', 'querystring.from'],
    ['tax?from=2026-03-01&to=2026-02-01', 'querystring.to'],
    ['revenue?from=1990-01-01&to=2026-01-01', 'querystring.to'],
    ['payments?from=2026-01-01&to=2026-12-31&period=week', 'querystring.period'],
    ['tax?from=2026-01-01&to=2026-12-31&basis=accrual', 'querystring.basis'],
    ['revenue?from=2026-01-01&to=2026-12-31&groupBy=planet', 'querystring.groupBy'],
    ['revenue?to=2026-12-31', 'querystring.from'],
    ['aging?asOf=yesterday', 'querystring.asOf'],
    ['aging?currency=EURO', 'querystring.currency'],
    ['aging?clientId=42', 'querystring.clientId'],
    ['aging?format=xlsx', 'querystring.format'],
    ['aging?colour=red', 'querystring.colour'],
  ];
  it.each(cases)('%s', async (path, field) => {
    const response = await t.call('GET', `/api/v1/reports/${path}`);
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
  });

  it('an unknown client answers 404', async () => {
    const response = await t.call(
      'GET',
      '/api/v1/reports/aging?clientId=00000000-0000-4000-8000-000000000000',
    );
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });

  it('without credentials answers 401', async () => {
    expect((await t.call('GET', '/api/v1/reports/aging', undefined, null)).status).toBe(401);
  });
});

// Last: it changes the figures the tests above expect.
describe('stored tax figures', () => {
  it('an edit of an issued invoice shows in the next report (its stored figures are forgotten)', async () => {
    const before = await report('tax?from=2026-11-01&to=2026-11-30');
    expect(before.totals[0]).toMatchObject({ taxableAmount: '0.00', taxAmount: '0.00' });
    const hosting = (await t.call('GET', '/api/v1/invoices?limit=100')).body.items.find(
      (item: { total: string }) => item.total === '50.00',
    );
    const revised = await t.call('PATCH', `/api/v1/invoices/${hosting.id}`, {
      lines: [
        { description: 'Hosting', quantity: '1', unitPrice: '50.00', taxes: [{ name: 'VAT', rate: '20' }] },
      ],
    });
    expect(revised.status, JSON.stringify(revised.body)).toBe(200);
    const after = await report('tax?from=2026-11-01&to=2026-11-30');
    expect(after.totals).toEqual([
      expect.objectContaining({ name: 'VAT', vatCategory: 'S', taxableAmount: '0.00', taxAmount: '0.00' }),
      expect.objectContaining({ name: 'VAT', vatCategory: null, taxableAmount: '50.00', taxAmount: '10.00' }),
    ]);
  });
});
