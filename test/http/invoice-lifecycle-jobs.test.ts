import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../src/db/client.ts';
import { deliverDueEmails } from '../../src/services/email/deliver-due-emails.ts';
import { markInvoiceViewed } from '../../src/services/invoices/mark-invoice-viewed.ts';
import { runOverdueSweep } from '../../src/services/invoices/run-overdue-sweep.ts';
import { runReminders } from '../../src/services/reminders/run-reminders.ts';
import { type SendingTestApp, startSendingApp } from '../support/sending-app.ts';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';

let t: SendingTestApp;
let smtp: TestSmtpServer;
let clientId: string;
let contactId: string;
let otherContactId: string;

/** An invoice issued on 2026-11-25, due 2026-12-10 (net_15). */
async function issuedInvoice(): Promise<string> {
  t.clock.set('2026-11-25T10:00:00Z');
  const created = await t.call('POST', '/api/v1/invoices', {
    clientId,
    issueDate: '2026-11-25',
    paymentTerms: 'net_15',
    lines: [{ description: 'Retainer', quantity: '1', unitPrice: '500' }],
  });
  expect(created.status).toBe(201);
  expect((await t.call('POST', `/api/v1/invoices/${created.body.id}/send`, {})).status).toBe(200);
  return created.body.id;
}

async function events(invoiceId: string, type: string) {
  const list = await t.call('GET', `/api/v1/invoices/${invoiceId}/events`);
  return list.body.items.filter((e: { type: string }) => e.type === type);
}

beforeAll(async () => {
  t = await startSendingApp();
  smtp = await startSmtpServer();
  await t.call('PATCH', '/api/v1/settings', { businessName: 'Studio North', timeZone: 'Pacific/Auckland' });
  await t.call('PUT', '/api/v1/settings/smtp', {
    host: '127.0.0.1',
    port: smtp.port,
    security: 'none',
    fromAddress: 'billing@studio.example',
  });
  const client = await t.call('POST', '/api/v1/clients', {
    name: 'Acme Retail',
    currency: 'USD',
    contacts: [{ name: 'Priya Shah', email: 'priya@acme.example' }],
  });
  clientId = client.body.id;
  contactId = client.body.contacts[0].id;
  const other = await t.call('POST', '/api/v1/clients', {
    name: 'Other Co',
    currency: 'USD',
    contacts: [{ name: 'Olga', email: 'olga@other.example' }],
  });
  otherContactId = other.body.contacts[0].id;
});

afterAll(async () => {
  await smtp.close();
  await t.close();
});

describe('viewed', () => {
  it('the first open by a contact makes it Viewed with the time; later opens only count; staff views do not', async () => {
    const id = await issuedInvoice();
    await t.call('GET', `/api/v1/invoices/${id}`);
    expect((await t.call('GET', `/api/v1/invoices/${id}`)).body.status).toBe('sent');

    t.clock.set('2026-11-26T08:30:00Z');
    const first = await markInvoiceViewed(t.deps, { invoiceId: id, contactId });
    expect(first).toEqual({ firstView: true, viewCount: 1, status: 'viewed' });
    t.clock.set('2026-11-27T08:30:00Z');
    const again = await markInvoiceViewed(t.deps, { invoiceId: id, contactId });
    expect(again).toEqual({ firstView: false, viewCount: 2, status: 'viewed' });

    expect((await t.call('GET', `/api/v1/invoices/${id}`)).body.status).toBe('viewed');
    const viewed = await events(id, 'viewed');
    expect(viewed).toHaveLength(1);
    expect(viewed[0]).toMatchObject({
      fromStatus: 'sent',
      toStatus: 'viewed',
      actor: { type: 'contact', id: contactId, name: 'Priya Shah' },
      at: '2026-11-26T08:30:00.000Z',
    });

    // A contact of another client cannot mark it: the client scope is in the query.
    await expect(
      markInvoiceViewed(t.deps, { invoiceId: id, contactId: otherContactId }),
    ).rejects.toMatchObject({
      name: 'NotFoundError',
    });
  });
});

