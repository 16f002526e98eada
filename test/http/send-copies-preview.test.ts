/**
 * The send dialog's API: CC and BCC on every document send reach the SMTP envelope (CC in the headers, BCC not),
 * once per send; bad addresses are a 400 naming the field; POST .../send/preview answers the email exactly as the
 * SMTP server then receives it, and queues, issues and numbers nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDueEmails } from '../../src/services/email/deliver-due-emails.ts';
import { type SendingTestApp, startSendingApp } from '../support/sending-app.ts';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';

let t: SendingTestApp;
let smtp: TestSmtpServer;
let clientId: string;

const LINK_TOKEN = /rl_[A-Za-z0-9_-]{43}/g;

async function ok(method: 'GET' | 'POST' | 'PATCH' | 'PUT', path: string, body?: unknown) {
  const response = await t.call(method, path, body);
  if (response.status >= 300)
    throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

async function deliver() {
  const before = smtp.messages.length;
  await deliverDueEmails(t.deps, t.mailer);
  return { messages: smtp.messages.slice(before), envelopes: smtp.recipients.slice(before) };
}

async function draftInvoice() {
  return ok('POST', '/api/v1/invoices', {
    clientId,
    lines: [{ description: 'Harbour survey', quantity: '3', unitPrice: '410.00' }],
  });
}

async function outboxCount() {
  const row = await t.deps.db
    .selectFrom('email_outbox')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

beforeAll(async () => {
  t = await startSendingApp();
  smtp = await startSmtpServer();
  await ok('PATCH', '/api/v1/settings', { businessName: 'Tidewater Surveys' });
  await ok('PUT', '/api/v1/settings/smtp', {
    host: '127.0.0.1',
    port: smtp.port,
    security: 'none',
    fromName: 'Tidewater Surveys',
    fromAddress: 'billing@tidewater.example',
  });
  const client = await ok('POST', '/api/v1/clients', {
    name: 'Pier Nine Ltd',
    email: 'accounts@piernine.example',
    contacts: [
      { name: 'Maja', email: 'maja@piernine.example' },
      { name: 'Tom', email: 'tom@piernine.example' },
    ],
  });
  clientId = client.id;
});

afterAll(async () => {
  await smtp?.close();
  await t?.close();
});

describe('CC and BCC', () => {
  it('go with the first recipient’s message only: CC in its headers, BCC in the envelope alone', async () => {
    const invoice = await draftInvoice();
    const sent = await t.call('POST', `/api/v1/invoices/${invoice.id}/send`, {
      cc: ['accounts@piernine.example', 'ACCOUNTS@piernine.example'],
      bcc: ['archive@tidewater.example', 'maja@piernine.example'],
    });
    expect(sent.status).toBe(200);
    const { messages, envelopes } = await deliver();
    expect(messages).toHaveLength(2);
    const first = messages.findIndex((mail) => mail.to && JSON.stringify(mail.to).includes('maja@'));
    const second = 1 - first;
    expect(envelopes[first]!.sort()).toEqual([
      'accounts@piernine.example',
      'archive@tidewater.example',
      'maja@piernine.example',
    ]);
    expect(messages[first]!.headers.get('cc')).toMatchObject({ text: 'accounts@piernine.example' });
    expect(messages[first]!.headers.has('bcc')).toBe(false);
    expect(envelopes[second]).toEqual(['tom@piernine.example']);
    expect(messages[second]!.headers.has('cc')).toBe(false);
  });

  it('reach the envelope for quotes, credit notes, reminders and statements too', async () => {
    const copies = { cc: ['cc@piernine.example'], bcc: ['bcc@tidewater.example'] };
    const contactIds = [(await ok('GET', `/api/v1/clients/${clientId}`)).contacts[0].id];
    const quote = await ok('POST', '/api/v1/quotes', {
      clientId,
      issueDate: '2026-11-25',
      validUntil: '2026-12-24',
      lines: [{ description: 'Dock survey', quantity: '1', unitPrice: '900.00' }],
    });
    await ok('POST', `/api/v1/quotes/${quote.id}/send`, { contactIds, ...copies });
    const invoice = await draftInvoice();
    await ok('POST', `/api/v1/invoices/${invoice.id}/send`, { contactIds });
    await ok('POST', `/api/v1/invoices/${invoice.id}/remind`, { contactIds, ...copies });
    const note = await ok('POST', `/api/v1/invoices/${invoice.id}/credit-notes`, {
      mode: 'amount',
      amount: '410.00',
      reason: 'Survey day cancelled',
    });
    await ok('POST', `/api/v1/credit-notes/${note.id}/send`, { contactIds, ...copies });
    await t.call('POST', `/api/v1/clients/${clientId}/statement/send`, {
      from: '2026-11-01',
      to: '2026-11-30',
      recipients: contactIds,
      ...copies,
    });
    const { envelopes } = await deliver();
    const withCopies = envelopes.filter((each) => each.includes('cc@piernine.example'));
    // quote, reminder, credit note (statement emails need statement PDFs, which this delivery has not: failed)
    expect(withCopies.length).toBeGreaterThanOrEqual(3);
    for (const each of withCopies) expect(each).toContain('bcc@tidewater.example');
    const rows = await t.deps.db
      .selectFrom('email_outbox')
      .select(['kind', 'cc', 'bcc'])
      .where('kind', '=', 'statement')
      .execute();
    expect(rows.at(-1)).toEqual({ kind: 'statement', ...copies });
  });

  it('refuses an address that is not one, naming the field, and queues nothing', async () => {
    const invoice = await draftInvoice();
    const before = await outboxCount();
    const response = await t.call('POST', `/api/v1/invoices/${invoice.id}/send`, {
      cc: ['fine@piernine.example', 'not an address'],
    });
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body.errors[0]).toMatchObject({ field: 'cc.1', label: expect.stringContaining('CC') });
    const bcc = await t.call('POST', `/api/v1/quotes/${invoice.id}/send`, { bcc: 'x@y.example' });
    expect(bcc.status).toBe(400);
    expect(bcc.body.errors[0].field).toBe('bcc');
    expect(await outboxCount()).toBe(before);
    expect((await ok('GET', `/api/v1/invoices/${invoice.id}`)).status).toBe('draft');
  });
});

describe('POST .../send/preview', () => {
  it('answers the email exactly as the SMTP server then receives it, without issuing or queueing', async () => {
    const invoice = await draftInvoice();
    const before = await outboxCount();
    const body = {
      subject: 'Your survey invoice',
      message: 'Thanks for the <quick> turnaround.',
      cc: ['cc@piernine.example'],
    };
    const preview = await ok('POST', `/api/v1/invoices/${invoice.id}/send/preview`, body);
    expect(preview).toMatchObject({
      to: { address: 'maja@piernine.example', name: 'Maja' },
      cc: ['cc@piernine.example'],
      bcc: [],
      emailCount: 2,
      subject: 'Your survey invoice',
    });
    expect(preview.html).toContain('Thanks for the &lt;quick&gt; turnaround.');
    expect(await outboxCount()).toBe(before);
    const still = await ok('GET', `/api/v1/invoices/${invoice.id}`);
    expect(still).toMatchObject({ status: 'draft', number: null });

    const sent = await ok('POST', `/api/v1/invoices/${invoice.id}/send`, body);
    expect(preview.html).toContain(sent.invoice.number);
    const { messages } = await deliver();
    const mail = messages.find((each) => JSON.stringify(each.to).includes('maja@'))!;
    expect(mail.subject).toBe(preview.subject);
    expect(String(mail.html).replace(LINK_TOKEN, 'preview')).toBe(preview.html);
    expect(mail.text!.replace(LINK_TOKEN, 'preview').trimEnd()).toBe(preview.text.trimEnd());
  });

  it('previews reminders, quotes, credit notes and statements; unknown ids are 404 and bad input 400', async () => {
    const invoice = await draftInvoice();
    await ok('POST', `/api/v1/invoices/${invoice.id}/mark-sent`);
    const reminder = await ok('POST', `/api/v1/invoices/${invoice.id}/remind/preview`, {});
    expect(reminder.subject).toContain('Reminder');
    const statement = await ok('POST', `/api/v1/clients/${clientId}/statement/send/preview`, {
      from: '2026-11-01',
      to: '2026-11-30',
    });
    expect(statement).toMatchObject({ to: { address: 'maja@piernine.example' }, emailCount: 2 });
    expect(statement.html).toContain('Tidewater Surveys');
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const path of [
      `/api/v1/invoices/${unknown}/send/preview`,
      `/api/v1/quotes/${unknown}/send/preview`,
      `/api/v1/credit-notes/${unknown}/send/preview`,
    ]) {
      expect((await t.call('POST', path, {})).status, path).toBe(404);
    }
    const bad = await t.call('POST', `/api/v1/invoices/${invoice.id}/send/preview`, { subject: 42 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('subject');
  });

  it('shows the HTML on a page of its own with a policy for its inline styles, to its maker only, for ten minutes', async () => {
    const invoice = await draftInvoice();
    const preview = await ok('POST', `/api/v1/invoices/${invoice.id}/send/preview`, {});
    expect(preview.htmlUrl).toMatch(/^\/api\/v1\/email-previews\/[0-9a-f-]{36}$/);
    const page = await t.call('GET', preview.htmlUrl);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toBe(preview.html);
    const policy = String(page.headers['content-security-policy']);
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("style-src 'unsafe-inline'");
    expect(policy).toContain('sandbox');
    expect(policy).toContain("frame-ancestors 'self'");
    expect(policy).not.toContain('script-src');
    expect(page.headers['cache-control']).toBe('private, no-store');

    expect((await t.call('GET', preview.htmlUrl, undefined, t.financeToken)).status).toBe(404);
    expect((await t.call('GET', preview.htmlUrl, undefined, null)).status).toBe(401);
    t.clock.set(new Date(t.clock.now().getTime() + 11 * 60 * 1000).toISOString());
    expect((await t.call('GET', preview.htmlUrl)).status).toBe(404);
  });
});
