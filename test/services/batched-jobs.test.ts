/**
 * Reminders and recurring invoices drain all their due work in batches smaller than the work: every item once,
 * progress per batch, nothing more on a rerun, and the same result as the straightforward per-item answer.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/services/context.ts';
import { createRecurringProfile } from '../../src/services/recurring/create-recurring-profile.ts';
import { runRecurringInvoices } from '../../src/services/recurring/run-recurring-invoices.ts';
import { runReminders } from '../../src/services/reminders/run-reminders.ts';
import { type SendingTestApp, startSendingApp } from '../support/sending-app.ts';

let t: SendingTestApp;
let clientId: string;

beforeAll(async () => {
  t = await startSendingApp();
  t.clock.set('2026-11-02T12:00:00Z');
  const client = await t.call('POST', '/api/v1/clients', {
    name: 'Many Invoices Ltd',
    currency: 'USD',
    contacts: [{ name: 'Ines', email: 'ines@many.example' }],
  });
  expect(client.status).toBe(201);
  clientId = client.body.id;
});

afterAll(async () => {
  await t?.close();
});

async function count(query: ReturnType<typeof sql<{ n: string }>>): Promise<number> {
  const { rows } = await query.execute(t.database.db);
  return Number(rows[0]!.n);
}

describe('reminders in batches', () => {
  it('queues the due-date reminder of every invoice, three per transaction, once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      const created = await t.call('POST', '/api/v1/invoices', {
        clientId,
        issueDate: '2026-11-02',
        paymentTerms: 'net_15',
        lines: [{ description: `Job ${i}`, quantity: '1', unitPrice: '120' }],
      });
      ids.push(created.body.id);
      expect((await t.call('POST', `/api/v1/invoices/${created.body.id}/mark-sent`)).status).toBe(200);
    }
    // One already paid: no reminder for it.
    expect(
      (await t.call('POST', `/api/v1/invoices/${ids[7]}/payments`, { amount: '120', method: 'cash' })).status,
    ).toBe(201);
    expect(
      (
        await t.call('PUT', '/api/v1/settings/reminders', {
          enabled: true,
          daysBeforeDue: null,
          onDueDate: true,
        })
      ).status,
    ).toBe(200);

    t.clock.set('2026-11-17T12:00:00Z'); // the due date
    const progress: number[] = [];
    const report = await runReminders(t.deps, { batchSize: 3, onProgress: (p) => progress.push(p.done) });
    expect(report).toEqual({ queued: 7, skipped: 0, failed: 0 });
    expect(progress).toEqual([3, 3, 1]);
    // The straightforward answer: every open invoice with a balance due today has its due-date slot taken.
    expect(
      await count(sql`
        select count(*)::text as n from invoices i
        where i.status in ('sent', 'viewed', 'partially_paid') and i.due_date = '2026-11-17'
          and i.total_minor - i.amount_paid_minor - i.amount_credited_minor > 0
          and not exists (select 1 from invoice_reminders r where r.invoice_id = i.id and r.slot = '2026-11-17/due')`),
    ).toBe(0);
    expect(await count(sql`select count(*)::text as n from invoice_reminders`)).toBe(7);
    expect(await count(sql`select count(*)::text as n from email_outbox where kind = 'reminder'`)).toBe(7);

    expect(await runReminders(t.deps, { batchSize: 3 })).toEqual({ queued: 0, skipped: 0, failed: 0 });
    expect(await count(sql`select count(*)::text as n from email_outbox where kind = 'reminder'`)).toBe(7);
  });
});

describe('recurring invoices in batches', () => {
  it('generates and sends the invoices of every due profile, past any cap, three per transaction, once', async () => {
    t.clock.set('2026-12-01T09:00:00Z');
    for (let i = 0; i < 7; i++) {
      await createRecurringProfile(t.deps, systemActor, {
        clientId,
        frequency: 'monthly',
        startDate: '2026-12-01',
        autoSend: true,
        paymentTerms: 'net_30',
        taxes: [],
        lines: [{ description: `Retainer ${i}`, quantity: '1', unitPrice: '300' }],
      });
    }
    const steps: string[] = [];
    const summary = await runRecurringInvoices(t.deps, {
      batchSize: 3,
      onProgress: (step, p) => steps.push(`${step}:${p.done}`),
    });
    expect(summary.generated).toHaveLength(7);
    expect(summary.sent).toHaveLength(7);
    expect(summary.failed).toEqual([]);
    expect(steps).toEqual(['generate:3', 'generate:3', 'generate:1', 'send:3', 'send:3', 'send:1']);
    // The straightforward answer: one sent invoice per profile, nothing left pending or due.
    expect(
      await count(sql`
        select count(*)::text as n from recurring_periods p join invoices i on i.id = p.invoice_id
        where i.status = 'sent' and not p.send_pending`),
    ).toBe(7);
    expect(
      await count(sql`
        select count(*)::text as n from recurring_profiles where status = 'active' and next_run_date <= '2026-12-01'`),
    ).toBe(0);

    const again = await runRecurringInvoices(t.deps, { batchSize: 3 });
    expect(again.generated).toEqual([]);
    expect(again.sent).toEqual([]);
    expect(await count(sql`select count(*)::text as n from recurring_periods`)).toBe(7);
  });
});
