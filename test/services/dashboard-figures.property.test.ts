/**
 * The dashboard's summary (dashboard_figures, kept by triggers) against a full recomputation from the documents,
 * after every step of random operations through the API: create, issue, edit, pay, refund, delete a payment,
 * credit, apply and refund credit, cancel, void, delete, plus bulk SQL statements that no service makes (the
 * triggers must see those too) and folds of the summary. Then the migration is run again on the data it left, to
 * check that it builds the same summary for existing documents.
 */
import fc from 'fast-check';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as dashboardFigures from '../../src/db/migrations/025-dashboard-figures.ts';
import { foldDashboardFigures } from '../../src/services/dashboard/fold-dashboard-figures.ts';
import { getDashboardSummary } from '../../src/services/dashboard/get-dashboard-summary.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let clientId: string;
const invoices: string[] = [];
const payments: { invoiceId: string; id: string }[] = [];
const creditNotes: string[] = [];

beforeAll(async () => {
  t = await startTestApp();
  t.clock.set('2026-11-20T12:00:00Z');
  const client = await t.call('POST', '/api/v1/clients', {
    name: 'Figures Ltd',
    currency: 'USD',
    contacts: [{ name: 'Ann', email: 'ann@example.com' }],
  });
  expect(client.status, JSON.stringify(client.body)).toBe(201);
  clientId = client.body.id;
});

afterAll(async () => {
  await t?.close();
});

/** Every figure worked out from the documents themselves, as the dashboard did before the summary existed. */
async function recomputed(): Promise<Map<string, string>> {
  const { rows } = await sql<{ key: string; value: string }>`
    with balances as (
      select *, total_minor - amount_paid_minor - amount_credited_minor as balance from invoices
    ),
    counted_payments as (
      select * from payments where status = 'succeeded' and deleted_at is null
    ),
    figures as (
      select currency, 'draft' as figure, null::date as day, 0::bigint as amount, 1 as n
        from invoices where status = 'draft'
      union all
      select currency, 'open', due_date, balance, 1
        from balances where status in ('sent', 'viewed', 'partially_paid') and balance > 0
      union all
      select currency, 'invoiced', date_trunc('month', issue_date)::date, total_minor, 0
        from invoices where status not in ('draft', 'void')
      union all
      select currency, 'invoiced', date_trunc('month', issue_date)::date, -total_minor, 0
        from credit_notes where status = 'issued'
      union all
      select currency, 'credit', null, total_minor - amount_applied_minor - amount_refunded_minor, 1
        from credit_notes
        where status = 'issued' and total_minor - amount_applied_minor - amount_refunded_minor > 0
      union all
      select currency, 'received', date_trunc('month', paid_on)::date, amount_minor, 0 from counted_payments
      union all
      select p.currency, 'received', date_trunc('month', r.refunded_on)::date, -r.amount_minor, 0
        from payment_refunds r join counted_payments p on p.id = r.payment_id
    )
    select concat_ws('|', currency, figure, day) as key, sum(amount) || '/' || sum(n) as value
    from figures group by currency, figure, day
    having sum(amount) <> 0 or sum(n) <> 0
  `.execute(t.database.db);
  return new Map(rows.map((row) => [row.key, row.value]));
}

async function summarised(): Promise<Map<string, string>> {
  const { rows } = await sql<{ key: string; value: string }>`
    select concat_ws('|', currency, figure, day) as key, sum(amount_minor) || '/' || sum(count) as value
    from dashboard_figures group by currency, figure, day
    having sum(amount_minor) <> 0 or sum(count) <> 0
  `.execute(t.database.db);
  return new Map(rows.map((row) => [row.key, row.value]));
}

async function expectSummaryExact(step: string) {
  const expected = Object.fromEntries([...(await recomputed())].sort());
  expect(Object.fromEntries([...(await summarised())].sort()), step).toEqual(expected);
}

const pick = <T>(list: T[], index: number): T | undefined =>
  list.length === 0 ? undefined : list[index % list.length];
