import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBulkSends } from '../../src/services/invoices/run-bulk-sends.ts';
import { type SendingTestApp, startSendingApp } from '../support/sending-app.ts';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';

let t: SendingTestApp;
let smtp: TestSmtpServer;
let acme: string;
let silent: string;

async function createClient(name: string, emails: string[]) {
  const created = await t.call('POST', '/api/v1/clients', {
    name,
    currency: 'USD',
    contacts: emails.map((email, i) => ({ name: `Contact ${i}`, email })),
  });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

async function createInvoice(clientId: string, state: 'draft' | 'sent' | 'void' = 'sent') {
  const created = await t.call('POST', '/api/v1/invoices', {
    clientId,
    issueDate: '2026-11-25',
    paymentTerms: 'net_30',
    lines: [{ description: 'Consulting', quantity: '1', unitPrice: '100.00' }],
  });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  if (state !== 'draft') expect((await t.call('POST', `/api/v1/invoices/${id}/mark-sent`)).status).toBe(200);
  if (state === 'void')
    expect((await t.call('POST', `/api/v1/invoices/${id}/void`, { reason: 'Wrong client' })).status).toBe(
      200,
    );
  return id;
}

/** `count` invoices made a few at a time (their order does not matter here). */
async function createInvoices(count: number, clientId: string, state: 'draft' | 'sent' | 'void' = 'sent') {
  const ids: string[] = [];
  while (ids.length < count) {
    const chunk = Math.min(8, count - ids.length);
    ids.push(...(await Promise.all(Array.from({ length: chunk }, () => createInvoice(clientId, state)))));
  }
  return ids;
}

function bulkSend(body: unknown, key = randomUUID()) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/invoices/bulk-send',
    headers: { authorization: `Bearer ${t.adminToken}`, 'idempotency-key': key },
    payload: body as object,
  });
}

async function progress(id: string) {
  const response = await t.call('GET', `/api/v1/invoices/bulk-send/${id}`);
  expect(response.status).toBe(200);
  return response.body;
}

async function outboxOf(bulkSendId: string) {
  return t.deps.db
    .selectFrom('email_outbox')
    .select(['invoice_id', 'to_address', 'state'])
    .where('bulk_send_id', '=', bulkSendId)
    .execute();
}

beforeAll(async () => {
  t = await startSendingApp();
  smtp = await startSmtpServer();
  const saved = await t.call('PUT', '/api/v1/settings/smtp', {
    host: '127.0.0.1',
    port: smtp.port,
    security: 'none',
    fromAddress: 'billing@studio.example',
  });
  expect(saved.status).toBe(200);
  acme = await createClient('Acme Retail', ['priya@acme.example']);
  silent = await createClient('No Email Ltd', ['']);
});

afterAll(async () => {
  await t.mailer.close?.();
  await smtp.close();
  await t.close();
});

