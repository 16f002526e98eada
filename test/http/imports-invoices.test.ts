/**
 * Historical invoices by CSV import: Invoice Ninja (totals only, payments as "paid to date") and InvoiceShelf/Crater
 * (lines, amounts in cents) exports, a semicolon file with a BOM, Excel serial dates and decimal commas; statuses
 * derived from dates and payments, totals checked by the totals engine, numbers kept without touching the counter,
 * and the trigger-kept dashboard figures in step with what was imported.
 */
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;

const fixture = (name: string) => readFileSync(new URL(`../fixtures/imports/${name}`, import.meta.url));

async function upload(path: string, body: string | Buffer, query: Record<string, string> = {}) {
  const search = new URLSearchParams(query).toString();
  const response = await t.app.inject({
    method: 'POST',
    url: `/api/v1/imports/${path}${search ? `?${search}` : ''}`,
    headers: { authorization: `Bearer ${t.adminToken}`, 'content-type': 'text/csv' },
    payload: body,
  });
  return { status: response.statusCode, body: response.json() };
}

async function invoiceByNumber(number: string) {
  const row = await t.deps.db
    .selectFrom('invoices')
    .select('id')
    .where('number', '=', number)
    .executeTakeFirstOrThrow();
  return (await t.call('GET', `/api/v1/invoices/${row.id}`)).body;
}

async function counts() {
  const { rows } = await sql<{ invoices: string; clients: string; payments: string; lines: string }>`
    select (select count(*) from invoices) as invoices, (select count(*) from clients) as clients,
           (select count(*) from payments) as payments, (select count(*) from invoice_lines) as lines`.execute(
    t.deps.db,
  );
  return rows[0];
}

beforeAll(async () => {
  t = await startTestApp();
  // An existing client the import matches by email rather than creating again.
  await t.call('POST', '/api/v1/clients', {
    name: 'Acme Rockets Inc.',
    email: 'wile@acme.example',
    currency: 'USD',
  });
});

afterAll(async () => {
  await t?.close();
});

