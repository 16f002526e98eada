/**
 * CSV exports over HTTP: each file parses back (csv-parse) to exactly what the staff lists show for the same filter,
 * in the same order, with RFC 4180 quoting of commas, quotes and newlines, spreadsheet formulas neutralised, the
 * BOM and delimiter options, more rows than one batch, and problem+json for bad filters.
 */
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let trickyClientId: string;
let plainClientId: string;
const invoiceIds: string[] = [];

const TRICKY_NAME = 'Müller, "Quotes" & Co';
const TRICKY_NOTES = 'First line\nSecond line, with a comma';

async function ok(method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) {
  const response = await t.call(method, url, body);
  expect(response.status, JSON.stringify(response.body)).toBeLessThan(300);
  return response.body;
}

/** The CSV of `url`, parsed into objects by header (a BOM is stripped by csv-parse's `bom` option). */
async function csvOf(url: string, delimiter = ',') {
  const response = await t.app.inject({
    method: 'GET',
    url,
    headers: { authorization: `Bearer ${t.adminToken}` },
  });
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
  return {
    raw: response.rawPayload,
    records: parse(response.body, { columns: true, bom: true, delimiter }) as Record<string, string>[],
  };
}

/** Every item of a staff list, page after page. */
async function wholeList(url: string) {
  const items: any[] = [];
  let cursor: string | null = null;
  do {
    const separator = url.includes('?') ? '&' : '?';
    const page = await ok(
      'GET',
      `${url}${separator}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

beforeAll(async () => {
  t = await startTestApp();
  trickyClientId = (
    await ok('POST', '/api/v1/clients', {
      name: TRICKY_NAME,
      notes: TRICKY_NOTES,
      contacts: [
        { name: 'Anna', email: 'anna@example.com' },
        { name: '@Bob', email: 'bob@example.com' },
      ],
    })
  ).id;
  plainClientId = (await ok('POST', '/api/v1/clients', { name: '=HYPERLINK("http://evil.example")' })).id;
  for (const [index, clientId] of [trickyClientId, plainClientId, trickyClientId].entries()) {
    const draft = await ok('POST', '/api/v1/invoices', {
      clientId,
      currency: index === 1 ? 'EUR' : 'USD',
      issueDate: `2026-11-0${index + 1}`,
      paymentTerms: 'net_30',
      discount: { kind: 'percent', value: '5' },
      taxes: [],
      lines: [
        {
          description: 'Design, "phase 1"\nwith notes',
          quantity: '1.5',
          unitPrice: '100.10',
          taxes: [{ name: 'VAT', rate: '19' }],
        },
        { description: 'Hosting', quantity: '3', unitPrice: '9.99', discount: { kind: 'fixed', value: '1' } },
      ],
    });
    invoiceIds.push(draft.id);
    if (index < 2) await ok('POST', `/api/v1/invoices/${draft.id}/mark-sent`);
  }
  await ok('POST', `/api/v1/invoices/${invoiceIds[0]}/payments`, {
    method: 'bank_transfer',
    amount: '50.00',
    paidOn: '2026-11-10',
    reference: '+1 wire',
  });
});

afterAll(async () => {
  await t?.close();
});

describe('invoice exports', () => {
  it('writes every invoice of the list, in its order, with totals the engine gives', async () => {
    const list = await wholeList('/api/v1/invoices?sort=client');
    const { records } = await csvOf('/api/v1/exports/invoices.csv?sort=client');
    expect(records.map((row) => row.id)).toEqual(list.map((invoice) => invoice.id));
    for (const [index, row] of records.entries()) {
      const invoice = await ok('GET', `/api/v1/invoices/${row.id}`);
      expect(row).toMatchObject({
        number: list[index].number ?? '',
        status: list[index].status,
        currency: invoice.currency,
        subtotal: invoice.totals.subtotal,
        discount: invoice.totals.discountTotal,
        tax: invoice.totals.taxTotal,
        total: invoice.totals.total,
        balance_due: list[index].balanceDue,
        issue_date: invoice.issueDate,
      });
    }
    const tricky = records.find((row) => row.client_id === trickyClientId);
    expect(tricky?.client_name).toBe(TRICKY_NAME);
    const formula = records.find((row) => row.client_id === plainClientId);
    expect(formula?.client_name).toBe(`'=HYPERLINK("http://evil.example")`);
  });

  it("applies the list's filters", async () => {
    const list = await wholeList(`/api/v1/invoices?status=draft&clientId=${trickyClientId}`);
    const { records } = await csvOf(`/api/v1/exports/invoices.csv?status=draft&clientId=${trickyClientId}`);
    expect(list).toHaveLength(1);
    expect(records.map((row) => row.id)).toEqual(list.map((invoice) => invoice.id));
    const none = await csvOf('/api/v1/exports/invoices.csv?q=no-such-invoice-anywhere');
    expect(none.records).toEqual([]);
  });

  it("writes each line with the engine's amounts, quoting commas, quotes and newlines", async () => {
    const { records } = await csvOf(`/api/v1/exports/invoice-lines.csv?clientId=${plainClientId}`);
    const invoice = await ok('GET', `/api/v1/invoices/${invoiceIds[1]}`);
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({
      invoice_id: invoiceIds[1],
      currency: 'EUR',
      position: '1',
      description: 'Design, "phase 1"\nwith notes',
      quantity: '1.5',
      unit_price: '100.1',
      taxes: 'VAT 19%',
      amount: '150.15',
    });
    expect(records[1]).toMatchObject({ discount_kind: 'fixed', discount_value: '1', line_discount: '1.00' });
    const nets = records.reduce((sum, row) => sum + Math.round(Number(row.net) * 100), 0);
    const taxes = records.reduce((sum, row) => sum + Math.round(Number(row.tax) * 100), 0);
    expect(nets + taxes).toBe(Math.round(Number(invoice.totals.total) * 100));
  });

  it('offers a BOM and other delimiters for spreadsheets', async () => {
    const plain = await csvOf('/api/v1/exports/invoices.csv');
    expect([...plain.raw.subarray(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
    const excel = await csvOf('/api/v1/exports/invoices.csv?bom=true&delimiter=semicolon', ';');
    expect([...excel.raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(excel.raw.toString('utf8')).toContain('\r\n');
    expect(excel.records).toEqual(plain.records);
  });
});

describe('other exports', () => {
  it('writes clients and their contacts, multi-line notes intact', async () => {
    const list = await wholeList('/api/v1/clients');
    const { records } = await csvOf('/api/v1/exports/clients.csv');
    expect(records.map((row) => row.id)).toEqual(list.map((client) => client.id));
    expect(records.find((row) => row.id === trickyClientId)).toMatchObject({
      name: TRICKY_NAME,
      notes: TRICKY_NOTES,
      archived: 'false',
    });
    const contacts = await csvOf('/api/v1/exports/contacts.csv');
    const expected = list.flatMap((client) => client.contacts.map((contact: { id: string }) => contact.id));
    expect(contacts.records.map((row) => row.id)).toEqual(expected);
    expect(contacts.records.map((row) => row.name)).toEqual(['Anna', "'@Bob"]);
  });

  it('writes payments by the day paid, and refuses a range that ends before it starts', async () => {
    const { records } = await csvOf('/api/v1/exports/payments.csv?from=2026-11-01&to=2026-11-30');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      invoice_id: invoiceIds[0],
      amount: '50.00',
      currency: 'USD',
      paid_on: '2026-11-10',
      method: 'bank_transfer',
      reference: "'+1 wire",
      refunded: '0.00',
    });
    expect((await csvOf('/api/v1/exports/payments.csv?to=2026-11-09')).records).toEqual([]);
    const backwards = await t.call('GET', '/api/v1/exports/payments.csv?from=2026-12-01&to=2026-11-01');
    expect(backwards.status).toBe(422);
    expect(backwards.headers['content-type']).toContain('application/problem+json');
    expect(backwards.body.errors.map((error: { field: string }) => error.field)).toEqual(['to']);
  });

  it('writes quotes, credit notes and items with their lists', async () => {
    await ok('POST', '/api/v1/items', { name: 'Consulting hour', unitPrice: '120' });
    const items = await csvOf('/api/v1/exports/items.csv');
    expect(items.records.map((row) => row.name)).toEqual(['Consulting hour']);
    expect(items.records[0]).toMatchObject({ unit_price: '120.00', archived: 'false' });
    expect((await csvOf('/api/v1/exports/quotes.csv')).records).toEqual([]);
    expect((await csvOf('/api/v1/exports/credit-notes.csv')).records).toEqual([]);
  });

  it('reads past one batch, in the list order', async () => {
    await sql`
      insert into clients (name, company, email)
      select 'Bulk client ' || lpad(n::text, 4, '0'), '', ''
      from generate_series(1, 1100) as n`.execute(t.deps.db);
    const list = await wholeList('/api/v1/clients');
    const { records } = await csvOf('/api/v1/exports/clients.csv');
    expect(records).toHaveLength(list.length);
    expect(records.length).toBeGreaterThan(1100);
    expect(records.map((row) => row.id)).toEqual(list.map((client) => client.id));
  });

  it('pages payments by day, invoice and recording order past one batch', async () => {
    await sql`
      insert into payments (invoice_id, amount_minor, currency, paid_on, method)
      select ${invoiceIds[1]}::uuid, 1, 'EUR', date '2025-01-01' + (n % 7), 'cash'
      from generate_series(1, 1200) as n`.execute(t.deps.db);
    const { records } = await csvOf('/api/v1/exports/payments.csv?to=2025-12-31');
    const expected = await t.deps.db
      .selectFrom('payments')
      .select('id')
      .where('paid_on', '<=', '2025-12-31')
      .orderBy('paid_on')
      .orderBy('invoice_id')
      .orderBy('seq')
      .execute();
    expect(records).toHaveLength(1200);
    expect(records.map((row) => row.id)).toEqual(expected.map((row) => row.id));
  });
});

describe('bad requests', () => {
  it.each([
    ['/api/v1/exports/invoices.csv?status=lost', 'querystring.status.0'],
    ['/api/v1/exports/invoices.csv?clientId=42', 'querystring.clientId'],
    ['/api/v1/exports/invoices.csv?delimiter=pipe', 'querystring.delimiter'],
    ['/api/v1/exports/invoices.csv?limit=5', 'querystring.limit'],
    ['/api/v1/exports/payments.csv?from=2026-02-31', 'querystring.from'],
    ['/api/v1/exports/payments.csv?method=barter', 'querystring.method'],
  ])('%s answers 400 naming %s', async (url, field) => {
    const response = await t.call('GET', url);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
  });

  it('needs staff credentials', async () => {
    expect((await t.call('GET', '/api/v1/exports/invoices.csv', undefined, null)).status).toBe(401);
    expect((await t.call('GET', '/api/v1/exports/invoices.csv', undefined, t.financeToken)).status).toBe(200);
  });
});
