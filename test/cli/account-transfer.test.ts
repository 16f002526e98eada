/**
 * Moving a whole account: data made through the API (clients and contacts, a tax rate and an item, invoices with
 * lines, taxes and discounts, payments and a refund, a credit note, a quote converted into an invoice, a recurring
 * profile, settings, users) is exported, imported into a second, empty database and exported again: the two files
 * are the same but for the export time, and the imported database answers the same invoice. An import into a
 * database that has an account, from another version or under another secret key is refused and changes nothing.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRowLine } from '../../src/services/account-transfer/account-file.ts';
import { exportAccount } from '../../src/services/account-transfer/export-account.ts';
import { importAccount } from '../../src/services/account-transfer/import-account.ts';
import { getInvoice } from '../../src/services/invoices/get-invoice.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let t: TestApp;
let target: TestDatabase;
const invoiceIds: string[] = [];

async function ok(method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) {
  const response = await t.call(method, url, body);
  expect(response.status, `${method} ${url}: ${JSON.stringify(response.body)}`).toBeLessThan(300);
  return response.body;
}

async function exportLines(db: TestDatabase['db'], secretKey = t.secretKey): Promise<string[]> {
  const lines: string[] = [];
  await exportAccount({ db, clock: t.clock }, secretKey, async (line) => {
    lines.push(line);
  });
  return lines;
}

async function* asLines(lines: string[]) {
  yield* lines;
}

/** The file without its export time, which is the one thing allowed to differ. */
function comparable(lines: string[]): string[] {
  const [header, ...rows] = lines;
  return [JSON.stringify({ ...JSON.parse(header!), exportedAt: null }), ...rows];
}

beforeAll(async () => {
  t = await startTestApp();
  target = await createTestDatabase();
  await ok('PATCH', '/api/v1/settings', { businessName: 'Moving Co', defaultCurrency: 'EUR' });
  const vat = await ok('POST', '/api/v1/tax-rates', { name: 'VAT', rate: '19.5' });
  await ok('POST', '/api/v1/items', { name: 'Consulting hour', unitPrice: '120.125', taxRateIds: [vat.id] });
  const client = await ok('POST', '/api/v1/clients', {
    name: 'Ünïcode & "Quotes", Ltd',
    currency: 'EUR',
    contacts: [{ name: 'Ana', email: 'ana@example.com' }],
  });
  for (const [index, unitPrice] of ['1234.5678', '0.01', '99999.99'].entries()) {
    const draft = await ok('POST', '/api/v1/invoices', {
      clientId: client.id,
      issueDate: `2026-11-0${index + 1}`,
      discount: { kind: 'percent', value: '7.5' },
      lines: [
        { description: 'Work\nsecond line', quantity: '1.333333', unitPrice, taxes: [{ taxRateId: vat.id }] },
        { description: 'Fixed', quantity: '2', unitPrice: '10', discount: { kind: 'fixed', value: '0.5' } },
      ],
    });
    invoiceIds.push(draft.id);
    await ok('POST', `/api/v1/invoices/${draft.id}/mark-sent`);
  }
  const payment = await ok('POST', `/api/v1/invoices/${invoiceIds[0]}/payments`, {
    method: 'bank_transfer',
    amount: '100.00',
    paidOn: '2026-11-10',
  });
  await ok('POST', `/api/v1/invoices/${invoiceIds[0]}/payments/${payment.payment.id}/refund`, {
    amount: '10.00',
    reason: 'Goodwill',
  });
  const credit = await ok('POST', `/api/v1/invoices/${invoiceIds[1]}/credit-notes`, {
    reason: 'Wrong price',
  });
  await ok('POST', `/api/v1/credit-notes/${credit.id}/issue`);
  const quote = await ok('POST', '/api/v1/quotes', {
    clientId: client.id,
    lines: [{ description: 'Proposal', quantity: '1', unitPrice: '500' }],
  });
  await ok('POST', `/api/v1/quotes/${quote.id}/mark-sent`);
  await ok('POST', `/api/v1/quotes/${quote.id}/accept`, { name: 'Ana' });
  const converted = await ok('POST', `/api/v1/quotes/${quote.id}/convert`, { issue: true });
  invoiceIds.push(converted.invoice.id);
  await ok('POST', '/api/v1/recurring-profiles', {
    clientId: client.id,
    frequency: 'monthly',
    startDate: '2026-12-31',
    lines: [{ description: 'Retainer', quantity: '1', unitPrice: '100' }],
  });
}, 120_000);

