import type { FastifyInstance, InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.ts';
import { documentParties } from '../../src/services/documents/document-parties.ts';
import { getInvoice } from '../../src/services/invoices/get-invoice.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

/**
 * Two app instances with their own invoice view cache on the test app's database stand for two server processes.
 * Every way an invoice can change, made through one of them or by hand in SQL, must show in the next GET of the
 * process that made it, and in the other's as soon as the database's notice arrives; each answer must equal the
 * uncached read.
 */
describe('invoice views cached per process', () => {
  let t: TestApp;
  let first: FastifyInstance;
  let second: FastifyInstance;
  let clientId: string;

  const cachedApp = () =>
    buildApp({
      deps: t.deps,
      appUrl: 'http://localhost:3000',
      logLevel: 'silent',
      invoiceViewCache: { connectionString: t.database.url },
    });
  const listening = async () => {
    // The listeners connect in the background; until then the cache is off and every request reads the database.
    for (let i = 0; i < 100; i++) {
      const rows = await t.database.pool.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity
          where application_name = 'remit-invoice-listener' and datname = current_database()
            and state = 'idle' and query like 'listen %'`,
      );
      if (rows.rows[0]!.n >= 2) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the invoice listeners did not connect');
  };
  const call = async (app: FastifyInstance, method: InjectOptions['method'], url: string, body?: object) => {
    const response = await app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${t.adminToken}` },
      ...(body ? { payload: body } : {}),
    });
    return { status: response.statusCode, body: response.body ? response.json() : null };
  };
  const viewIn = async (app: FastifyInstance, id: string) => {
    const response = await call(app, 'GET', `/invoices/${id}`);
    expect(response.status).toBe(200);
    return response.body;
  };
  /** The view read straight from the database with its parties last, as the route's JSON carries it. */
  const truth = async (id: string) => {
    const view = await getInvoice(t.deps, id);
    const parties = await documentParties(t.deps.db, view.client.id);
    return JSON.parse(JSON.stringify({ ...view, parties }));
  };
  const eventually = async (check: () => Promise<boolean>) => {
    const started = Date.now();
    while (Date.now() - started < 2_000) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('not seen within 2 s');
  };
  const sameAsDatabase = async (app: FastifyInstance, id: string) =>
    JSON.stringify(await viewIn(app, id)) === JSON.stringify(await truth(id));
  /** Both processes hold the invoice's current view in their caches. */
  const warm = async (id: string) => {
    for (const app of [first, second]) {
      expect(await viewIn(app, id)).toEqual(await truth(id));
      expect(await viewIn(app, id)).toEqual(await truth(id));
    }
  };
  /** A change made through `second`: its own next GET shows it at once, `first`'s once the notice is in. */
  const throughSecond = async (id: string, change: () => Promise<unknown>) => {
    await warm(id);
    const before = await truth(id);
    await change();
    const after = await truth(id);
    expect(after).not.toEqual(before);
    expect(await viewIn(second, id)).toEqual(after);
    await eventually(() => sameAsDatabase(first, id));
  };
  /** A change made in SQL, behind both processes' backs: both see it once the notice is in. */
  const inSql = async (id: string, change: () => Promise<unknown>) => {
    await warm(id);
    const before = await truth(id);
    await change();
    expect(await truth(id)).not.toEqual(before);
    await eventually(() => sameAsDatabase(first, id));
    await eventually(() => sameAsDatabase(second, id));
  };
  const newDraft = async () => {
    const draft = await call(second, 'POST', '/invoices', {
      clientId,
      currency: 'EUR',
      issueDate: '2026-11-20',
      paymentTerms: 'net_30',
      taxes: [],
      lines: [{ description: 'Widget', quantity: '4', unitPrice: '25.00' }],
    });
    expect(draft.status).toBe(201);
    return draft.body.id as string;
  };
  const ok = async (response: Promise<{ status: number; body: any }>) => {
    const { status, body } = await response;
    expect(status, JSON.stringify(body)).toBeLessThan(300);
    return body;
  };

  beforeAll(async () => {
    t = await startTestApp();
    first = await cachedApp();
    second = await cachedApp();
    await listening();
    clientId = (await t.call('POST', '/api/v1/clients', { name: 'Cached Ltd', currency: 'EUR' })).body.id;
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await t?.close();
  });

  it('answers from the cache: a change the database does not announce is not seen', async () => {
    const id = await newDraft();
    await warm(id);
    // Behind the triggers' back (replica role skips them): the cached view still answers, which shows the cache is
    // what answers; every other test shows announced changes are seen.
    const client = await t.database.pool.connect();
    try {
      await client.query('begin');
      await client.query('set local session_replication_role = replica');
      await client.query(`update invoices set notes = 'unannounced' where id = $1`, [id]);
      await client.query('commit');
    } finally {
      client.release();
    }
    expect((await viewIn(first, id)).notes).not.toBe('unannounced');
    expect((await truth(id)).notes).toBe('unannounced');
    expect((await t.call('GET', `/api/v1/invoices/${id}`)).body.notes).toBe('unannounced');
  });

  it('shows every change made through another process: edit, issue, pay, refund, revise, credit, void', async () => {
    const id = await newDraft();
    await throughSecond(id, () =>
      ok(
        call(second, 'PATCH', `/invoices/${id}`, {
          lines: [
            { description: 'Widget', quantity: '4', unitPrice: '25.00' },
            { description: 'Support', quantity: '1', unitPrice: '50.00' },
          ],
        }),
      ),
    );
    await throughSecond(id, () => ok(call(second, 'POST', `/invoices/${id}/mark-sent`)));
    let payment: any;
    await throughSecond(id, async () => {
      payment = await ok(
        call(second, 'POST', `/invoices/${id}/payments`, { method: 'cash', amount: '60.00' }),
      );
    });
    await throughSecond(id, () =>
      ok(call(second, 'POST', `/invoices/${id}/payments`, { method: 'bank_transfer', amount: '30.00' })),
    );
    await throughSecond(id, () =>
      ok(call(second, 'POST', `/invoices/${id}/payments/${payment.payment.id}/refund`, { amount: '10.00' })),
    );
    await throughSecond(id, () =>
      ok(
        call(second, 'PATCH', `/invoices/${id}`, {
          notes: 'Revised terms',
          revisionNote: 'Client asked',
          lines: [{ description: 'Widget', quantity: '5', unitPrice: '25.00' }],
        }),
      ),
    );
    // A draft credit note is listed on the invoice; issuing it credits the invoice.
    await throughSecond(id, () =>
      ok(
        call(second, 'POST', `/invoices/${id}/credit-notes`, {
          mode: 'amount',
          amount: '25.00',
          reason: 'One widget returned',
        }),
      ),
    );
    const drafted = (await truth(id)).creditNotes as { id: string }[];
    expect(drafted).toHaveLength(1);
    await throughSecond(id, () => ok(call(second, 'POST', `/credit-notes/${drafted[0]!.id}/issue`)));
    expect((await viewIn(first, id)).totals.amountCredited).toBe('25.00');
    // Only an invoice without payments can be voided.
    const toVoid = await newDraft();
    await throughSecond(toVoid, () => ok(call(second, 'POST', `/invoices/${toVoid}/mark-sent`)));
    await throughSecond(toVoid, () =>
      ok(call(second, 'POST', `/invoices/${toVoid}/void`, { reason: 'Duplicate' })),
    );
    expect((await viewIn(first, toVoid)).status).toBe('void');
  });

  it('shows credit applied from another invoice’s credit note', async () => {
    const source = await newDraft();
    await ok(call(second, 'POST', `/invoices/${source}/mark-sent`));
    await ok(call(second, 'POST', `/invoices/${source}/payments`, { method: 'cash', amount: '100.00' }));
    const note = await ok(
      call(second, 'POST', `/invoices/${source}/credit-notes`, {
        mode: 'amount',
        amount: '60.00',
        reason: 'Overcharged',
      }),
    );
    await ok(call(second, 'POST', `/credit-notes/${note.id}/issue`));
    const target = await newDraft();
    await ok(call(second, 'POST', `/invoices/${target}/mark-sent`));
    await throughSecond(target, () =>
      ok(
        call(second, 'POST', `/invoices/${target}/apply-credit`, { creditNoteId: note.id, amount: '40.00' }),
      ),
    );
    expect((await viewIn(first, target)).totals.amountCredited).toBe('40.00');
  });

  it('shows changes made by hand in SQL: the invoice, its lines, its client, the settings, the time zone', async () => {
    const id = await newDraft();
    await inSql(id, () =>
      sql`update invoices set notes = 'Set in SQL' where id = ${id}`.execute(t.database.db),
    );
    await inSql(id, () =>
      sql`update invoice_lines set quantity = 7 where invoice_id = ${id}`.execute(t.database.db),
    );
    await inSql(id, () =>
      sql`update clients set name = 'Renamed in SQL' where id = ${clientId}`.execute(t.database.db),
    );
    // What the parties show: the buyer's address and language, the seller's terms text.
    await inSql(id, () =>
      sql`update clients set city = 'Lyon', language = 'fr' where id = ${clientId}`.execute(t.database.db),
    );
    // The client's default buyer reference, which an invoice without its own prints.
    await inSql(id, () =>
      sql`update clients set buyer_reference = 'PO-2026-7' where id = ${clientId}`.execute(t.database.db),
    );
    expect((await viewIn(first, id)).parties.buyer.buyerReference).toBe('PO-2026-7');
    await inSql(id, () =>
      sql`update settings set payment_terms_text = 'Payable by bank transfer'`.execute(t.database.db),
    );
    await inSql(id, () =>
      sql`insert into invoice_lines (invoice_id, position, description, quantity, unit_price, taxes)
          values (${id}, 2, 'Added in SQL', 1, 9.99, '[]')`.execute(t.database.db),
    );
    await inSql(id, () =>
      sql`delete from invoice_lines where invoice_id = ${id} and position = 2`.execute(t.database.db),
    );
    // The status is worked out for today in the organisation's zone: a zone far enough east makes it overdue.
    const issued = await newDraft();
    await ok(call(second, 'POST', `/invoices/${issued}/mark-sent`));
    await sql`update invoices set due_date = '2026-11-25' where id = ${issued}`.execute(t.database.db);
    t.clock.set('2026-11-25T20:00:00Z');
    try {
      await inSql(issued, () =>
        sql`update settings set time_zone = 'Pacific/Kiritimati'`.execute(t.database.db),
      );
      expect((await viewIn(first, issued)).status).toBe('overdue');
      // The list keeps the time zone in the same cache: its status follows too.
      const listed = async (app: FastifyInstance) =>
        (await call(app, 'GET', `/invoices?clientId=${clientId}&limit=100`)).body.items.find(
          (item: { id: string }) => item.id === issued,
        ).status;
      expect(await listed(first)).toBe('overdue');
      await sql`update settings set time_zone = 'UTC'`.execute(t.database.db);
      await eventually(async () => (await listed(first)) === 'sent' && (await listed(second)) === 'sent');
    } finally {
      await sql`update settings set time_zone = 'UTC'`.execute(t.database.db);
      t.clock.set('2026-11-25T10:00:00Z');
    }
  });

  it('changes the status when the day changes, without any change in the database', async () => {
    const id = await newDraft();
    await ok(call(second, 'POST', `/invoices/${id}/mark-sent`));
    await warm(id);
    const dueDate = (await viewIn(first, id)).dueDate as string;
    expect((await viewIn(first, id)).status).toBe('sent');
    t.clock.set(`${dueDate}T23:59:00Z`);
    try {
      expect((await viewIn(first, id)).status).toBe('sent');
      t.clock.set(new Date(new Date(`${dueDate}T23:59:00Z`).getTime() + 120_000).toISOString());
      expect((await viewIn(first, id)).status).toBe('overdue');
      expect(await viewIn(first, id)).toEqual(await truth(id));
    } finally {
      t.clock.set('2026-11-25T10:00:00Z');
    }
  });

  it('forgets a deleted invoice and asks who is calling before answering from the cache', async () => {
    const id = await newDraft();
    await warm(id);
    for (const app of [first, second]) {
      const anonymous = await app.inject({ method: 'GET', url: `/api/v1/invoices/${id}` });
      expect(anonymous.statusCode).toBe(401);
      const wrong = await app.inject({
        method: 'GET',
        url: `/api/v1/invoices/${id}`,
        headers: { authorization: 'Bearer not-a-token' },
      });
      expect(wrong.statusCode).toBe(401);
    }
    expect((await call(second, 'DELETE', `/invoices/${id}`)).status).toBe(204);
    expect((await call(second, 'GET', `/invoices/${id}`)).status).toBe(404);
    await eventually(async () => (await call(first, 'GET', `/invoices/${id}`)).status === 404);
  });
});