describe('historical invoices', () => {
  it('imports an Invoice Ninja export: statuses from payments and dates, payments, clients matched or created', async () => {
    const file = fixture('invoice-ninja-invoices.csv');
    const dry = await upload('invoices', file, { dryRun: 'true' });
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body).toMatchObject({
      valid: true,
      file: { preset: { id: 'invoice-ninja' } },
      created: { invoices: 4, lines: 4, payments: 2, clients: 2 },
      matched: { clients: 1 },
    });
    const before = await counts();
    const real = await upload('invoices', file);
    expect(real.status, JSON.stringify(real.body)).toBe(200);
    expect(real.body.created).toEqual(dry.body.created);
    const after = await counts();
    expect(Number(after!.invoices) - Number(before!.invoices)).toBe(4);
    expect(Number(after!.clients) - Number(before!.clients)).toBe(2);

    const paid = await invoiceByNumber('0001');
    expect(paid).toMatchObject({
      status: 'paid',
      currency: 'EUR',
      totals: { total: '1190.00', balanceDue: '0.00' },
    });
    expect(paid.client.name).toBe('Müller, Schmidt & Co');
    expect(paid.importId).toBe(real.body.importId);
    const partial = await invoiceByNumber('0002');
    expect(partial).toMatchObject({
      status: 'overdue',
      totals: { total: '500.00', amountPaid: '300.00', balanceDue: '200.00' },
    });
    expect(partial.client.name).toBe('Acme Rockets Inc.');
    expect(partial.notes).toBe('Two instalments:\n300 now, 200 later');
    expect(await invoiceByNumber('0003')).toMatchObject({
      status: 'overdue',
      totals: { balanceDue: '250.00' },
    });
    expect(await invoiceByNumber('0004')).toMatchObject({ status: 'void' });

    // The counter was not touched: the next invoice issued in Remit takes the series' first number.
    const created = await t.call('POST', '/api/v1/invoices', {
      clientId: partial.client.id,
      lines: [{ description: 'New work', quantity: '1', unitPrice: '10.00' }],
    });
    const issued = await t.call('POST', `/api/v1/invoices/${created.body.id}/mark-sent`);
    expect(issued.body.number).toBe('INV-2026-0001');

    // Importing the same file again refuses every invoice and writes nothing.
    const again = await upload('invoices', file);
    expect(again.status).toBe(422);
    expect(again.body.rows.map((r: { line: number }) => r.line)).toEqual([2, 3, 5, 6]);
    expect(again.body.rows[0].reason).toBe('An invoice numbered 0001 already exists');
  });

  it('queues client.created, invoice.created and payment.recorded webhooks as the create paths do', async () => {
    await t.deps.db
      .insertInto('webhook_endpoints')
      .values({
        url: 'https://hooks.example.com/remit',
        event_types: ['client.created', 'invoice.created', 'payment.recorded'],
        secret_encrypted: 'not-used-here',
      })
      .execute();
    const file =
      'Number,Client,Date,Total,Paid\nW-1,Webhook Client,2025-04-01,10.00,10.00\nW-2,Webhook Client,2025-04-02,5.00,\n';
    const { status } = await upload('invoices', file);
    expect(status).toBe(200);
    const { rows } = await sql<{ type: string; n: string }>`
      select type, count(*)::text as n from outgoing_events group by type order by type`.execute(t.deps.db);
    expect(rows).toEqual([
      { type: 'client.created', n: '1' },
      { type: 'invoice.created', n: '2' },
      { type: 'payment.recorded', n: '1' },
    ]);
    await t.deps.db.deleteFrom('webhook_endpoints').execute();
  });

  it('keeps the dashboard figures (trigger-kept) equal to what the invoices and payments say', async () => {
    const { rows } = await sql<{ figure: string; currency: string; amount: string }>`
      select figure, currency, sum(amount_minor)::text as amount from dashboard_figures
      where figure in ('open', 'received') group by figure, currency order by figure, currency`.execute(
      t.deps.db,
    );
    const { rows: expected } = await sql<{ figure: string; currency: string; amount: string }>`
      select 'open' as figure, currency, sum(total_minor - amount_paid_minor - amount_credited_minor)::text as amount
      from invoices where status in ('sent', 'viewed', 'partially_paid') group by currency
      union all
      select 'received', currency, sum(amount_minor)::text from payments where deleted_at is null group by currency
      order by 1, 2`.execute(t.deps.db);
    expect(rows).toEqual(expected);
    expect(rows).toContainEqual({ figure: 'received', currency: 'EUR', amount: '119000' });
  });

  it('imports InvoiceShelf/Crater invoices with lines and amounts in cents, checked against the file total', async () => {
    const { status, body } = await upload('invoices', fixture('invoiceshelf-invoices.csv'));
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({
      file: { preset: { id: 'invoiceshelf' } },
      created: { invoices: 2, lines: 3, payments: 1 },
    });
    const consulting = await invoiceByNumber('IS-100');
    expect(consulting).toMatchObject({ status: 'paid', totals: { total: '1750.00' } });
    expect(
      consulting.lines.map((l: { description: string; unitPrice: string }) => [l.description, l.unitPrice]),
    ).toEqual([
      ['Consulting', '150.00'],
      ['Travel, return', '250.00'],
    ]);
    expect(await invoiceByNumber('IS-101')).toMatchObject({
      status: 'sent',
      totals: { balanceDue: '19.99' },
    });
  });

  it('reads a semicolon file with a BOM, Excel serial dates, day-first dates and decimal commas, with taxes', async () => {
    const file = fixture('semicolon-excel.csv');
    const ambiguous = await upload('invoices', file, { dryRun: 'true' });
    // 15/02/2025 reads one way only; no date in the file is ambiguous.
    expect(ambiguous.body.problems).toEqual([]);
    const { status, body } = await upload('invoices', file);
    expect(status, JSON.stringify(body)).toBe(200);
    const h1 = await invoiceByNumber('H-1');
    expect(h1).toMatchObject({
      issueDate: '2025-01-01',
      dueDate: '2025-01-31',
      totals: { subtotal: '211.00', total: '253.20' },
    });
    expect(h1.lines[0].description).toBe('Design; logo');
    expect(h1.client.name).toBe('Café Zoë');
    expect(await invoiceByNumber('H-2')).toMatchObject({
      issueDate: '2025-02-15',
      totals: { total: '1000.00' },
    });
  });

  it('lists every bad row (total mismatch, series numbers, ambiguous dates, drafts) and imports nothing', async () => {
    const file = [
      'Number,Client,Date,Description,Qty,Unit price,Total,Status',
      'OK-1,Initech,2025-05-01,Work,1,100.00,100.00,sent',
      'BAD-1,Initech,2025-05-02,Work,2,100.00,150.00,sent',
      'INV-2026-0009,Initech,2025-05-03,Work,1,10.00,,sent',
      'OK-2,Initech,03/04/2025,Work,1,10.00,,sent',
      'OK-3,Initech,2025-05-04,Work,1,10.00,,Draft',
      'OK-4,Initech,2025-05-05,Work,1,10.00,,sent',
    ].join('\n');
    const before = await counts();
    const dry = await upload('invoices', file, { dryRun: 'true' });
    expect(dry.body.valid).toBe(false);
    expect(dry.body.problems.map((p: { line: number; field: string }) => [p.line, p.field])).toEqual([
      [3, 'total'],
      [4, 'number'],
      [5, 'issueDate'],
      [6, 'status'],
    ]);
    expect(dry.body.problems[0].reason).toContain('differs from 200.00');
    expect(dry.body.problems[1].reason).toContain('INV-{YYYY}-{SEQ:4}');
    expect(dry.body.problems[2].reason).toContain('dateFormat=dmy or mdy');
    const real = await upload('invoices', file);
    expect(real.status).toBe(422);
    expect(real.body.rows).toEqual(dry.body.problems);
    expect(await counts()).toEqual(before);
    // The same file with the date format named reads 03/04/2025 as 3 April.
    const dmy = await upload('invoices', file, { dryRun: 'true', dateFormat: 'dmy' });
    expect(dmy.body.problems.map((p: { line: number }) => p.line)).toEqual([3, 4, 6]);
  });

  it("continues Remit's own series from numbers of its pattern, without a gap", async () => {
    const header = 'Number,Client,Date,Description,Qty,Unit price,Total,Status';
    const counter = async () =>
      (
        await t.deps.db
          .selectFrom('invoice_counters')
          .select('last_value')
          .where('scope', '=', '2026')
          .executeTakeFirst()
      )?.last_value;
    const start = Number((await counter()) ?? 0n);
    const seq = (n: number) => `INV-2026-${String(start + n).padStart(4, '0')}`;
    const rows = [1, 2, 3].map((n) => `${seq(n)},Globex,2026-01-0${n},Work,1,10.00,,sent`);
    const imported = await upload('invoices', [header, ...rows].join('\n'));
    expect(imported.status).toBe(200);
    expect(Number(await counter())).toBe(start + 3);

    // The next invoice issued in Remit follows the file's last number.
    const client = (await invoiceByNumber(seq(1))).client.id;
    const created = await t.call('POST', '/api/v1/invoices', {
      clientId: client,
      lines: [{ description: 'New work', quantity: '1', unitPrice: '10.00' }],
    });
    const issued = await t.call('POST', `/api/v1/invoices/${created.body.id}/mark-sent`);
    expect(issued.body.number).toBe(seq(4));

    // A number past the next one would leave a gap: refused, naming the sequence expected; nothing moves.
    const gap = await upload(
      'invoices',
      [header, `${seq(6)},Globex,2026-02-01,Work,1,10.00,,sent`].join('\n'),
      {
        dryRun: 'true',
      },
    );
    expect(gap.body.problems).toHaveLength(1);
    expect(gap.body.problems[0].reason).toContain(`next number is sequence ${start + 5}`);
    expect(Number(await counter())).toBe(start + 4);
  });
});
