/**
 * GET /api/v1/dashboard against a real database, with figures worked out by hand.
 *
 * The organisation is in Asia/Tokyo (UTC+9, no daylight saving). The story runs at two instants one hour apart:
 *   T1 = 2026-11-30T14:30Z, 23:30 on Monday 30 November in Tokyo: the series is 2025-12 .. 2026-11;
 *   T2 = 2026-11-30T15:30Z, 00:30 on Tuesday 1 December in Tokyo: the series is 2026-01 .. 2026-12,
 * while it is still 30 November in UTC (checked at the end by switching the organisation to UTC).
 *
 * USD (2 decimals)
 *   U1 issued 2026-11-10, net 20 (due 2026-11-30), 1000.00; paid 250.50 on 2026-11-15; at T2 paid 200.00 more.
 *   U2 issued 2026-06-15, net 30 (due 2026-07-15), 400.00; paid in full on 2026-07-20; at T2 100.00 refunded.
 *   U3 issued 2026-11-01, 5000.00, void: counts nowhere.
 *   U4 draft of 777.00: counts as a draft only.
 *   U5 issued 2025-12-05, due on issue, 60.00; paid in full on 2025-12-31 (in the series at T1 only).
 *   U6 issued 2025-11-30, net 30 (due 2025-12-30), 30.00, unpaid (issued before either series).
 * JPY (no decimals)
 *   J1 issued 2026-10-01, net 30 (due 2026-10-31), ¥120000; paid ¥20000 on 2026-10-15.
 *   J2 issued 2026-11-30, due on receipt, ¥5000; a ¥1000 payment recorded and deleted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

const T1 = '2026-11-30T14:30:00Z';
const T2 = '2026-11-30T15:30:00Z';

let t: TestApp;
let clientId: string;
const ids: Record<string, string> = {};
const paymentIds: Record<string, string> = {};

/** The 12 months ending with `last` (YYYY-MM), each with the given figures and zeros elsewhere. */
function series(
  last: string,
  zero: string,
  figures: Record<string, { invoiced?: string; received?: string }>,
) {
  const [year, month] = last.split('-').map(Number) as [number, number];
  const months = [];
  for (let back = 11; back >= 0; back--) {
    const index = year * 12 + month - 1 - back;
    const key = `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
    months.push({
      month: key,
      invoiced: figures[key]?.invoiced ?? zero,
      received: figures[key]?.received ?? zero,
    });
  }
  return months;
}

async function issue(
  name: string,
  currency: string,
  issueDate: string,
  paymentTerms: string,
  unitPrice: string,
  send = true,
) {
  const draft = await t.call('POST', '/api/v1/invoices', {
    clientId,
    currency,
    issueDate,
    paymentTerms,
    taxes: [],
    lines: [{ description: `Work for ${name}`, quantity: '1', unitPrice }],
  });
  expect(draft.status).toBe(201);
  ids[name] = draft.body.id;
  if (send) expect((await t.call('POST', `/api/v1/invoices/${draft.body.id}/mark-sent`)).status).toBe(200);
}

async function pay(name: string, amount: string, paidOn?: string) {
  const response = await t.call('POST', `/api/v1/invoices/${ids[name]}/payments`, {
    amount,
    method: 'bank_transfer',
    ...(paidOn ? { paidOn } : {}),
  });
  expect(response.status).toBe(201);
  paymentIds[name] = response.body.payment.id;
  return response.body;
}

async function dashboard(query = '', token?: string) {
  const response = await t.call('GET', `/api/v1/dashboard${query}`, undefined, token);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

beforeAll(async () => {
  t = await startTestApp();
  t.clock.set(T1);
  const client = await t.call('POST', '/api/v1/clients', { name: 'Kobe Trading', currency: 'USD' });
  expect(client.status).toBe(201);
  clientId = client.body.id;
});

afterAll(async () => {
  await t.close();
});

describe('GET /api/v1/dashboard', () => {
  it('answers zeros in the default currency before there is any invoice', async () => {
    expect(await dashboard()).toEqual({
      today: '2026-11-30',
      timeZone: 'UTC',
      defaultCurrency: 'USD',
      currencies: [
        {
          currency: 'USD',
          outstanding: { amount: '0.00', count: 0 },
          overdue: { amount: '0.00', count: 0 },
          credit: { amount: '0.00', count: 0 },
          paidThisMonth: '0.00',
          draftCount: 0,
          months: series('2026-11', '0.00', {}),
        },
      ],
    });
  });

  it('adds up each currency on its own, in the organisation time zone, at 23:30 on the last day of the month', async () => {
    expect((await t.call('PATCH', '/api/v1/settings', { timeZone: 'Asia/Tokyo' })).status).toBe(200);

    await issue('U1', 'USD', '2026-11-10', 'net_20', '1000.00');
    await pay('U1', '250.50', '2026-11-15');
    await issue('U2', 'USD', '2026-06-15', 'net_30', '400.00');
    expect((await pay('U2', '400.00', '2026-07-20')).invoice.status).toBe('paid');
    await issue('U3', 'USD', '2026-11-01', 'net_30', '5000.00');
    expect((await t.call('POST', `/api/v1/invoices/${ids.U3}/void`, { reason: 'Duplicate' })).status).toBe(
      200,
    );
    await issue('U4', 'USD', '2026-11-20', 'net_30', '777.00', false);
    await issue('U5', 'USD', '2025-12-05', 'due_on_receipt', '60.00');
    await pay('U5', '60.00', '2025-12-31');
    await issue('U6', 'USD', '2025-11-30', 'net_30', '30.00');
    await issue('J1', 'JPY', '2026-10-01', 'net_30', '120000');
    await pay('J1', '20000', '2026-10-15');
    await issue('J2', 'JPY', '2026-11-30', 'due_on_receipt', '5000');
    await pay('J2', '1000', '2026-11-30');
    const deleted = await t.call('DELETE', `/api/v1/invoices/${ids.J2}/payments/${paymentIds.J2}`);
    expect(deleted.status).toBe(200);

    const summary = await dashboard();
    expect(summary.today).toBe('2026-11-30');
    expect(summary.timeZone).toBe('Asia/Tokyo');
    expect(summary.currencies.map((figures: { currency: string }) => figures.currency)).toEqual([
      'USD',
      'JPY',
    ]);
    expect(summary.currencies[0]).toEqual({
      currency: 'USD',
      // U1 749.50 + U6 30.00; U2 and U5 are paid, U3 void, U4 a draft.
      outstanding: { amount: '779.50', count: 2 },
      // U1 falls due today (30 November in Tokyo): not overdue yet. U6 is.
      overdue: { amount: '30.00', count: 1 },
      credit: { amount: '0.00', count: 0 },
      paidThisMonth: '250.50',
      draftCount: 1,
      months: series('2026-11', '0.00', {
        '2025-12': { invoiced: '60.00', received: '60.00' },
        '2026-06': { invoiced: '400.00' },
        '2026-07': { received: '400.00' },
        '2026-11': { invoiced: '1000.00', received: '250.50' },
      }),
    });
    expect(summary.currencies[1]).toEqual({
      currency: 'JPY',
      outstanding: { amount: '105000', count: 2 },
      overdue: { amount: '100000', count: 1 },
      credit: { amount: '0', count: 0 },
      // The deleted payment does not count.
      paidThisMonth: '0',
      draftCount: 0,
      months: series('2026-11', '0', {
        '2026-10': { invoiced: '120000', received: '20000' },
        '2026-11': { invoiced: '5000' },
      }),
    });
  });

  it('moves to December at midnight in Tokyo: new overdue invoices, a new month, refunds net of payments', async () => {
    t.clock.set(T2);
    expect((await pay('U1', '200.00')).payment.paidOn).toBe('2026-12-01');
    const refund = await t.call('POST', `/api/v1/invoices/${ids.U2}/payments/${paymentIds.U2}/refund`, {
      amount: '100.00',
    });
    expect(refund.status).toBe(200);
    // Back to partially paid, and shown as overdue: it fell due in July.
    expect(refund.body.invoice.status).toBe('overdue');

    const summary = await dashboard();
    expect(summary.today).toBe('2026-12-01');
    expect(summary.currencies[0]).toEqual({
      currency: 'USD',
      // U1 549.50 + U2 100.00 (refunded) + U6 30.00, all past due now.
      outstanding: { amount: '679.50', count: 3 },
      overdue: { amount: '679.50', count: 3 },
      credit: { amount: '0.00', count: 0 },
      // 200.00 in less 100.00 given back; November's 250.50 stays in November.
      paidThisMonth: '100.00',
      draftCount: 1,
      // December 2025 has left the series; the July payment stays in July, its refund counts in December.
      months: series('2026-12', '0.00', {
        '2026-06': { invoiced: '400.00' },
        '2026-07': { received: '400.00' },
        '2026-11': { invoiced: '1000.00', received: '250.50' },
        '2026-12': { received: '100.00' },
      }),
    });
    expect(summary.currencies[1]).toMatchObject({
      currency: 'JPY',
      outstanding: { amount: '105000', count: 2 },
      // J2 fell due on 30 November.
      overdue: { amount: '105000', count: 2 },
      credit: { amount: '0', count: 0 },
      paidThisMonth: '0',
      months: series('2026-12', '0', {
        '2026-10': { invoiced: '120000', received: '20000' },
        '2026-11': { invoiced: '5000' },
      }),
    });
  });

  it('follows the organisation time zone: at the same instant it is still 30 November in UTC', async () => {
    expect((await t.call('PATCH', '/api/v1/settings', { timeZone: 'UTC' })).status).toBe(200);
    try {
      const summary = await dashboard();
      expect(summary.today).toBe('2026-11-30');
      expect(summary.currencies[0]).toMatchObject({
        outstanding: { amount: '679.50', count: 3 },
        // U1 is due today in UTC: only U2 and U6 are late.
        overdue: { amount: '130.00', count: 2 },
        // The payment and the refund are dated 1 December: not in November.
        paidThisMonth: '250.50',
      });
      expect(summary.currencies[1]).toMatchObject({ overdue: { amount: '100000', count: 1 } });
    } finally {
      await t.call('PATCH', '/api/v1/settings', { timeZone: 'Asia/Tokyo' });
    }
  });

  it('gives one currency on request, and zeros for a currency with nothing in it', async () => {
    const jpy = await dashboard('?currency=jpy');
    expect(jpy.currencies).toHaveLength(1);
    expect(jpy.currencies[0]).toMatchObject({ currency: 'JPY', outstanding: { amount: '105000', count: 2 } });
    const kwd = await dashboard('?currency=KWD');
    expect(kwd.currencies).toEqual([
      {
        currency: 'KWD',
        outstanding: { amount: '0.000', count: 0 },
        overdue: { amount: '0.000', count: 0 },
        credit: { amount: '0.000', count: 0 },
        paidThisMonth: '0.000',
        draftCount: 0,
        months: series('2026-12', '0.000', {}),
      },
    ]);
  });

  it('lists the default currency first', async () => {
    expect((await t.call('PATCH', '/api/v1/settings', { defaultCurrency: 'JPY' })).status).toBe(200);
    try {
      const summary = await dashboard();
      expect(summary.defaultCurrency).toBe('JPY');
      expect(summary.currencies.map((figures: { currency: string }) => figures.currency)).toEqual([
        'JPY',
        'USD',
      ]);
    } finally {
      await t.call('PATCH', '/api/v1/settings', { defaultCurrency: 'USD' });
    }
  });

  it('refuses an unknown currency with a problem naming the field', async () => {
    for (const currency of ['XYZ', 'US', 'dollars']) {
      const response = await t.call('GET', `/api/v1/dashboard?currency=${currency}`);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.errors).toEqual([
        {
          field: 'querystring.currency',
          label: expect.any(String),
          message: expect.stringContaining('ISO 4217'),
        },
      ]);
    }
    const unknown = await t.call('GET', '/api/v1/dashboard?month=2026-11');
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([
      { field: 'querystring.month', label: 'Month', message: 'Month is not a field this request takes' },
    ]);
  });

  it('is for staff: finance reads it, nobody else', async () => {
    const finance = await dashboard('', t.financeToken);
    expect(finance.currencies[0].outstanding).toEqual({ amount: '679.50', count: 3 });
    expect((await t.call('GET', '/api/v1/dashboard', undefined, null)).status).toBe(401);
  });

  it('subtracts credit notes: what they settle leaves outstanding, the rest shows as client credit, the month nets them', async () => {
    // At T2 (1 December in Tokyo). U7 300.00 paid in full, then 50.00 of goodwill credited: nothing to apply it to.
    await issue('U7', 'USD', '2026-12-01', 'due_on_receipt', '300.00');
    await pay('U7', '300.00');
    const goodwill = await t.call('POST', `/api/v1/invoices/${ids.U7}/credit-notes`, {
      mode: 'amount',
      amount: '50.00',
      reason: 'Goodwill',
    });
    expect(goodwill.status, JSON.stringify(goodwill.body)).toBe(201);
    expect((await t.call('POST', `/api/v1/credit-notes/${goodwill.body.id}/issue`)).status).toBe(200);
    // U6's 30.00, overdue and unpaid, credited in full: it leaves outstanding and overdue.
    const cancel = await t.call('POST', `/api/v1/invoices/${ids.U6}/credit-notes`, {});
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(201);
    const issued = await t.call('POST', `/api/v1/credit-notes/${cancel.body.id}/issue`);
    expect(issued.status).toBe(200);

    const summary = await dashboard();
    expect(summary.currencies[0]).toMatchObject({
      currency: 'USD',
      outstanding: { amount: '649.50', count: 2 },
      overdue: { amount: '649.50', count: 2 },
      credit: { amount: '50.00', count: 1 },
      paidThisMonth: '400.00',
    });
    // December: U7 300.00 invoiced, less the two credit notes (50.00 and 30.00) issued that month.
    expect(summary.currencies[0].months.at(-1)).toEqual({
      month: '2026-12',
      invoiced: '220.00',
      received: '400.00',
    });
  });
});
