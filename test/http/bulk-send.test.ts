import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDueEmails } from '../../src/services/email/deliver-due-emails.ts';
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

function bulkSend(body: unknown, key = randomUUID()) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/invoices/bulk-send',
    headers: { authorization: `Bearer ${t.adminToken}`, 'idempotency-key': key },
    payload: body as object,
  });
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
  acme = await createClient('Acme Retail', ['priya@acme.example', 'sam@acme.example']);
  silent = await createClient('No Email Ltd', ['']);
});

afterAll(async () => {
  await t.mailer.close?.();
  await smtp.close();
  await t.close();
});

describe('POST /invoices/bulk-send', () => {
  it('queues the issued invoices, says why each other one was skipped, and counts the emails as they leave', async () => {
    const issued = [await createInvoice(acme), await createInvoice(acme), await createInvoice(acme)];
    const draft = await createInvoice(acme, 'draft');
    const voided = await createInvoice(acme, 'void');
    const unreachable = await createInvoice(silent);
    const unknown = randomUUID();
    const response = await bulkSend({
      invoiceIds: [...issued, draft, voided, unreachable, unknown, issued[0]],
    });
    expect(response.statusCode).toBe(201);
    const bulk = response.json();
    expect(response.headers.location).toBe(`/api/v1/invoices/bulk-send/${bulk.id}`);
    expect(bulk).toMatchObject({
      invoices: { requested: 7, queued: 3, skipped: 4 },
      emails: { total: 6, waiting: 6, sent: 0, failed: 0, notSent: 0 },
      done: false,
      issueDrafts: false,
    });
    expect(bulk.skipped.map((s: { invoiceId: string; reason: string }) => [s.invoiceId, s.reason])).toEqual([
      [draft, 'draft'],
      [voided, 'void'],
      [unreachable, 'no_recipients'],
      [unknown, 'not_found'],
    ]);
    expect(bulk.skipped[2].message).toMatch(/no contact with an email address/);
    // The draft stayed a draft.
    expect((await t.call('GET', `/api/v1/invoices/${draft}`)).body.status).toBe('draft');

    const before = smtp.messages.length;
    expect(await deliverDueEmails(t.deps, t.mailer)).toMatchObject({ sent: 6 });
    expect(smtp.messages.length - before).toBe(6);
    const progress = await t.call('GET', `/api/v1/invoices/bulk-send/${bulk.id}`);
    expect(progress.status).toBe(200);
    expect(progress.body).toMatchObject({ emails: { total: 6, waiting: 0, sent: 6 }, done: true });
    // Each invoice's timeline says its emails were queued and sent, as for a single send.
    const events = await t.call('GET', `/api/v1/invoices/${issued[1]}/events`);
    expect(events.body.items.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['email_queued', 'email_sent']),
    );
  });

  it('sends every invoice a list filter matches, issuing drafts when asked', async () => {
    const client = await createClient('Filtered Co', ['ap@filtered.example']);
    const drafts = [await createInvoice(client, 'draft'), await createInvoice(client, 'draft')];
    await createInvoice(client);
    const response = await bulkSend({ filter: { clientId: client, status: ['draft'] }, issueDrafts: true });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      invoices: { requested: 2, queued: 2, skipped: 0 },
      emails: { total: 2 },
    });
    for (const id of drafts) {
      const invoice = (await t.call('GET', `/api/v1/invoices/${id}`)).body;
      expect(invoice.status).toBe('sent');
      expect(invoice.number).toBeTruthy();
    }
  });

  it('answers a retry with the same Idempotency-Key with the first result, queuing nothing more', async () => {
    const id = await createInvoice(acme);
    const key = randomUUID();
    const first = await bulkSend({ invoiceIds: [id] }, key);
    const again = await bulkSend({ invoiceIds: [id] }, key);
    expect(again.statusCode).toBe(201);
    expect(again.json().id).toBe(first.json().id);
    const emails = await t.deps.db
      .selectFrom('email_outbox')
      .select('id')
      .where('invoice_id', '=', id)
      .execute();
    expect(emails).toHaveLength(2);
  });

  it('refuses a request naming neither invoices nor a filter, both, or a filter matching nothing', async () => {
    for (const [body, field] of [
      [{}, 'invoiceIds'],
      [{ invoiceIds: [randomUUID()], filter: {} }, 'invoiceIds'],
      [{ filter: { q: 'no invoice has this' } }, 'filter'],
      [{ invoiceIds: ['nope'] }, 'invoiceIds.0'],
    ] as const) {
      const response = await bulkSend(body);
      expect(response.statusCode, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(response.statusCode).toBeLessThan(500);
      expect(JSON.stringify(response.json())).toContain(field);
    }
    expect((await t.call('GET', `/api/v1/invoices/bulk-send/${randomUUID()}`)).status).toBe(404);
  });
});