describe('overdue sweep', () => {
  it('records the overdue event once per invoice and due date, in the organisation time zone', async () => {
    const id = await issuedInvoice();
    // 2026-12-10 is the due date; in Auckland (UTC+13) 2026-12-10T10:59Z is already the 11th.
    t.clock.set('2026-12-10T10:00:00Z');
    expect((await runOverdueSweep(t.deps)).recorded).toBe(0);
    expect((await t.call('GET', `/api/v1/invoices/${id}`)).body.status).toBe('sent');

    t.clock.set('2026-12-10T11:30:00Z');
    expect((await t.call('GET', `/api/v1/invoices/${id}`)).body.status).toBe('overdue');
    const other = connectDatabase(t.database.url, { max: 2 });
    try {
      await Promise.all([runOverdueSweep(t.deps), runOverdueSweep({ ...t.deps, db: other.db })]);
    } finally {
      await other.close();
    }
    t.clock.set('2026-12-12T11:30:00Z');
    await runOverdueSweep(t.deps);
    const overdue = await events(id, 'overdue');
    expect(overdue).toHaveLength(1);
    expect(overdue[0]).toMatchObject({
      fromStatus: 'sent',
      toStatus: 'overdue',
      actor: { type: 'system' },
      data: { dueDate: '2026-12-10' },
    });
  });

  it('leaves void invoices alone', async () => {
    const id = await issuedInvoice();
    await t.call('POST', `/api/v1/invoices/${id}/void`, { reason: 'Duplicate' });
    t.clock.set('2026-12-20T12:00:00Z');
    await runOverdueSweep(t.deps);
    expect(await events(id, 'overdue')).toHaveLength(0);
  });
});