afterAll(async () => {
  await target?.close();
  await t?.close();
});

describe('account export and import', () => {
  it('recreates the account exactly in an empty database', async () => {
    const first = await exportLines(t.deps.db);
    const tables = new Set(first.slice(1).map((line) => parseRowLine(line)?.table));
    for (const table of [
      'users',
      'clients',
      'invoices',
      'invoice_lines',
      'payments',
      'payment_refunds',
      'quotes',
    ]) {
      expect(tables).toContain(table);
    }
    for (const table of [
      'credit_notes',
      'recurring_profiles',
      'dashboard_figures',
      'settings',
      'invoice_events',
    ]) {
      expect(tables).toContain(table);
    }
    expect(tables).not.toContain('sessions');

    const imported = await importAccount(target.db, t.secretKey, asLines(first));
    expect(imported.rows).toBe(first.length - 1);
    const second = await exportLines(target.db);
    expect(comparable(second)).toEqual(comparable(first));

    for (const id of invoiceIds) {
      const there = await getInvoice({ db: target.db, clock: t.clock }, id);
      expect(there).toEqual(await getInvoice(t.deps, id));
    }
    const quote = await target.db.selectFrom('quotes').select(['invoice_id']).executeTakeFirstOrThrow();
    expect(quote.invoice_id).toBe(invoiceIds.at(-1));
    // Identities continue after the imported rows: a new payment in the new database gets the next number.
    const { max } = await target.db
      .selectFrom('payments')
      .select((eb) => eb.fn.max('seq').as('max'))
      .executeTakeFirstOrThrow();
    const { seq } = await target.db
      .insertInto('payments')
      .values({
        invoice_id: invoiceIds[2]!,
        amount_minor: 1n,
        currency: 'EUR',
        paid_on: '2026-11-20',
        method: 'cash',
      })
      .returning('seq')
      .executeTakeFirstOrThrow();
    expect(seq).toBe(BigInt(max) + 1n);
  });

  it('refuses a database that has an account, and changes nothing', async () => {
    const lines = await exportLines(t.deps.db);
    const before = await exportLines(t.deps.db);
    await expect(importAccount(t.deps.db, t.secretKey, asLines(lines))).rejects.toThrow(/already has users/);
    expect(comparable(await exportLines(t.deps.db))).toEqual(comparable(before));
  });

  it('refuses a file of another version, another secret key, or no account file at all', async () => {
    const lines = await exportLines(t.deps.db);
    const fresh = await createTestDatabase();
    try {
      const header = JSON.parse(lines[0]!);
      const otherVersion = [JSON.stringify({ ...header, migration: '001-initial' }), ...lines.slice(1)];
      await expect(importAccount(fresh.db, t.secretKey, asLines(otherVersion))).rejects.toThrow(
        /migration 001/,
      );
      await expect(importAccount(fresh.db, randomBytes(32), asLines(lines))).rejects.toThrow(
        /same APP_SECRET/,
      );
      await expect(importAccount(fresh.db, t.secretKey, asLines(['id,name', '1,x']))).rejects.toThrow(
        /not a Remit account file/,
      );
      const broken = [
        ...lines.slice(0, 5),
        '{"table":"invoices","row":{"id":"not a uuid"}}',
        ...lines.slice(5),
      ];
      await expect(importAccount(fresh.db, t.secretKey, asLines(broken))).rejects.toThrow();
      const { count } = await fresh.db
        .selectFrom('clients')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .executeTakeFirstOrThrow();
      expect(Number(count)).toBe(0);
    } finally {
      await fresh.close();
    }
  });
});
