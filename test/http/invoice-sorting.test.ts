import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

/**
 * The invoice list sorted by the server, in every order the staff app offers, and paged with cursors that carry the
 * sort values: pages of two read the same rows in the same order as one page of all.
 */
let t: TestApp;

const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);

async function invoice(
  clientId: string,
  currency: string,
  unitPrice: string,
  issueDate: string,
  send: boolean,
) {
  const created = await t.call('POST', '/api/v1/invoices', {
    clientId,
    currency,
    issueDate,
    paymentTerms: 'net_15',
    lines: [{ description: 'Work', quantity: '1', unitPrice }],
  });
  expect(created.status).toBe(201);
  if (send) expect((await t.call('POST', `/api/v1/invoices/${created.body.id}/mark-sent`)).status).toBe(200);
  return created.body.id as string;
}

/** Invoice labels (A..F) in list order, reading every page of `limit` rows. */
async function order(sort: string, limit = 100): Promise<string[]> {
  const labels: string[] = [];
  let cursor: string | null = null;
  do {
    const url: string = `/api/v1/invoices?sort=${sort}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await t.call('GET', url);
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    labels.push(...page.body.items.map((item: { id: string }) => label.get(item.id)));
    cursor = page.body.nextCursor;
  } while (cursor);
  return labels;
}

const label = new Map<string, string>();

beforeAll(async () => {
  t = await startTestApp();
  const client = async (name: string) =>
    (await t.call('POST', '/api/v1/clients', { name })).body.id as string;
  const zeta = await client('Zeta Foods');
  const acme = await client('acme retail');
  const mono = await client('Monolith');
  // Created in this order (A first). Sent ones get numbers INV-…-0001, 0002, 0003 in the order they are sent.
  const rows: [string, string, string, string, string, boolean][] = [
    ['A', zeta, 'USD', '50.00', '2026-11-10', true], // INV-0001, due 11-25
    ['B', acme, 'USD', '900.00', '2026-11-01', false], // draft
    ['C', mono, 'JPY', '7000', '2026-11-20', true], // INV-0002
    ['D', acme, 'USD', '120.00', '2026-11-20', true], // INV-0003
    ['E', mono, 'USD', '50.00', '2026-10-30', false], // draft
  ];
  for (const [name, clientId, currency, price, issued, send] of rows) {
    t.clock.set(new Date(t.clock.now().getTime() + 1000).toISOString());
    label.set(await invoice(clientId, currency, price, issued, send), name);
  }
  // D is partly paid: its balance is 20.00.
  const d = [...label].find(([, name]) => name === 'D')![0];
  const paid = await t.call('POST', `/api/v1/invoices/${d}/payments`, {
    amount: '100.00',
    method: 'cash',
    paidOn: '2026-11-21',
  });
  expect(paid.status, JSON.stringify(paid.body)).toBe(201);
});

afterAll(async () => {
  await t?.close();
});

describe('sorting the invoice list', () => {
  it('lists newest first by default', async () => {
    expect(await order('-created')).toEqual(['E', 'D', 'C', 'B', 'A']);
    const plain = await t.call('GET', '/api/v1/invoices');
    expect(plain.body.items.map((item: { id: string }) => label.get(item.id))).toEqual([
      'E',
      'D',
      'C',
      'B',
      'A',
    ]);
  });

  it.each([
    ['created', ['A', 'B', 'C', 'D', 'E']],
    // Drafts have no number: first ascending, last descending; ties by id are not asserted here.
    ['number', ['?', '?', 'A', 'C', 'D']],
    ['-number', ['D', 'C', 'A', '?', '?']],
    // Case does not matter: "acme retail" before "Monolith" before "Zeta Foods".
    ['client', ['B|D', 'B|D', 'C|E', 'C|E', 'A']],
    ['-issueDate', ['C|D', 'C|D', 'A', 'B', 'E']],
    ['issueDate', ['E', 'B', 'A', 'C|D', 'C|D']],
    // Due dates are issue + 15 days, the same order as issue dates.
    ['dueDate', ['E', 'B', 'A', 'C|D', 'C|D']],
    // Amounts group by currency (JPY before USD), then by amount: 50.00 twice, 120.00, 900.00.
    ['total', ['C', 'A|E', 'A|E', 'D', 'B']],
    ['-total', ['B', 'D', 'A|E', 'A|E', 'C']],
    // Balances: D has 20.00 left.
    ['balanceDue', ['C', 'D', 'A|E', 'A|E', 'B']],
  ])('sorts by %s, the same in pages of two as in one page', async (sort, expected) => {
    const all = await order(sort);
    // '?' is either draft (no number), 'X|Y' either of two rows tied on the sort value.
    const matches = (name: string, want: string) =>
      want === '?' ? name === 'B' || name === 'E' : want.split('|').includes(name);
    for (const [i, name] of all.entries()) {
      expect(matches(name, expected[i]!), `${sort}: ${all.join(',')}`).toBe(true);
    }
    expect(new Set(all).size).toBe(5);
    expect(await order(sort, 2)).toEqual(all);
    expect(await order(sort, 1)).toEqual(all);
  });

  it('pages through rows created in the same microsecond without losing one', async () => {
    // As when one transaction writes many invoices (now() is the same for all of them).
    await t.database.db
      .updateTable('invoices')
      .set({ created_at: new Date('2026-11-25T10:00:00.123Z') })
      .execute();
    await sql`update invoices set created_at = created_at + interval '456 microseconds'`.execute(
      t.database.db,
    );
    const all = await order('-created');
    expect(new Set(all).size).toBe(5);
    expect(await order('-created', 1)).toEqual(all);
    expect(await order('created', 2)).toEqual([...all].reverse());
  });

  it('keeps the filters while sorting', async () => {
    const page = await t.call('GET', '/api/v1/invoices?sort=-total&status=draft');
    expect(page.body.items.map((item: { id: string }) => label.get(item.id))).toEqual(['B', 'E']);
  });

  it('refuses an unknown order, naming the field', async () => {
    const response = await t.call('GET', '/api/v1/invoices?sort=amount');
    expect(response.status).toBe(400);
    expect(fieldsOf(response.body)).toEqual(['querystring.sort']);
  });

  it('refuses a cursor of another order, and forged cursors, naming the cursor', async () => {
    const first = await t.call('GET', '/api/v1/invoices?sort=total&limit=2');
    const other = await t.call('GET', `/api/v1/invoices?sort=client&cursor=${first.body.nextCursor}`);
    expect(other.status).toBe(422);
    expect(fieldsOf(other.body)).toEqual(['cursor']);
    expect(other.body.errors[0].message).toContain('another sort order');
    const forged = (values: string[]) =>
      Buffer.from(JSON.stringify({ sort: 'dueDate', values })).toString('base64url');
    for (const cursor of [
      'garbage!',
      forged(['2026-02-30', '6f1c2a8e-0000-4000-8000-000000000000']),
      forged(["2026-11-01'; drop table invoices; --", '6f1c2a8e-0000-4000-8000-000000000000']),
      forged(['2026-11-01']),
      forged(['2026-11-01', 'not-a-uuid']),
    ]) {
      const response = await t.call('GET', `/api/v1/invoices?sort=dueDate&cursor=${cursor}`);
      expect(response.status, cursor).toBe(422);
      expect(fieldsOf(response.body)).toEqual(['cursor']);
    }
  });
});
