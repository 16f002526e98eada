import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { randomSource } from '../../src/cli/seed-bulk/document-templates.ts';
import { seedBulk } from '../../src/cli/seed-bulk/seed-bulk.ts';
import { createClient } from '../../src/services/clients/create-client.ts';
import { listClients } from '../../src/services/clients/list-clients.ts';
import { updateClient } from '../../src/services/clients/update-client.ts';
import { systemActor } from '../../src/services/context.ts';
import { createInvoice } from '../../src/services/invoices/create-invoice.ts';
import { INVOICE_SORT_KEYS, listInvoices } from '../../src/services/invoices/list-invoices.ts';
import { updateInvoice } from '../../src/services/invoices/update-invoice.ts';
import { listQuotes, QUOTE_SORT_KEYS } from '../../src/services/quotes/list-quotes.ts';
import { TestClock } from '../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

/**
 * The lists' search (trigram indexes, matching clients first) and client order (a key kept on the document) against
 * the straightforward queries they replace, on random data: the same rows in the same order, page after page.
 */
let database: TestDatabase;
const clock = new TestClock();
const deps = () => ({ db: database.db, clock });
const random = randomSource(2026);

const INVOICE_ORDER: Record<string, string[]> = {
  created: ['i.created_at'],
  number: ["coalesce(i.number, '')"],
  client: ['lower(c.name)'],
  issueDate: ['i.issue_date'],
  dueDate: ['i.due_date'],
  total: ['i.currency', 'i.total_minor'],
  balanceDue: ['i.currency', 'i.total_minor - i.amount_paid_minor - i.amount_credited_minor'],
};
const QUOTE_ORDER: Record<string, string[]> = {
  created: ['i.created_at'],
  number: ["coalesce(i.number, '')"],
  client: ['lower(c.name)'],
  issueDate: ['i.issue_date'],
  validUntil: ['i.valid_until'],
  total: ['i.currency', 'i.total_minor'],
};

beforeAll(async () => {
  database = await createTestDatabase();
  await seedBulk(deps(), { invoices: 1200, clients: 50, seed: 3 });
  // Names that test the pattern's escaping, case and accents, and a name two clients share.
  for (const name of [
    '100% Organic',
    'Under_Score Ltd',
    'Back\\slash & Co',
    'ÉCOLE Dupont',
    'harbour logistics',
  ]) {
    const client = await createClient(deps(), { name, company: `${name} Holdings`, email: 'x@y.example' });
    await createInvoice(deps(), systemActor, {
      clientId: client.id,
      taxes: [],
      lines: [{ description: 'Work', quantity: '1', unitPrice: '10' }],
    });
  }
  // Quotes for a third of the invoices, numbered in their own series.
  await sql`
    insert into quotes (number, status, client_id, currency, issue_date, valid_until, taxes, tax_rounding,
      invoice_discount_mode, total_minor, created_at)
    select replace(number, 'INV-', 'Q-'), case when number is null then 'draft' else 'sent' end, client_id, currency,
      issue_date, issue_date + 30, taxes, tax_rounding, invoice_discount_mode, total_minor, created_at
    from invoices where md5(id::text) < '5'
  `.execute(database.db);
  // Renamed clients and a draft moved to another client: their documents' client order follows at once.
  const clients = await database.db
    .selectFrom('clients')
    .select(['id', 'name'])
    .orderBy('id')
    .limit(6)
    .execute();
  for (const [i, client] of clients.entries()) {
    await updateClient(deps(), client.id, {
      name: i % 2 ? `Aardvark ${client.name}` : client.name.toUpperCase(),
    });
  }
  const draft = await database.db
    .selectFrom('invoices')
    .select('id')
    .where('status', '=', 'draft')
    .where('client_id', '!=', clients[0]!.id)
    .executeTakeFirstOrThrow();
  await updateInvoice(deps(), systemActor, draft.id, { clientId: clients[0]!.id });
}, 120_000);

afterAll(async () => {
  await database.close();
});

/** Fragments of real numbers, names, companies and emails, in any case, and a few awkward ones. */
async function randomQueries(count: number): Promise<string[]> {
  const texts = await sql<{ text: string }>`
    select number as text from invoices where number is not null
    union all select name from clients union all select company from clients union all select email from clients
  `.execute(database.db);
  const queries = ['%', '_', '\\', 'zzzz', 'INV-', '-0', 'é', 'o'];
  while (queries.length < count) {
    const text = texts.rows[Math.floor(random() * texts.rows.length)]!.text;
    if (!text) continue;
    const start = Math.floor(random() * text.length);
    const fragment = text.slice(start, start + 1 + Math.floor(random() * 6));
    queries.push(random() < 0.3 ? fragment.toUpperCase() : fragment);
  }
  return queries;
}

