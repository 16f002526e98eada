/**
 * GET /api/v1/reports/{aging,tax,revenue,payments}?format=pdf: the branded PDF carries the same figures as the JSON
 * answer, one table per currency with the report's totals. Today is 2026-11-25 (UTC).
 *
 * Nordwind (USD), VAT 20 %: N1 issued 2026-09-10 net 30, 100.00 + VAT 20.00 = 120.00, 50.00 paid 2026-10-05 by bank
 * transfer (open 70.00, 46 days past due: 31-60); N2 issued 2026-11-01 net 30, 300.00 + VAT 60.00 = 360.00 (current).
 * Kaiju KK (JPY): K1 issued 2026-07-01 due on receipt, ¥10000, ¥4000 paid 2026-08-01 by card (open ¥6000, 90+).
 * Invoiced in USD 480.00, collected 50.00, outstanding 430.00; VAT on 400.00 is 80.00.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfLines, qpdfCheck } from '../pdf/pdf-tools.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;

async function ok(method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) {
  const response = await t.call(method, url, body);
  expect(response.status, `${url} ${JSON.stringify(response.body)}`).toBeLessThan(300);
  return response.body;
}

async function invoice(clientId: string, body: Record<string, unknown>) {
  const draft = await ok('POST', '/api/v1/invoices', { clientId, taxes: [], ...body });
  await ok('POST', `/api/v1/invoices/${draft.id}/mark-sent`);
  return draft.id as string;
}

/** The PDF of a report and its printed lines (layout mode: a table row stays on one line). */
async function pdf(path: string) {
  const response = await t.app.inject({
    method: 'GET',
    url: `/api/v1/reports/${path}&format=pdf`,
    headers: { authorization: `Bearer ${t.financeToken}` },
  });
  expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
  expect(response.headers['content-type']).toBe('application/pdf');
  expect(await qpdfCheck(response.rawPayload)).toContain('No syntax or stream encoding errors');
  return {
    disposition: String(response.headers['content-disposition']),
    lines: await pdfLines(response.rawPayload),
  };
}

const lineWith = (lines: string[], start: string) => lines.find((line) => line.startsWith(start));

beforeAll(async () => {
  t = await startTestApp();
  t.clock.set('2026-11-25T10:00:00Z');
  await ok('PATCH', '/api/v1/settings', { businessName: 'Lumen Ledger Co' });
  const vat = await ok('POST', '/api/v1/tax-rates', { name: 'VAT', rate: '20', vatCategory: 'S' });
  const nordwind = (await ok('POST', '/api/v1/clients', { name: 'Nordwind', currency: 'USD' })).id;
  const kaiju = (await ok('POST', '/api/v1/clients', { name: 'Kaiju KK', currency: 'JPY' })).id;
  const taxed = [{ taxRateId: vat.id }];
  const n1 = await invoice(nordwind, {
    currency: 'USD',
    issueDate: '2026-09-10',
    paymentTerms: 'net_30',
    lines: [{ description: 'Design', quantity: '1', unitPrice: '100.00', taxes: taxed }],
  });
  await ok('POST', `/api/v1/invoices/${n1}/payments`, {
    amount: '50.00',
    method: 'bank_transfer',
    paidOn: '2026-10-05',
  });
  await invoice(nordwind, {
    currency: 'USD',
    issueDate: '2026-11-01',
    paymentTerms: 'net_30',
    lines: [{ description: 'Build', quantity: '3', unitPrice: '100.00', taxes: taxed }],
  });
  const k1 = await invoice(kaiju, {
    currency: 'JPY',
    issueDate: '2026-07-01',
    paymentTerms: 'due_on_receipt',
    lines: [{ description: 'Consulting', quantity: '1', unitPrice: '10000' }],
  });
  await ok('POST', `/api/v1/invoices/${k1}/payments`, {
    amount: '4000',
    method: 'card',
    paidOn: '2026-08-01',
  });
});

afterAll(async () => {
  await t.close();
});

