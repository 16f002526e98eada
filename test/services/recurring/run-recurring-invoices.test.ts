import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectDatabase, type DatabaseHandle } from '../../../src/db/client.ts';
import { todayIn } from '../../../src/domain/dates.ts';
import { createClient } from '../../../src/services/clients/create-client.ts';
import { updateClient } from '../../../src/services/clients/update-client.ts';
import { systemActor } from '../../../src/services/context.ts';
import { getInvoice } from '../../../src/services/invoices/get-invoice.ts';
import { createRecurringProfile } from '../../../src/services/recurring/create-recurring-profile.ts';
import { listRecurringHistory } from '../../../src/services/recurring/list-recurring-history.ts';
import { pauseRecurringProfile } from '../../../src/services/recurring/pause-recurring-profile.ts';
import type { RecurringProfileInput } from '../../../src/services/recurring/recurring-profile.ts';
import { resumeRecurringProfile } from '../../../src/services/recurring/resume-recurring-profile.ts';
import { runRecurringInvoices } from '../../../src/services/recurring/run-recurring-invoices.ts';
import { skipNextRecurringInvoice } from '../../../src/services/recurring/skip-next-recurring-invoice.ts';
import { updateRecurringProfile } from '../../../src/services/recurring/update-recurring-profile.ts';
import { updateRecurringSettings } from '../../../src/services/recurring/update-recurring-settings.ts';
import type { SendingDeps } from '../../../src/services/sending/sending-deps.ts';
import { TestClock } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';

let database: TestDatabase;
let deps: SendingDeps;
let clientId: string;
const clock = new TestClock();

beforeAll(async () => {
  database = await createTestDatabase({ max: 10 });
  deps = { db: database.db, clock, appUrl: 'https://billing.example.test', secretKey: randomBytes(32) };
  clientId = (await createClient(deps, { name: 'Retainer Ltd', currency: 'USD' })).id;
});

afterAll(async () => {
  await database.close();
});

beforeEach(async () => {
  // Each test starts with no profiles, UTC and the default catch-up rule.
  await database.db.deleteFrom('recurring_profiles').execute();
  await setTimeZone('UTC');
  await updateRecurringSettings(deps, { catchUp: 'all' });
});

async function setTimeZone(timeZone: string) {
  await database.db.updateTable('settings').set({ time_zone: timeZone }).where('id', '=', 1).execute();
}

async function createProfile(
  input: Partial<RecurringProfileInput> & { startDate: string; frequency: string },
) {
  return createRecurringProfile(deps, systemActor, {
    clientId,
    paymentTerms: 'net_30',
    taxes: [{ name: 'VAT', rate: '20' }],
    lines: [{ description: 'Monthly retainer', quantity: '2', unitPrice: '617.25' }],
    ...input,
  });
}

/** The profile's generated invoices, oldest period first, with their own dates. */
async function generated(profileId: string) {
  return database.db
    .selectFrom('recurring_periods')
    .innerJoin('invoices', 'invoices.id', 'recurring_periods.invoice_id')
    .select([
      'recurring_periods.period_date',
      'invoices.id',
      'invoices.issue_date',
      'invoices.due_date',
      'invoices.status',
      'invoices.total_minor',
    ])
    .where('recurring_periods.profile_id', '=', profileId)
    .orderBy('recurring_periods.period_date')
    .execute();
}

async function runAt(instant: string) {
  clock.set(instant);
  return runRecurringInvoices(deps);
}