async function expectedIds(
  table: 'invoices' | 'quotes',
  q: string | null,
  order: string[],
  desc: boolean,
  issuedFrom: string | null = null,
) {
  const direction = sql.raw(desc ? 'desc' : 'asc');
  const keys = order.map((key) => sql`${sql.raw(key)} ${direction}`);
  const pattern = q === null ? null : `%${q.replace(/[\\%_]/g, '\\$&')}%`;
  const rows = await sql<{ id: string }>`
    select i.id from ${sql.table(table)} i join clients c on c.id = i.client_id
    where (${pattern}::text is null
      or i.number ilike ${pattern} or c.name ilike ${pattern} or c.company ilike ${pattern} or c.email ilike ${pattern})
      and (${issuedFrom}::date is null or i.issue_date >= ${issuedFrom}::date)
    order by ${sql.join(keys)}, i.id ${direction}
  `.execute(database.db);
  return rows.rows.map((row) => row.id);
}

async function allPages(
  read: (cursor: string | undefined) => Promise<{ items: { id: string }[]; nextCursor: string | null }>,
) {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    ids.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return ids;
}

it('finds and orders invoices as the straightforward query does, page after page', async () => {
  const queries = [null, ...(await randomQueries(30))];
  for (const [i, q] of queries.entries()) {
    const key = INVOICE_SORT_KEYS[i % INVOICE_SORT_KEYS.length]!;
    const desc = random() < 0.5;
    const limit = q === null ? 100 : 1 + Math.floor(random() * 60);
    // Every third search also filters: the search's candidates must honour the list's filters.
    const issuedFrom = i % 3 === 2 ? '2025-06-01' : null;
    const ids = await allPages(async (cursor) =>
      listInvoices(deps(), {
        q: q ?? undefined,
        sort: desc ? `-${key}` : key,
        limit,
        cursor,
        issuedFrom: issuedFrom ?? undefined,
      }),
    );
    expect({ q, key, desc, issuedFrom, ids }).toEqual({
      q,
      key,
      desc,
      issuedFrom,
      ids: await expectedIds('invoices', q, INVOICE_ORDER[key]!, desc, issuedFrom),
    });
  }
  // Every order once more without a search, and the client order both ways.
  for (const key of INVOICE_SORT_KEYS) {
    const ids = await allPages((cursor) => listInvoices(deps(), { sort: `-${key}`, limit: 100, cursor }));
    expect(ids).toEqual(await expectedIds('invoices', null, INVOICE_ORDER[key]!, true));
  }
});

it('finds and orders quotes as the straightforward query does', async () => {
  const queries = [null, ...(await randomQueries(20))];
  for (const [i, q] of queries.entries()) {
    const key = QUOTE_SORT_KEYS[i % QUOTE_SORT_KEYS.length]!;
    const desc = random() < 0.5;
    const ids = await allPages(async (cursor) =>
      listQuotes(deps(), { q: q ?? undefined, sort: desc ? `-${key}` : key, limit: 40, cursor }),
    );
    expect({ q, key, ids }).toEqual({ q, key, ids: await expectedIds('quotes', q, QUOTE_ORDER[key]!, desc) });
  }
});

it('finds clients by name, company or email as the straightforward query does', async () => {
  for (const q of await randomQueries(25)) {
    const ids = await allPages((cursor) => listClients(deps(), { q, limit: 20, cursor }));
    const pattern = `%${q.replace(/[\\%_]/g, '\\$&')}%`;
    const expected = await sql<{ id: string }>`
      select id from clients where archived_at is null
        and (name ilike ${pattern} or company ilike ${pattern} or email ilike ${pattern})
      order by created_at desc, id desc
    `.execute(database.db);
    expect({ q, ids }).toEqual({ q, ids: expected.rows.map((row) => row.id) });
  }
});

it('keeps every document’s client key equal to its client’s name in lower case', async () => {
  const stale = await sql<{ n: number }>`
    select (select count(*)::int from invoices i join clients c on c.id = i.client_id
            where i.client_sort_key <> lower(c.name))
         + (select count(*)::int from quotes q join clients c on c.id = q.client_id
            where q.client_sort_key <> lower(c.name)) as n
  `.execute(database.db);
  expect(stale.rows[0]!.n).toBe(0);
  const renamed = await database.db
    .selectFrom('clients')
    .select('id')
    .where('name', 'like', 'Aardvark %')
    .execute();
  expect(renamed.length).toBe(3);
});
