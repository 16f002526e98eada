/**
 * The incremental overdue sweep against the straightforward one (every open, past-due invoice with a balance gets
 * one 'overdue' event for its due date), in batches smaller than the work, rerun, and as days pass.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOverdueSweep } from '../../src/services/invoices/run-overdue-sweep.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let clientId: string;
const ids: string[] = [];
const progress: { batch: number; done: number; total: number }[] = [];

async function invoice(issueDate: string, terms: string, send = true): Promise<string> {
  const created = await t.call('POST', '/api/v1/invoices', {
    clientId,
    issueDate,
    paymentTerms: terms,
    lines: [{ description: 'Work', quantity: '1', unitPrice: '100' }],
  });
  expect(created.status).toBe(201);
  if (send) expect((await t.call('POST', `/api/v1/invoices/${created.body.id}/mark-sent`)).status).toBe(200);
  ids.push(created.body.id);
  return created.body.id;
}

const sweep = () => runOverdueSweep(t.deps, { batchSize: 3, onProgress: (p) => progress.push(p) });

/** The straightforward answer: open invoices with a balance, due before today, that lack an event for that date. */
async function missingEvents(today: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    select i.id from invoices i
    where i.status in ('sent', 'viewed', 'partially_paid')
      and i.total_minor - i.amount_paid_minor - i.amount_credited_minor > 0
      and i.due_date < ${today}::date
      and not exists (select 1 from invoice_events e
                      where e.invoice_id = i.id and e.type = 'overdue' and e.data ->> 'dueDate' = i.due_date::text)
  `.execute(t.database.db);
  return rows.map((row) => row.id);
}

async function overdueEventCount(): Promise<number> {
  const { rows } = await sql<{ n: string }>`
    select count(*)::text as n from invoice_events where type = 'overdue'
  `.execute(t.database.db);
  return Number(rows[0]!.n);
}

/** Row versions: a row rewritten, even with the same values, gets a new xmin. */
async function rowVersions(): Promise<Record<string, string>> {
  const { rows } = await sql<{ id: string; xmin: string }>`select id, xmin::text from invoices`.execute(
    t.database.db,
  );
  return Object.fromEntries(rows.map((row) => [row.id, row.xmin]));
}

beforeAll(async () => {
  t = await startTestApp();
  t.clock.set('2026-11-20T12:00:00Z');
  const client = await t.call('POST', '/api/v1/clients', { name: 'Late Payers', currency: 'USD' });
  clientId = client.body.id;
});

afterAll(async () => {
  await t?.close();
});

describe('overdue sweep', () => {
  it('notes exactly the invoices the straightforward query finds, in batches, once', async () => {
    for (const day of ['01', '03', '05', '07', '09', '11', '13']) await invoice(`2026-10-${day}`, 'net_15');
    for (const day of ['10', '12', '14']) await invoice(`2026-11-${day}`, 'net_15'); // due 25 to 29 November
    await invoice('2026-10-02', 'net_15', false); // a draft
    const paid = await invoice('2026-10-04', 'net_15');
    expect(
      (await t.call('POST', `/api/v1/invoices/${paid}/payments`, { amount: '100', method: 'cash' })).status,
    ).toBe(201);
    const voided = await invoice('2026-10-06', 'net_15');
    expect((await t.call('POST', `/api/v1/invoices/${voided}/void`, { reason: 'Duplicate' })).status).toBe(
      200,
    );

    const today = '2026-11-20';
    expect(await missingEvents(today)).toHaveLength(7);
    expect(await sweep()).toEqual({ recorded: 7 });
    expect(progress.map((p) => p.done)).toEqual([3, 3, 1]);
    expect(await missingEvents(today)).toEqual([]);
    expect(await overdueEventCount()).toBe(7);
  });

  it('rewrites nothing when nothing is new', async () => {
    const before = await rowVersions();
    const events = await overdueEventCount();
    progress.length = 0;
    expect(await sweep()).toEqual({ recorded: 0 });
    expect(await sweep()).toEqual({ recorded: 0 });
    expect(await rowVersions()).toEqual(before);
    expect(await overdueEventCount()).toBe(events);
    expect(progress).toEqual([]);
  });

  it('notes only those that fell due since, as days pass', async () => {
    t.clock.set('2026-11-28T12:00:00Z'); // the invoices due on the 25th and 27th are late now, not the 29th
    const before = await rowVersions();
    expect(await sweep()).toEqual({ recorded: 2 });
    expect(await missingEvents('2026-11-28')).toEqual([]);
    const after = await rowVersions();
    expect(Object.keys(after).filter((id) => after[id] !== before[id])).toHaveLength(2);
  });

  it('comes back for an invoice whose due date moved, and for a paid one a refund reopened', async () => {
    const moved = ids[0]!;
    // Any writer that moves the due date brings it back, a hand-written UPDATE included.
    await sql`update invoices set due_date = '2026-11-27' where id = ${moved}`.execute(t.database.db);
    const reopened = ids[11]!; // paid before it fell due, so never noted; a refund leaves a balance
    const payments = await t.call('GET', `/api/v1/invoices/${reopened}/payments`);
    const refund = await t.call(
      'POST',
      `/api/v1/invoices/${reopened}/payments/${payments.body.items[0].id}/refund`,
      { amount: '40' },
    );
    expect(refund.status).toBe(200);
    expect(await missingEvents('2026-11-28')).toEqual(expect.arrayContaining([moved, reopened]));

    expect(await sweep()).toEqual({ recorded: 2 });
    expect(await missingEvents('2026-11-28')).toEqual([]);
    // What the straightforward sweep would add now: nothing.
    const { numAffectedRows } = await sql`
      insert into invoice_events (invoice_id, type, from_status, to_status, actor_type, actor_name, data)
      select i.id, 'overdue', i.status, 'overdue', 'system', 'Remit', jsonb_build_object('dueDate', i.due_date::text)
      from invoices i
      where i.status in ('sent', 'viewed', 'partially_paid')
        and i.total_minor - i.amount_paid_minor - i.amount_credited_minor > 0
        and i.due_date < '2026-11-28'
      on conflict do nothing
    `.execute(t.database.db);
    expect(numAffectedRows).toBe(0n);
    expect(await sweep()).toEqual({ recorded: 0 });
  });
});