const CURRENCIES = ['USD', 'JPY', 'KWD'];
const DATES = ['2026-01-31', '2026-02-01', '2026-06-15', '2026-10-31', '2026-11-01', '2026-11-20'];
const TERMS = ['due_on_receipt', 'net_15', 'net_30'];
const money = (currency: string, units: number) =>
  currency === 'JPY' ? String(units * 100) : currency === 'KWD' ? `${units}.125` : `${units}.50`;

type Step = { kind: string; a: number; b: number; c: number };
const stepArbitrary: fc.Arbitrary<Step> = fc.record({
  kind: fc.constantFrom(
    'create',
    'create',
    'issue',
    'issue',
    'edit',
    'pay',
    'pay',
    'refund',
    'refund',
    'delete_payment',
    'credit',
    'apply_credit',
    'refund_credit',
    'cancel',
    'void',
    'delete',
    'bulk_sql',
    'fold',
  ),
  a: fc.nat(1000),
  b: fc.nat(1000),
  c: fc.integer({ min: 1, max: 400 }),
});

/** One operation; refusals (4xx) are part of the game, a 500 is not. */
async function apply(step: Step): Promise<void> {
  const invoiceId = pick(invoices, step.a);
  const currency = CURRENCIES[step.b % CURRENCIES.length]!;
  const date = DATES[step.b % DATES.length]!;
  let status = 200;
  switch (step.kind) {
    case 'create': {
      const response = await t.call('POST', '/api/v1/invoices', {
        clientId,
        currency,
        issueDate: date,
        paymentTerms: TERMS[step.a % TERMS.length],
        taxes: [],
        lines: [
          { description: 'Work', quantity: String(1 + (step.a % 3)), unitPrice: money(currency, step.c) },
        ],
      });
      status = response.status;
      if (response.status === 201) {
        invoices.push(response.body.id);
        // Most invoices are issued at once, so that payments, refunds and credit find something to work on.
        if (step.c % 4 !== 0)
          status = (await t.call('POST', `/api/v1/invoices/${response.body.id}/mark-sent`)).status;
      }
      break;
    }
    case 'issue':
      if (invoiceId) status = (await t.call('POST', `/api/v1/invoices/${invoiceId}/mark-sent`)).status;
      break;
    case 'edit':
      if (invoiceId) {
        const current = await t.call('GET', `/api/v1/invoices/${invoiceId}`);
        const response = await t.call('PATCH', `/api/v1/invoices/${invoiceId}`, {
          issueDate: date,
          paymentTerms: TERMS[step.b % TERMS.length],
          lines: [{ description: 'Edited', quantity: '1', unitPrice: money(current.body.currency, step.c) }],
        });
        status = response.status;
      }
      break;
    case 'pay':
      if (invoiceId) {
        const current = await t.call('GET', `/api/v1/invoices/${invoiceId}`);
        const balance = current.body.totals?.balanceDue ?? '1';
        const response = await t.call('POST', `/api/v1/invoices/${invoiceId}/payments`, {
          amount: step.c % 3 === 0 ? balance : money(current.body.currency, 1 + (step.c % 50)),
          method: 'bank_transfer',
          paidOn: date,
        });
        status = response.status;
        if (response.status === 201) payments.push({ invoiceId, id: response.body.payment.id });
      }
      break;
    case 'refund': {
      const payment = pick(payments, step.a);
      if (payment) {
        const response = await t.call(
          'POST',
          `/api/v1/invoices/${payment.invoiceId}/payments/${payment.id}/refund`,
          { amount: step.c % 2 === 0 ? '1' : '0.5' },
        );
        status = response.status;
      }
      break;
    }
    case 'delete_payment': {
      const payment = pick(payments, step.a);
      if (payment)
        status = (await t.call('DELETE', `/api/v1/invoices/${payment.invoiceId}/payments/${payment.id}`))
          .status;
      break;
    }
    case 'credit':
      if (invoiceId) {
        const current = await t.call('GET', `/api/v1/invoices/${invoiceId}`);
        const draft = await t.call('POST', `/api/v1/invoices/${invoiceId}/credit-notes`, {
          mode: 'amount',
          amount: money(current.body.currency, 1 + (step.c % 20)),
          reason: 'Goodwill',
        });
        status = draft.status;
        if (draft.status === 201) {
          creditNotes.push(draft.body.id);
          if (step.b % 3 !== 0)
            status = (await t.call('POST', `/api/v1/credit-notes/${draft.body.id}/issue`)).status;
        }
      }
      break;
    case 'apply_credit': {
      const creditNoteId = pick(creditNotes, step.b);
      if (invoiceId && creditNoteId) {
        const response = await t.call('POST', `/api/v1/invoices/${invoiceId}/apply-credit`, {
          creditNoteId,
          amount: '1',
        });
        status = response.status;
      }
      break;
    }
    case 'refund_credit': {
      const creditNoteId = pick(creditNotes, step.b);
      if (creditNoteId)
        status = (
          await t.call('POST', `/api/v1/credit-notes/${creditNoteId}/refunds`, {
            amount: '1',
            method: 'cash',
          })
        ).status;
      break;
    }
    case 'cancel':
      if (invoiceId)
        status = (await t.call('POST', `/api/v1/invoices/${invoiceId}/cancel`, { reason: 'Mistake' })).status;
      break;
    case 'void':
      if (invoiceId)
        status = (await t.call('POST', `/api/v1/invoices/${invoiceId}/void`, { reason: 'Duplicate' })).status;
      break;
    case 'delete':
      if (invoiceId) {
        status = (await t.call('DELETE', `/api/v1/invoices/${invoiceId}`)).status;
        if (status === 200 || status === 204) invoices.splice(invoices.indexOf(invoiceId), 1);
      }
      break;
    case 'bulk_sql':
      // Writes no use case makes, several rows per statement: the summary must follow them all the same.
      await sql`update payment_refunds set refunded_on = refunded_on + 31 where amount_minor % 2 = ${step.a % 2}`.execute(
        t.database.db,
      );
      await sql`update invoices set due_date = due_date - ${step.b % 40}::int where status <> 'draft'`.execute(
        t.database.db,
      );
      if (step.c % 5 === 1) {
        // Rows removed outright (payments are only ever marked deleted by the app).
        await sql`delete from payment_refunds where amount_minor % 3 = 0`.execute(t.database.db);
        await sql`delete from payments p where deleted_at is not null
                  and not exists (select 1 from payment_refunds r where r.payment_id = p.id)`.execute(
          t.database.db,
        );
      }
      if (step.c % 2 === 0)
        await sql`update payments set deleted_at = now() where deleted_at is null and amount_minor % 7 = ${step.b % 7}`.execute(
          t.database.db,
        );
      break;
    case 'fold':
      await foldDashboardFigures(t.deps);
      break;
  }
  expect(status, `${step.kind} answered ${status}`).toBeLessThan(500);
}