describe('month ends and leap years', () => {
  it('bills on the 31st, the last day of February (28 or 29), and the 31st again', async () => {
    const profile = await createProfile({ frequency: 'monthly', startDate: '2027-12-31' });
    expect(profile.nextRunDate).toBe('2027-12-31');
    for (const day of ['2027-12-31', '2028-01-31', '2028-02-29', '2028-03-31', '2028-04-30', '2029-02-28']) {
      await runAt(`${day}T09:00:00Z`);
    }
    const rows = await generated(profile.id);
    // 2028-05-31 ... 2029-01-31 came due in the jump to 2029-02-28 and were caught up, each with its own dates.
    expect(rows.map((row) => row.issue_date)).toEqual([
      '2027-12-31',
      '2028-01-31',
      '2028-02-29',
      '2028-03-31',
      '2028-04-30',
      '2028-05-31',
      '2028-06-30',
      '2028-07-31',
      '2028-08-31',
      '2028-09-30',
      '2028-10-31',
      '2028-11-30',
      '2028-12-31',
      '2029-01-31',
      '2029-02-28',
    ]);
    for (const row of rows) expect(row.issue_date).toBe(row.period_date);
    expect(rows.find((row) => row.issue_date === '2028-02-29')!.due_date).toBe('2028-03-30');
    // Figures come from the totals engine: 2 x 617.25 = 1234.50, VAT 20% = 246.90.
    const invoice = await getInvoice(deps, rows[0]!.id);
    expect(invoice.totals).toMatchObject({ subtotal: '1234.50', taxTotal: '246.90', total: '1481.40' });
    expect(invoice.status).toBe('draft');
  });

  it('end-of-next-month terms give each invoice the last day of the month after its own issue date', async () => {
    const profile = await createProfile({
      frequency: 'monthly',
      startDate: '2028-12-10',
      paymentTerms: 'eom_next',
    });
    for (const day of ['2028-12-10', '2029-01-10', '2029-02-10']) await runAt(`${day}T09:00:00Z`);
    const rows = await generated(profile.id);
    expect(rows.map((row) => [row.issue_date, row.due_date])).toEqual([
      ['2028-12-10', '2029-01-31'],
      ['2029-01-10', '2029-02-28'],
      ['2029-02-10', '2029-03-31'],
    ]);
    expect((await getInvoice(deps, rows[0]!.id)).paymentTerms).toBe('eom_next');
  });

  it('yearly from Feb 29 bills Feb 28 in common years', async () => {
    const profile = await createProfile({
      frequency: 'yearly',
      startDate: '2028-02-29',
      paymentTerms: 'net_14',
    });
    await runAt('2032-03-01T12:00:00Z');
    const rows = await generated(profile.id);
    expect(rows.map((row) => [row.issue_date, row.due_date])).toEqual([
      ['2028-02-29', '2028-03-14'],
      ['2029-02-28', '2029-03-14'],
      ['2030-02-28', '2030-03-14'],
      ['2031-02-28', '2031-03-14'],
      ['2032-02-29', '2032-03-14'],
    ]);
  });
});

describe('time zones and daylight saving', () => {
  it.each([
    ['America/New_York', '2026-03-06T00:00:00Z', '2026-03-11T00:00:00Z'],
    ['America/New_York', '2026-10-30T00:00:00Z', '2026-11-04T00:00:00Z'],
    ['Europe/London', '2026-03-27T00:00:00Z', '2026-04-01T00:00:00Z'],
    ['Europe/London', '2026-10-23T00:00:00Z', '2026-10-28T00:00:00Z'],
  ])(
    'in %s, runs every 30 minutes from %s make one invoice per local day, on that day',
    async (timeZone, from, to) => {
      await setTimeZone(timeZone);
      const startDate = todayIn(timeZone, new Date(from));
      const profile = await createProfile({ frequency: 'daily', startDate });
      const seen: string[] = [];
      const localDays = new Set<string>();
      for (let t = Date.parse(from); t < Date.parse(to); t += 30 * 60 * 1000) {
        const now = new Date(t).toISOString();
        const summary = await runAt(now);
        const today = todayIn(timeZone, new Date(t));
        localDays.add(today);
        for (const period of summary.generated) {
          // Never ahead of the organisation's calendar, even when UTC has already moved on to the next day.
          expect(period.periodDate).toBe(today);
          seen.push(period.periodDate);
        }
      }
      const rows = await generated(profile.id);
      expect(new Set(seen).size).toBe(seen.length);
      expect(rows.map((row) => row.issue_date)).toEqual(seen);
      // Exactly one invoice for each local calendar day the runs saw: none skipped, none doubled.
      expect(seen).toEqual([...localDays]);
    },
  );

  it('decides "today" in the organisation time zone, not UTC', async () => {
    await setTimeZone('America/New_York');
    const profile = await createProfile({ frequency: 'monthly', startDate: '2026-03-08' });
    // 02:00 UTC on March 8 is still March 7 in New York.
    expect((await runAt('2026-03-08T02:00:00Z')).generated).toEqual([]);
    // Midnight in New York on the day clocks spring forward is 05:00 UTC (EST).
    expect((await runAt('2026-03-08T04:59:59Z')).generated).toEqual([]);
    expect((await runAt('2026-03-08T05:00:00Z')).generated.map((p) => p.periodDate)).toEqual(['2026-03-08']);
    expect((await generated(profile.id)).length).toBe(1);
  });
});

