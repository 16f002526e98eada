/**
 * The tax summary (migration 042) on the days that bound periods: documents and payments count on their own
 * calendar days (already the organisation's), so a report from or to any day, across a year end, answers as the
 * documents do, a change of time zone moves nothing, credit notes subtract, and the migration's backfill yields
 * the same summary as the write paths kept.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as taxSummaryMigration from '../../src/db/migrations/042-tax-summary.ts';
import type { ReportPeriod } from '../../src/domain/reports/periods.ts';
import { sortedTaxSums } from '../../src/domain/reports/tax-sums.ts';
import { fillTaxSummary } from '../../src/services/reports/fill-tax-summary.ts';
import { documentTaxSums, type TaxBasis } from '../../src/services/reports/get-tax-report.ts';
import { summaryTaxSums } from '../../src/services/reports/tax-summary-figures.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;

async function ok(method: 'POST' | 'GET' | 'PATCH', url: string, body?: unknown) {
  const response = await t.call(method, url, body);
  expect(response.status, `${method} ${url}: ${JSON.stringify(response.body)}`).toBeLessThan(300);
  return response.body;
}

const report = async (from: string, to: string, basis: TaxBasis, period = 'month') =>
  (await ok('GET', `/api/v1/reports/tax?from=${from}&to=${to}&period=${period}&basis=${basis}`)) as {
    rows: { period: string; taxableAmount: string; taxAmount: string }[];
    totals: { taxableAmount: string; taxAmount: string }[];
  };

const RANGES: [string, string][] = [
  ['2031-12-31', '2031-12-31'],
  ['2031-12-15', '2032-01-14'],
  ['2032-01-01', '2032-01-01'],
  ['2031-01-01', '2031-12-31'],
  ['2032-01-01', '2032-12-31'],
];

async function expectSummaryAsDocuments() {
  for (const [from, to] of RANGES)
    for (const basis of ['invoice', 'cash'] as TaxBasis[])
      for (const period of ['month', 'quarter', 'year'] as ReportPeriod[]) {
        const query = { from, to, basis, period };
        const summary = await summaryTaxSums(t.deps.db, query);
        expect(summary && sortedTaxSums(summary), JSON.stringify(query)).toEqual(
          sortedTaxSums(await documentTaxSums(t.deps.db, query)),
        );
      }
}

beforeAll(async () => {
  t = await startTestApp();
  t.clock.set('2032-01-02T10:00:00Z');
  await ok('PATCH', '/api/v1/settings', { timeZone: 'Pacific/Kiritimati' });
  const vat = await ok('POST', '/api/v1/tax-rates', { name: 'VAT', rate: '20', vatCategory: 'S' });
  const client = await ok('POST', '/api/v1/clients', { name: 'Year End Ltd', currency: 'USD' });
  const draft = await ok('POST', '/api/v1/invoices', {
    clientId: client.id,
    currency: 'USD',
    issueDate: '2031-12-31',
    taxes: [],
    lines: [{ description: 'Work', quantity: '1', unitPrice: '100.00', taxes: [{ taxRateId: vat.id }] }],
  });
  await ok('POST', `/api/v1/invoices/${draft.id}/mark-sent`);
  await ok('POST', `/api/v1/invoices/${draft.id}/payments`, {
    amount: '40.00',
    method: 'bank_transfer',
    paidOn: '2031-12-31',
  });
  await ok('POST', `/api/v1/invoices/${draft.id}/payments`, {
    amount: '80.00',
    method: 'bank_transfer',
    paidOn: '2032-01-01',
  });
  const note = await ok('POST', `/api/v1/invoices/${draft.id}/credit-notes`, {
    mode: 'amount',
    amount: '60.00',
    reason: 'Discount agreed',
    issueDate: '2032-01-01',
  });
  await ok('POST', `/api/v1/credit-notes/${note.id}/issue`);
  await ok('POST', `/api/v1/credit-notes/${note.id}/refunds`, {
    method: 'bank_transfer',
    date: '2032-01-01',
  });
});

afterAll(async () => {
  await t?.close();
});

describe('tax summary', () => {
  it('counts each document and payment on its own day, either side of a year end, credit notes subtracting', async () => {
    const lastDay = await report('2031-12-31', '2031-12-31', 'invoice');
    expect(lastDay.totals).toMatchObject([{ taxableAmount: '100.00', taxAmount: '20.00' }]);
    const newYear = await report('2032-01-01', '2032-12-31', 'invoice', 'quarter');
    expect(newYear.rows).toMatchObject([{ period: '2032-Q1', taxableAmount: '-50.00', taxAmount: '-10.00' }]);
    // Cash: 40 of 120 paid on the 31st, the rest on the 1st, when 60 of credit also went back.
    const paidLastDay = await report('2031-12-15', '2031-12-31', 'cash');
    expect(paidLastDay.totals).toMatchObject([{ taxableAmount: '33.33', taxAmount: '6.67' }]);
    const acrossYearEnd = await report('2031-12-15', '2032-01-14', 'cash', 'year');
    // The credit note's line carries the tax included in its amount: a tax of its own in the report.
    expect(acrossYearEnd.rows).toMatchObject([
      { period: '2031', inclusive: false, taxableAmount: '33.33', taxAmount: '6.67' },
      { period: '2032', inclusive: false, taxableAmount: '66.67', taxAmount: '13.33' },
      { period: '2032', inclusive: true, taxableAmount: '-50.00', taxAmount: '-10.00' },
    ]);
    await expectSummaryAsDocuments();
  });

  it('answers the same after the time zone changes: the days are the documents own', async () => {
    const before = await report('2031-12-31', '2032-01-01', 'cash');
    await ok('PATCH', '/api/v1/settings', { timeZone: 'Pacific/Pago_Pago' });
    const after = await report('2031-12-31', '2032-01-01', 'cash');
    expect(after.rows).toEqual(before.rows);
    expect((await ok('GET', '/api/v1/settings')).timeZone).toBe('Pacific/Pago_Pago');
  });

  it("the migration's backfill yields the summary the write paths kept", async () => {
    // Row ids are drawn anew by the backfill; the entries themselves must be the same.
    const withoutIds = <Row extends { id: unknown }>(rows: Row[]) => rows.map(({ id: _, ...entry }) => entry);
    await fillTaxSummary(t.deps.db);
    const kept = await t.deps.db
      .selectFrom('tax_summary_documents')
      .selectAll()
      .orderBy(['document_id', 'basis', 'day', 'name'])
      .execute()
      .then(withoutIds);
    expect(kept.length).toBeGreaterThan(0);
    await taxSummaryMigration.down(t.deps.db as unknown as Kysely<unknown>);
    await taxSummaryMigration.up(t.deps.db as unknown as Kysely<unknown>);
    const backfilled = await t.deps.db
      .selectFrom('tax_summary_documents')
      .selectAll()
      .orderBy(['document_id', 'basis', 'day', 'name'])
      .execute()
      .then(withoutIds);
    expect(backfilled).toEqual(kept);
    await expectSummaryAsDocuments();
  });
});