describe('POST /invoices/bulk-send: a background job', () => {
  it('answers 202 at once, then sends 120 invoices in batches: progress moves to done, with counts, reasons and each email once', async () => {
    // Drafts issued by the send itself (a number each), invoices sent before (sent again), and ones it cannot send.
    const drafts = await createInvoices(100, acme, 'draft');
    const issued = await createInvoices(8, acme);
    const unreachableDrafts = await createInvoices(6, silent, 'draft');
    const voided = await createInvoices(6, acme, 'void');
    const unknown = randomUUID();
    const chosen = [...drafts, ...issued, ...unreachableDrafts, ...voided, unknown, issued[0]!];

    const response = await bulkSend({ invoiceIds: chosen, issueDrafts: true, subject: 'Your invoice' });
    expect(response.statusCode).toBe(202);
    const queued = response.json();
    expect(response.headers.location).toBe(`/api/v1/invoices/bulk-send/${queued.id}`);
    expect(queued).toMatchObject({
      state: 'queued',
      startedAt: null,
      issueDrafts: true,
      filter: null,
      invoices: { total: 121, pending: 121, sent: 0, skipped: 0, failed: 0 },
      emails: { total: 0 },
      done: false,
    });
    // Nothing was sent by the request itself.
    expect(await outboxOf(queued.id)).toHaveLength(0);
    expect((await t.call('GET', `/api/v1/invoices/${drafts[0]}`)).body.status).toBe('draft');

    // One batch, as a worker would between two polls of the staff app.
    expect(await runBulkSends(t.deps, { batchSize: 50, maxBatches: 1 })).toMatchObject({
      batches: 1,
      sent: 50,
    });
    const midway = await progress(queued.id);
    expect(midway).toMatchObject({
      state: 'running',
      invoices: { total: 121, pending: 71, sent: 50, skipped: 0, failed: 0 },
      emails: { total: 50, waiting: 50 },
      done: false,
    });
    expect(midway.startedAt).toBeTruthy();

    expect(await runBulkSends(t.deps, { batchSize: 50 })).toMatchObject({
      sent: 58,
      skipped: 13,
      finished: 1,
    });
    const finished = await progress(queued.id);
    expect(finished).toMatchObject({
      state: 'done',
      invoices: { total: 121, pending: 0, sent: 108, skipped: 13, failed: 0 },
      emails: { total: 108, waiting: 108 },
      done: false, // its emails are still on their way
      error: null,
      failed: [],
    });
    expect(finished.finishedAt).toBeTruthy();
    expect(
      finished.skipped.map((s: { invoiceId: string; reason: string }) => [s.invoiceId, s.reason]),
    ).toEqual([
      ...unreachableDrafts.map((id) => [id, 'no_recipients']),
      ...voided.map((id) => [id, 'void']),
      [unknown, 'not_found'],
    ]);
    expect(finished.skipped[0].message).toMatch(/no contact with an email address/);
    expect(finished.skipped[6].message).toMatch(/void/);
    // Drafts of the client without an address stay drafts, without a number; the others were issued.
    const skippedDraft = (await t.call('GET', `/api/v1/invoices/${unreachableDrafts[0]}`)).body;
    expect(skippedDraft).toMatchObject({ status: 'draft', number: null });
    expect((await t.call('GET', `/api/v1/invoices/${drafts[0]}`)).body.status).toBe('sent');

    // One email per sent invoice in the outbox (delivery: test/jobs/bulk-send-restart.test.ts).
    const outbox = await outboxOf(queued.id);
    expect(outbox).toHaveLength(108);
    expect(new Set(outbox.map((email) => email.invoice_id))).toEqual(new Set([...issued, ...drafts]));
    expect(new Set(outbox.map((email) => email.invoice_id)).size).toBe(108);
    // Numbers were taken in the order asked, with no gap.
    const numbers = await t.deps.db
      .selectFrom('invoices')
      .select(['id', 'number'])
      .where('id', 'in', drafts)
      .execute();
    const numberOf = new Map(numbers.map((row) => [row.id, Number(row.number?.replace(/\D/g, ''))]));
    const first = numberOf.get(drafts[0]!)!;
    expect(drafts.map((id) => numberOf.get(id))).toEqual(drafts.map((_, i) => first + i));
    // Each invoice's timeline says its email was queued once, by who asked.
    const events = (await t.call('GET', `/api/v1/invoices/${drafts[1]}/events`)).body.items as {
      type: string;
    }[];
    expect(events.filter((event) => event.type === 'email_queued')).toHaveLength(1);
    // Another run finds nothing to do.
    expect(await runBulkSends(t.deps)).toMatchObject({ batches: 0, sent: 0, finished: 0 });
  }, 60_000);

  it('sends every invoice a list filter matched when asked, issuing drafts when asked', async () => {
    const client = await createClient('Filtered Co', ['ap@filtered.example']);
    const drafts = await createInvoices(2, client, 'draft');
    await createInvoice(client);
    const response = await bulkSend({ filter: { clientId: client, status: ['draft'] }, issueDrafts: true });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toMatchObject({
      filter: { clientId: client, status: ['draft'] },
      invoices: { total: 2, pending: 2 },
    });
    await runBulkSends(t.deps);
    expect(await progress(response.json().id)).toMatchObject({
      state: 'done',
      invoices: { sent: 2, skipped: 0 },
      emails: { total: 2 },
    });
    for (const id of drafts) {
      const invoice = (await t.call('GET', `/api/v1/invoices/${id}`)).body;
      expect(invoice.status).toBe('sent');
      expect(invoice.number).toBeTruthy();
    }
  });

  it('marks an invoice failed when the database refuses its emails, and sends the rest of its batch', async () => {
    const [good, bad] = await createInvoices(2, acme);
    await sql
      .raw(`
        create function test_refuse_email() returns trigger language plpgsql as $$
        begin
          if new.invoice_id = '${bad}' then raise exception 'refused for the test'; end if;
          return new;
        end $$;
        create trigger test_refuse_email before insert on email_outbox
          for each row execute function test_refuse_email();
      `)
      .execute(t.deps.db);
    const failures: string[] = [];
    try {
      const bulk = (await bulkSend({ invoiceIds: [bad, good] })).json();
      await runBulkSends(t.deps, { onInvoiceFailed: ({ invoiceId }) => failures.push(invoiceId!) });
      expect(failures).toEqual([bad]);
      expect(await progress(bulk.id)).toMatchObject({
        state: 'done',
        invoices: { total: 2, sent: 1, skipped: 0, failed: 1 },
        failed: [{ invoiceId: bad, message: expect.stringMatching(/unexpected error/) }],
      });
      expect((await outboxOf(bulk.id)).map((email) => email.invoice_id)).toEqual([good]);
    } finally {
      await sql
        .raw('drop trigger test_refuse_email on email_outbox; drop function test_refuse_email();')
        .execute(t.deps.db);
    }
  });

  it('answers a retry with the same Idempotency-Key with the first bulk send, recording nothing more', async () => {
    const id = await createInvoice(acme);
    const key = randomUUID();
    const first = await bulkSend({ invoiceIds: [id] }, key);
    const again = await bulkSend({ invoiceIds: [id] }, key);
    expect(again.statusCode).toBe(202);
    expect(again.json().id).toBe(first.json().id);
    await runBulkSends(t.deps);
    const emails = await t.deps.db
      .selectFrom('email_outbox')
      .select('id')
      .where('invoice_id', '=', id)
      .execute();
    expect(emails).toHaveLength(1);
  });

  it('refuses a request naming neither invoices nor a filter, both, or a filter matching nothing', async () => {
    const jobsBefore = await t.deps.db.selectFrom('bulk_sends').select('id').execute();
    for (const [body, field] of [
      [{}, 'invoiceIds'],
      [{ invoiceIds: [randomUUID()], filter: {} }, 'invoiceIds'],
      [{ filter: { q: 'no invoice has this' } }, 'filter'],
      [{ invoiceIds: ['nope'] }, 'invoiceIds.0'],
      [{ filter: { status: ['lost'] } }, 'filter.status.0'],
    ] as const) {
      const response = await bulkSend(body);
      expect(response.statusCode, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(response.statusCode).toBeLessThan(500);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(JSON.stringify(response.json())).toContain(field);
    }
    expect(await t.deps.db.selectFrom('bulk_sends').select('id').execute()).toHaveLength(jobsBefore.length);
    expect((await t.call('GET', `/api/v1/invoices/bulk-send/${randomUUID()}`)).status).toBe(404);
  });

  it('is open to finance staff, and closed without credentials', async () => {
    const id = await createInvoice(acme);
    const asFinance = await t.call(
      'POST',
      '/api/v1/invoices/bulk-send',
      { invoiceIds: [id] },
      t.financeToken,
    );
    expect(asFinance.status).toBe(202);
    expect(asFinance.body.createdBy).toBeTruthy();
    expect(
      (await t.call('GET', `/api/v1/invoices/bulk-send/${asFinance.body.id}`, undefined, null)).status,
    ).toBe(401);
    await runBulkSends(t.deps);
  });
});