describe('catching up after downtime', () => {
  it('"all" creates each missed period once, with its own issue and due dates', async () => {
    const profile = await createProfile({ frequency: 'monthly', startDate: '2026-01-15' });
    await runAt('2026-01-15T08:00:00Z');
    // Down from mid-January to May 20.
    const summary = await runAt('2026-05-20T08:00:00Z');
    expect(summary.generated.map((p) => p.periodDate)).toEqual([
      '2026-02-15',
      '2026-03-15',
      '2026-04-15',
      '2026-05-15',
    ]);
    expect((await runAt('2026-05-20T09:00:00Z')).generated).toEqual([]);
    const rows = await generated(profile.id);
    expect(rows.map((row) => [row.issue_date, row.due_date])).toEqual([
      ['2026-01-15', '2026-02-14'],
      ['2026-02-15', '2026-03-17'],
      ['2026-03-15', '2026-04-14'],
      ['2026-04-15', '2026-05-15'],
      ['2026-05-15', '2026-06-14'],
    ]);
    const view = await database.db
      .selectFrom('recurring_profiles')
      .select(['next_run_date', 'generated_count'])
      .where('id', '=', profile.id)
      .executeTakeFirstOrThrow();
    expect(view).toEqual({ next_run_date: '2026-06-15', generated_count: 5 });
  });

  it('"latest" creates only the most recent period and records the others as missed', async () => {
    await updateRecurringSettings(deps, { catchUp: 'latest' });
    const profile = await createProfile({ frequency: 'monthly', startDate: '2026-01-15' });
    const summary = await runAt('2026-05-20T08:00:00Z');
    expect(summary.generated.map((p) => p.periodDate)).toEqual(['2026-05-15']);
    expect((await generated(profile.id)).map((row) => [row.issue_date, row.due_date])).toEqual([
      ['2026-05-15', '2026-06-14'],
    ]);
    const history = await listRecurringHistory(deps, profile.id, {});
    expect(history.items.map((item) => [item.periodDate, item.outcome])).toEqual([
      ['2026-05-15', 'generated'],
      ['2026-04-15', 'missed'],
      ['2026-03-15', 'missed'],
      ['2026-02-15', 'missed'],
      ['2026-01-15', 'missed'],
    ]);
    expect(history.items[0]!.invoice).toMatchObject({
      issueDate: '2026-05-15',
      total: '1481.40',
      status: 'draft',
    });
    // Missed periods are never generated later, even after switching back to "all".
    await updateRecurringSettings(deps, { catchUp: 'all' });
    expect((await runAt('2026-05-21T08:00:00Z')).generated).toEqual([]);
  });
});