describe('dashboard summary', () => {
  it('equals a full recomputation after every random operation, folded or not', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArbitrary, { minLength: 1, maxLength: 12 }), async (steps) => {
        for (const [index, step] of steps.entries()) {
          await apply(step);
          await expectSummaryExact(`after step ${index} (${step.kind})`);
        }
      }),
      { numRuns: 40 },
    );
    // The runs did exercise invoices and payments. Payments recorded through the API are counted, not rows left at
    // the end: the bulk_sql step deletes payments outright, so how many remain depends on the seed.
    expect(invoices.length).toBeGreaterThan(5);
    expect(payments.length).toBeGreaterThan(3);
  }, 90_000);

  it('reads the same dashboard before and after folding', async () => {
    const before = await getDashboardSummary(t.deps);
    await foldDashboardFigures(t.deps);
    const { rows } = await sql<{ n: string }>`
      select count(*)::text as n from (select 1 from dashboard_figures group by currency, figure, day having count(*) > 1) d
    `.execute(t.database.db);
    expect(rows[0]!.n).toBe('0');
    expect(await getDashboardSummary(t.deps)).toEqual(before);
    await expectSummaryExact('after the last fold');
  });

  it('the migration builds the same summary from existing documents', async () => {
    const db = t.database.db as unknown as Kysely<unknown>;
    await dashboardFigures.down(db);
    await dashboardFigures.up(db);
    await expectSummaryExact('after migration 025 ran on existing data');
  });
});
