/**
 * The background fill of document_tax_amounts (migration 038): write paths queue documents in report_tax_pending
 * through triggers, the job computes the figures of the issued ones, takes them off the list, and the tax report
 * then finds them ready, with the same figures it would have computed itself.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fillPendingTaxAmounts } from '../../src/services/reports/fill-pending-tax-amounts.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let clientId: string;
let vatId: string;

async function ok(method: 'POST' | 'PATCH' | 'GET', url: string, body?: unknown) {
  const response = await t.call(method, url, body);
  expect(response.status, `${url} ${JSON.stringify(response.body)}`).toBeLessThan(300);
  return response.body;
}

const taxedLine = (price: string) => ({
  description: 'Work',
  quantity: '1',
  unitPrice: price,
  taxes: [{ taxRateId: vatId }],
});

async function draft(price: string) {
  return (await ok('POST', '/api/v1/invoices', {
    clientId,
    currency: 'USD',
    issueDate: '2026-11-20',
    taxes: [],
    lines: [taxedLine(price)],
  })) as { id: string };
}

const pending = async () =>
  (await t.deps.db.selectFrom('report_tax_pending').select('document_id').execute()).map(
    (row) => row.document_id,
  );

const figures = async () =>
  t.deps.db
    .selectFrom('document_tax_amounts')
    .select(['document_kind', 'document_id', 'position', 'name', 'rate', 'taxable_minor', 'tax_minor'])
    .orderBy('document_id')
    .orderBy('position')
    .execute();

beforeAll(async () => {
  t = await startTestApp();
  t.clock.set('2026-11-25T10:00:00Z');
  vatId = (await ok('POST', '/api/v1/tax-rates', { name: 'VAT', rate: '20' })).id;
  clientId = (await ok('POST', '/api/v1/clients', { name: 'Fill Co', currency: 'USD' })).id;
});

afterAll(async () => {
  await t?.close();
});

it('fills issued documents queued by their writes, keeps drafts queued, and re-fills after an edit', async () => {
  const issued = await draft('100.00');
  await ok('POST', `/api/v1/invoices/${issued.id}/mark-sent`);
  const stillDraft = await draft('50.00');
  const credited = await draft('60.00');
  await ok('POST', `/api/v1/invoices/${credited.id}/mark-sent`);
  const note = await ok('POST', `/api/v1/invoices/${credited.id}/credit-notes`, {
    issueDate: '2026-11-22',
    mode: 'amount',
    amount: '12.00',
    reason: 'Discount agreed',
  });
  await ok('POST', `/api/v1/credit-notes/${note.id}/issue`);
  expect((await pending()).sort()).toEqual([issued.id, stillDraft.id, credited.id, note.id].sort());

  expect(await fillPendingTaxAmounts(t.deps)).toEqual({ documents: 3 });
  expect(await pending()).toEqual([stillDraft.id]);
  const filled = await figures();
  expect(filled.filter((row) => row.document_id === issued.id)).toEqual([
    expect.objectContaining({ name: 'VAT', rate: '20', taxable_minor: 10000n, tax_minor: 2000n }),
  ]);
  expect(filled.some((row) => row.document_id === note.id)).toBe(true);
  expect(await fillPendingTaxAmounts(t.deps)).toEqual({ documents: 0 });

  // The figures are those the tax report computes itself when it finds none.
  await t.deps.db.deleteFrom('document_tax_amounts').execute();
  await ok('GET', '/api/v1/reports/tax?from=2026-11-01&to=2026-11-30');
  expect(await figures()).toEqual(filled);

  // An edit forgets the figures and queues the invoice again; issuing the draft lets the fill take it.
  await ok('PATCH', `/api/v1/invoices/${issued.id}`, { lines: [taxedLine('300.00')] });
  expect((await pending()).sort()).toEqual([issued.id, stillDraft.id].sort());
  expect((await figures()).some((row) => row.document_id === issued.id)).toBe(false);
  await ok('POST', `/api/v1/invoices/${stillDraft.id}/mark-sent`);
  expect(await fillPendingTaxAmounts(t.deps)).toEqual({ documents: 2 });
  expect(await pending()).toEqual([]);
  const refilled = await figures();
  expect(refilled.find((row) => row.document_id === issued.id)).toMatchObject({
    taxable_minor: 30000n,
    tax_minor: 6000n,
  });
  expect(refilled.find((row) => row.document_id === stillDraft.id)).toMatchObject({ tax_minor: 1000n });
});

it('takes off the list documents the tax report filled first, and forgets deleted drafts', async () => {
  const issued = await draft('40.00');
  await ok('POST', `/api/v1/invoices/${issued.id}/mark-sent`);
  const doomed = await draft('10.00');
  expect((await pending()).sort()).toEqual([issued.id, doomed.id].sort());
  expect((await t.call('DELETE', `/api/v1/invoices/${doomed.id}`)).status).toBe(204);
  expect(await pending()).toEqual([issued.id]);
  await ok('GET', '/api/v1/reports/tax?from=2026-11-01&to=2026-11-30');
  expect(await fillPendingTaxAmounts(t.deps)).toEqual({ documents: 0 });
  expect(await pending()).toEqual([]);
});