describe('concurrency', () => {
  it('two workers on separate pools running at once never duplicate a period', async () => {
    const second: DatabaseHandle = connectDatabase(database.url, { max: 10 });
    try {
      const profiles = await Promise.all(
        Array.from({ length: 12 }, () => createProfile({ frequency: 'daily', startDate: '2026-11-01' })),
      );
      clock.set('2026-11-25T10:00:00Z');
      const otherDeps: SendingDeps = { ...deps, db: second.db };
      const runs = await Promise.all([
        runRecurringInvoices(deps),
        runRecurringInvoices(otherDeps),
        runRecurringInvoices(deps),
        runRecurringInvoices(otherDeps),
      ]);
      const total = runs.reduce((sum, run) => sum + run.generated.length, 0);
      expect(total).toBe(12 * 25);
      for (const run of runs) expect(run.failed).toEqual([]);
      for (const profile of profiles) {
        const rows = await generated(profile.id);
        expect(rows.length).toBe(25);
        expect(new Set(rows.map((row) => row.issue_date)).size).toBe(25);
      }
      const invoices = await database.db
        .selectFrom('invoice_events')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .where('type', '=', 'created')
        .where((eb) =>
          eb(
            eb.ref('data', '->>').key('recurringProfileId'),
            'in',
            profiles.map((p) => p.id),
          ),
        )
        .executeTakeFirstOrThrow();
      expect(Number(invoices.count)).toBe(12 * 25);
    } finally {
      await second.close();
    }
  });

  it('a period already recorded by another worker is not generated again (unique profile and period)', async () => {
    const profile = await createProfile({ frequency: 'daily', startDate: '2026-11-20' });
    // As if a worker had committed the 22nd and died before moving the profile on.
    await database.db
      .insertInto('recurring_periods')
      .values({ profile_id: profile.id, period_date: '2026-11-22', outcome: 'generated' })
      .execute();
    const summary = await runAt('2026-11-23T10:00:00Z');
    expect(summary.generated.map((p) => p.periodDate)).toEqual(['2026-11-20', '2026-11-21', '2026-11-23']);
    expect((await generated(profile.id)).map((row) => row.issue_date)).toEqual([
      '2026-11-20',
      '2026-11-21',
      '2026-11-23',
    ]);
  });
});