describe('reminders', () => {
  it('settings: read by staff, changed by admins, validated', async () => {
    const initial = await t.call('GET', '/api/v1/settings/reminders', undefined, t.financeToken);
    expect(initial.status).toBe(200);
    expect(initial.body).toMatchObject({ enabled: false, onDueDate: true, everyDaysAfter: 7, maxAfter: 3 });
    expect(
      (await t.call('PUT', '/api/v1/settings/reminders', { enabled: true }, t.financeToken)).status,
    ).toBe(403);
    const bad = await t.call('PUT', '/api/v1/settings/reminders', { everyDaysAfter: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('everyDaysAfter');
  });

  it('sends each scheduled reminder once, even with two workers and reruns, and stops when void', async () => {
    // Drain what earlier tests queued, so the counts below are this test's own.
    await deliverDueEmails(t.deps, t.mailer);
    const set = await t.call('PUT', '/api/v1/settings/reminders', {
      enabled: true,
      daysBeforeDue: 3,
      onDueDate: true,
      everyDaysAfter: 7,
      maxAfter: 2,
    });
    expect(set.body).toMatchObject({ enabled: true, daysBeforeDue: 3, maxAfter: 2 });
    const id = await issuedInvoice();
    const stopped = await issuedInvoice();
    await deliverDueEmails(t.deps, t.mailer);
    const before = smtp.messages.length;

    const other = connectDatabase(t.database.url, { max: 2 });
    const slotsSent: string[] = [];
    try {
      // Walk day by day (noon in Auckland) from issue to well past the last slot, two workers each day.
      for (let day = 26; day <= 31 + 31; day++) {
        const date = new Date(Date.UTC(2026, 10, day, 0, 0, 0));
        t.clock.set(date.toISOString());
        const reports = await Promise.all([runReminders(t.deps), runReminders({ ...t.deps, db: other.db })]);
        if (reports.some((r) => r.queued > 0)) slotsSent.push(date.toISOString().slice(0, 10));
        if (day === 31 + 10) {
          // The second invoice is voided after its due-date reminder: nothing more for it.
          await t.call('POST', `/api/v1/invoices/${stopped}/void`, { reason: 'Cancelled order' });
        }
      }
      await Promise.all([
        deliverDueEmails(t.deps, t.mailer),
        deliverDueEmails({ ...t.deps, db: other.db }, t.mailer),
      ]);
    } finally {
      await other.close();
    }
    const reminders = await t.deps.db
      .selectFrom('invoice_reminders')
      .select(['invoice_id', 'slot'])
      .where('invoice_id', 'in', [id, stopped])
      .orderBy('created_at')
      .execute();
    expect(reminders.filter((r) => r.invoice_id === id).map((r) => r.slot)).toEqual([
      '2026-12-10/before:3',
      '2026-12-10/due',
      '2026-12-10/after:1',
      '2026-12-10/after:2',
    ]);
    expect(reminders.filter((r) => r.invoice_id === stopped).map((r) => r.slot)).toEqual([
      '2026-12-10/before:3',
      '2026-12-10/due',
    ]);
    // Local dates in Auckland: 7th, 10th, 17th, 24th (UTC midnight is 13:00 there).
    expect(slotsSent).toEqual(['2026-12-07', '2026-12-10', '2026-12-17', '2026-12-24']);
    // Invoices of earlier tests are open too and get their own reminders: count this test's two.
    const numbers = await Promise.all(
      [id, stopped].map(
        async (invoiceId) => (await t.call('GET', `/api/v1/invoices/${invoiceId}`)).body.number,
      ),
    );
    const received = smtp.messages
      .slice(before)
      .filter((m) => numbers.some((number) => m.subject?.includes(`invoice ${number} `)));
    expect(received).toHaveLength(6);
    expect(new Set(received.map((m) => m.messageId)).size).toBe(6);
    const subjects = received.map((m) => m.subject!.replace(/INV-2026-\d{4}/, 'N')).sort();
    expect(subjects).toEqual([
      'Reminder: invoice N from Studio North, $500.00 due December 10, 2026',
      'Reminder: invoice N from Studio North, $500.00 due December 10, 2026',
      'Reminder: invoice N from Studio North, $500.00 due today, December 10, 2026',
      'Reminder: invoice N from Studio North, $500.00 due today, December 10, 2026',
      'Reminder: invoice N from Studio North, $500.00 overdue since December 10, 2026',
      'Reminder: invoice N from Studio North, $500.00 overdue since December 10, 2026',
    ]);
    expect(received.find((m) => m.subject?.includes('overdue'))!.text).toContain(
      'Overdue since December 10, 2026',
    );
    expect(await events(id, 'reminder_queued')).toHaveLength(4);
  });

  it('a manual reminder goes out now; drafts and void invoices get none', async () => {
    const id = await issuedInvoice();
    await deliverDueEmails(t.deps, t.mailer);
    const before = smtp.messages.length;
    t.clock.set('2026-11-28T10:00:00Z');
    const remind = await t.call('POST', `/api/v1/invoices/${id}/remind`, { message: 'Friendly nudge' });
    expect(remind.status).toBe(200);
    expect(remind.body.emails).toHaveLength(1);
    await deliverDueEmails(t.deps, t.mailer);
    expect(smtp.messages.length).toBe(before + 1);
    expect(smtp.messages.at(-1)!.text).toContain('Friendly nudge');
    const emails = await t.call('GET', `/api/v1/invoices/${id}/emails`);
    expect(emails.body.items.map((e: { kind: string }) => e.kind)).toEqual(['invoice', 'reminder']);

    const draft = await t.call('POST', '/api/v1/invoices', {
      clientId,
      lines: [{ description: 'x', quantity: '1', unitPrice: '1' }],
    });
    expect((await t.call('POST', `/api/v1/invoices/${draft.body.id}/remind`, {})).status).toBe(409);
    await t.call('POST', `/api/v1/invoices/${id}/void`, { reason: 'Cancelled' });
    expect((await t.call('POST', `/api/v1/invoices/${id}/remind`, {})).status).toBe(409);
  });
});