describe('report PDFs', () => {
  it('aging: open balances per client and currency, with the totals', async () => {
    const json = await ok('GET', '/api/v1/reports/aging?asOf=2026-11-25');
    const { lines, disposition } = await pdf('aging?asOf=2026-11-25');
    expect(disposition).toContain('aging-2026-11-25.pdf');
    expect(lines[0]).toMatch(/^Lumen Ledger Co RECEIVABLES AGING$/);
    expect(lines.join('\n')).toContain('As of Nov 25, 2026');
    expect(lineWith(lines, 'Nordwind')).toBe('Nordwind $360.00 $0.00 $70.00 $0.00 $0.00 $430.00');
    expect(lineWith(lines, 'Kaiju KK')).toBe('Kaiju KK ¥0 ¥0 ¥0 ¥0 ¥6,000 ¥6,000');
    const totals = lines.filter((line) => line.startsWith('Total '));
    // One table per currency, in code order: never a total across currencies.
    expect(totals).toEqual([
      'Total ¥0 ¥0 ¥0 ¥0 ¥6,000 ¥6,000',
      'Total $360.00 $0.00 $70.00 $0.00 $0.00 $430.00',
    ]);
    // The JSON's totals, per currency, are what the PDF prints.
    expect(json.totals.map((total: { total: string }) => total.total).sort()).toEqual(['430.00', '6000']);
  });

  it('tax: per period and tax, with the totals per tax', async () => {
    const { lines } = await pdf('tax?from=2026-09-01&to=2026-11-30&period=month');
    expect(lines.join('\n')).toContain('Basis Invoice (issue date)');
    expect(lineWith(lines, '2026-09')).toBe('2026-09 VAT (S) 20% $100.00 $20.00');
    expect(lineWith(lines, '2026-11')).toBe('2026-11 VAT (S) 20% $300.00 $60.00');
    expect(lineWith(lines, 'Total')).toBe('Total VAT (S) 20% $400.00 $80.00');
  });

  it('revenue: invoiced, collected and outstanding per month, per currency', async () => {
    const json = await ok('GET', '/api/v1/reports/revenue?from=2026-07-01&to=2026-11-30&currency=USD');
    const { lines } = await pdf('revenue?from=2026-07-01&to=2026-11-30&currency=USD');
    expect(lines.some((line) => line.startsWith('Revenue in USD'))).toBe(true);
    expect(lines.some((line) => line.startsWith('Revenue in JPY'))).toBe(false);
    expect(lineWith(lines, '2026-09')).toBe('2026-09 $120.00 $0.00 $70.00');
    expect(lineWith(lines, 'Total')).toBe('Total $480.00 $50.00 $430.00');
    expect(json.totals).toEqual([
      { currency: 'USD', invoiced: '480.00', collected: '50.00', outstanding: '430.00' },
    ]);
  });

  it('payments: per period, method and gateway, with counts and totals', async () => {
    const { lines } = await pdf('payments?from=2026-01-01&to=2026-12-31&period=quarter');
    expect(lineWith(lines, '2026-Q4')).toBe('2026-Q4 Bank transfer Offline 1 $50.00 $0.00 $50.00 —');
    expect(lineWith(lines, '2026-Q3')).toBe('2026-Q3 Card Offline 1 ¥4,000 ¥0 ¥4,000 —');
    expect(lines.filter((line) => line.startsWith('Total'))).toEqual([
      'Total 1 ¥4,000 ¥0 ¥4,000',
      'Total 1 $50.00 $0.00 $50.00',
    ]);
  });

  it('says so when there is nothing to show, and refuses bad input with problem+json', async () => {
    const { lines } = await pdf('payments?from=2020-01-01&to=2020-12-31&period=year');
    expect(lines).toContain('No payments in this period.');
    for (const [query, field] of [
      ['tax?from=2026-12-01&to=2026-11-30', 'to'],
      ['revenue?from=2026-02-30&to=2026-11-30', 'from'],
      ['payments?from=2000-01-01&to=2026-11-30', 'to'],
      ['aging?asOf=2026-11-25&format=docx', 'format'],
    ] as const) {
      const response = await t.call(
        'GET',
        `/api/v1/reports/${query}${query.includes('format') ? '' : '&format=pdf'}`,
      );
      expect(response.status, query).toBe(400);
      expect(String(response.headers['content-type'])).toContain('application/problem+json');
      expect(JSON.stringify(response.body), query).toContain(field);
    }
  });
});