describe('pause, resume, skip, end, edit', () => {
  it('a paused profile generates nothing; resuming bills from the next date on or after today', async () => {
    const profile = await createProfile({ frequency: 'monthly', startDate: '2026-01-15' });
    await runAt('2026-01-15T08:00:00Z');
    clock.set('2026-01-20T08:00:00Z');
    expect((await pauseRecurringProfile(deps, profile.id)).status).toBe('paused');
    expect((await runAt('2026-03-20T08:00:00Z')).generated).toEqual([]);
    const resumed = await resumeRecurringProfile(deps, profile.id);
    expect(resumed).toMatchObject({ status: 'active', nextRunDate: '2026-04-15' });
    expect(resumed.upcomingDates.slice(0, 2)).toEqual(['2026-04-15', '2026-05-15']);
    await runAt('2026-04-15T08:00:00Z');
    expect((await generated(profile.id)).map((row) => row.issue_date)).toEqual(['2026-01-15', '2026-04-15']);
  });

  it('ends after N invoices', async () => {
    const profile = await createProfile({ frequency: 'weekly', startDate: '2026-01-05', endAfterCount: 3 });
    expect(profile.upcomingDates).toEqual(['2026-01-05', '2026-01-12', '2026-01-19']);
    await runAt('2026-06-01T08:00:00Z');
    expect((await generated(profile.id)).map((row) => row.issue_date)).toEqual([
      '2026-01-05',
      '2026-01-12',
      '2026-01-19',
    ]);
    const row = await database.db
      .selectFrom('recurring_profiles')
      .select(['status', 'next_run_date', 'generated_count'])
      .where('id', '=', profile.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'finished', next_run_date: null, generated_count: 3 });
  });

  it('ends after an end date', async () => {
    const profile = await createProfile({
      frequency: 'monthly',
      startDate: '2026-01-31',
      endDate: '2026-04-29',
    });
    await runAt('2026-12-01T08:00:00Z');
    expect((await generated(profile.id)).map((row) => row.issue_date)).toEqual([
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
    ]);
  });

  it('skips the next period only; a skipped period does not count towards the end', async () => {
    clock.set('2026-01-01T08:00:00Z');
    const profile = await createProfile({ frequency: 'monthly', startDate: '2026-01-10', endAfterCount: 2 });
    const skipped = await skipNextRecurringInvoice(deps, profile.id);
    expect(skipped.nextRunDate).toBe('2026-02-10');
    expect(skipped.upcomingDates).toEqual(['2026-02-10', '2026-03-10']);
    expect((await runAt('2026-01-10T08:00:00Z')).generated).toEqual([]);
    await runAt('2026-03-10T08:00:00Z');
    expect((await generated(profile.id)).map((row) => row.issue_date)).toEqual(['2026-02-10', '2026-03-10']);
    const history = await listRecurringHistory(deps, profile.id, {});
    expect(history.items.map((item) => [item.periodDate, item.outcome])).toEqual([
      ['2026-03-10', 'generated'],
      ['2026-02-10', 'generated'],
      ['2026-01-10', 'skipped'],
    ]);
  });

  it('waits while the client is archived and says why on the profile', async () => {
    const archivedClient = await createClient(deps, { name: 'Former Client', currency: 'USD' });
    const profile = await createProfile({
      clientId: archivedClient.id,
      frequency: 'monthly',
      startDate: '2026-01-15',
    });
    clock.set('2026-01-10T08:00:00Z');
    await updateClient(deps, archivedClient.id, { archived: true });
    const summary = await runAt('2026-01-15T08:00:00Z');
    expect(summary.failed).toEqual([{ profileId: profile.id, error: expect.stringContaining('archived') }]);
    expect(await generated(profile.id)).toEqual([]);
    const row = await database.db
      .selectFrom('recurring_profiles')
      .select(['last_error', 'next_run_date'])
      .where('id', '=', profile.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ next_run_date: '2026-01-15', last_error: expect.stringContaining('archived') });
    await updateClient(deps, archivedClient.id, { archived: false });
    await runAt('2026-01-16T08:00:00Z');
    expect((await generated(profile.id)).map((r) => r.issue_date)).toEqual(['2026-01-15']);
  });

  it('edits apply to future invoices only', async () => {
    const profile = await createProfile({ frequency: 'monthly', startDate: '2026-01-15' });
    await runAt('2026-01-15T08:00:00Z');
    clock.set('2026-01-20T08:00:00Z');
    const edited = await updateRecurringProfile(deps, systemActor, profile.id, {
      lines: [{ description: 'Retainer, new rate', quantity: '1', unitPrice: '1500' }],
      paymentTerms: 'net_7',
    });
    expect(edited.totals.total).toBe('1800.00');
    await runAt('2026-02-15T08:00:00Z');
    const [january, february] = await generated(profile.id);
    expect((await getInvoice(deps, january!.id)).totals.total).toBe('1481.40');
    const feb = await getInvoice(deps, february!.id);
    expect(feb).toMatchObject({ issueDate: '2026-02-15', dueDate: '2026-02-22', paymentTerms: 'net_7' });
    expect(feb.lines.map((line) => line.description)).toEqual(['Retainer, new rate']);
    expect(feb.totals.total).toBe('1800.00');

    // A new schedule starts from today: nothing is generated for dates before the edit.
    clock.set('2026-03-20T08:00:00Z');
    const moved = await updateRecurringProfile(deps, systemActor, profile.id, {
      dayOfMonth: 1,
      startDate: '2026-01-01',
    });
    expect(moved.nextRunDate).toBe('2026-04-01');
    await runAt('2026-04-01T08:00:00Z');
    expect((await generated(profile.id)).map((row) => row.issue_date)).toEqual([
      '2026-01-15',
      '2026-02-15',
      '2026-04-01',
    ]);
  });
});
