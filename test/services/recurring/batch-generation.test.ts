/**
 * The set-based generation of a batch of profiles writes exactly what the one-profile-at-a-time path writes: the
 * same profiles are generated both ways on the same database (the one-by-one run in a transaction rolled back
 * afterwards), and every column of invoices, lines, events, periods and profiles is compared. Then retries: a rerun
 * does nothing more, and a batch whose statements fail is redone profile by profile, the bad profile alone failing.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db, Trx } from '../../../src/db/client.ts';
import { todayIn } from '../../../src/domain/dates.ts';
import type { CatchUpMode } from '../../../src/domain/recurrence.ts';
import { createClient } from '../../../src/services/clients/create-client.ts';
import { updateClient } from '../../../src/services/clients/update-client.ts';
import { systemActor } from '../../../src/services/context.ts';
import { createProject } from '../../../src/services/projects/create-project.ts';
import { createRecurringProfile } from '../../../src/services/recurring/create-recurring-profile.ts';
import { generateProfilesOneByOne } from '../../../src/services/recurring/generate-due-periods.ts';
import { generateDueRecurringInvoices } from '../../../src/services/recurring/generate-due-recurring-invoices.ts';
import type { RecurringProfileInput } from '../../../src/services/recurring/recurring-profile.ts';
import { runRecurringInvoices } from '../../../src/services/recurring/run-recurring-invoices.ts';
import { updateRecurringSettings } from '../../../src/services/recurring/update-recurring-settings.ts';
import type { SendingDeps } from '../../../src/services/sending/sending-deps.ts';
import { createTaxRate } from '../../../src/services/taxes/create-tax-rate.ts';
import { TestClock } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';

let database: TestDatabase;
let deps: SendingDeps;
const clock = new TestClock();
let usd: string;
let jpy: string;
let archived: string;
let projectId: string;
let vatRateId: string;

beforeAll(async () => {
  database = await createTestDatabase({ max: 4 });
  deps = { db: database.db, clock, appUrl: 'https://billing.example.test', secretKey: randomBytes(32) };
  clock.set('2026-01-01T08:00:00Z');
  usd = (await createClient(deps, { name: 'Retainer Ltd', currency: 'USD' })).id;
  jpy = (await createClient(deps, { name: 'Kabushiki KK', currency: 'JPY' })).id;
  archived = (await createClient(deps, { name: 'Former Client', currency: 'USD' })).id;
  projectId = (await createProject(deps, { clientId: usd, name: 'Website' })).id;
  vatRateId = (await createTaxRate(deps, { name: 'VAT', rate: '20' })).id;
});

afterAll(async () => {
  await database.close();
});

beforeEach(async () => {
  await database.db.deleteFrom('recurring_profiles').execute();
  await updateClient(deps, archived, { archived: false });
});

const line = (description: string, quantity: string, unitPrice: string, extra: object = {}) => ({
  description,
  quantity,
  unitPrice,
  ...extra,
});

/** Profiles covering the rules: frequencies, month ends, ends, taxes, discounts, currencies, projects, auto-send. */
async function createProfiles(options: { periodTaken?: boolean } = {}): Promise<string[]> {
  clock.set('2026-01-01T08:00:00Z');
  const inputs: RecurringProfileInput[] = [
    {
      clientId: usd,
      frequency: 'monthly',
      startDate: '2026-01-31',
      paymentTerms: 'net_30',
      taxes: [{ taxRateId: vatRateId }],
      lines: [line('Retainer', '2', '617.25'), line('Hosting', '3', '49.90', { unit: 'MON' })],
    },
    {
      clientId: usd,
      frequency: 'weekly',
      startDate: '2026-01-05',
      endAfterCount: 3,
      paymentTerms: 'due_on_receipt',
      discount: { kind: 'fixed', value: '10.00' },
      taxes: [{ name: 'Sales tax', rate: '8.875' }],
      lines: [line('Cleaning', '1.5', '80', { discount: { kind: 'percent', value: '12.5' } })],
    },
    {
      clientId: usd,
      frequency: 'daily',
      interval: 2,
      startDate: '2026-02-01',
      endDate: '2026-02-20',
      paymentTerms: 'net_7',
      taxes: [
        { name: 'GST', rate: '5', inclusive: true },
        { name: 'QST', rate: '9.975', compound: true },
      ],
      lines: [
        line('Meals', '3', '19.99', { taxes: [{ name: 'Levy', rate: '1.5' }] }),
        line('Snacks', '0.333', '2.10'),
      ],
    },
    {
      clientId: usd,
      projectId,
      frequency: 'quarterly',
      dayOfMonth: 'last',
      startDate: '2026-01-10',
      paymentTerms: 'net_14',
      autoSend: true,
      notes: 'Thank you',
      terms: 'Pay by transfer',
      discount: { kind: 'percent', value: '5' },
      taxes: [],
      lines: [line('Support', '1', '900')],
    },
    {
      clientId: jpy,
      frequency: 'yearly',
      startDate: '2025-03-15',
      paymentTerms: 'net_30',
      taxes: [{ name: 'Consumption tax', rate: '10' }],
      lines: [line('Licence', '7', '1333')],
    },
    {
      clientId: usd,
      frequency: 'monthly',
      startDate: '2026-01-15',
      endAfterCount: 4,
      paymentTerms: 'net_10',
      taxes: [],
      lines: [line('Lessons', '4', '45')],
    },
    {
      clientId: archived,
      frequency: 'monthly',
      startDate: '2026-02-01',
      paymentTerms: 'net_30',
      taxes: [],
      lines: [line('Storage', '1', '99')],
    },
  ];
  const ids: string[] = [];
  for (const input of inputs) ids.push((await createRecurringProfile(deps, systemActor, input)).id);
  if (options.periodTaken) {
    // As if another worker had recorded one period without moving its profile on: it must be passed over.
    await database.db
      .insertInto('recurring_periods')
      .values({ profile_id: ids[5]!, period_date: '2026-03-15', outcome: 'generated' })
      .execute();
  }
  await updateClient(deps, archived, { archived: true });
  return ids;
}

/** Every row the generation wrote, keyed by (profile, period) instead of invoice ids, in a stable order. */
async function snapshot(db: Db | Trx, profileIds: string[]) {
  const periods = await db
    .selectFrom('recurring_periods')
    .selectAll()
    .where('profile_id', 'in', profileIds)
    .orderBy('profile_id')
    .orderBy('period_date')
    .execute();
  const keyOf = new Map(
    periods.flatMap((p) =>
      p.invoice_id ? [[p.invoice_id, `${p.profile_id}/${p.period_date}`] as const] : [],
    ),
  );
  const invoiceIds = [...keyOf.keys()];
  const byKey = <Row extends { invoice_id: string }>(rows: Row[]) =>
    rows
      .map(({ invoice_id, ...rest }) => ({ key: keyOf.get(invoice_id)!, ...rest }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const none = invoiceIds.length === 0;
  const invoices = none
    ? []
    : await db.selectFrom('invoices').selectAll().where('id', 'in', invoiceIds).execute();
  const lines = none
    ? []
    : await db
        .selectFrom('invoice_lines')
        .selectAll()
        .where('invoice_id', 'in', invoiceIds)
        .orderBy('position')
        .execute();
  const events = none
    ? []
    : await db.selectFrom('invoice_events').selectAll().where('invoice_id', 'in', invoiceIds).execute();
  return {
    profiles: await db
      .selectFrom('recurring_profiles')
      .selectAll()
      .where('id', 'in', profileIds)
      .orderBy('id')
      .execute(),
    periods: periods.map(({ invoice_id, ...rest }) => ({ ...rest, invoiced: invoice_id !== null })),
    invoices: byKey(invoices.map(({ id, ...rest }) => ({ invoice_id: id, ...rest }))),
    lines: byKey(lines.map(({ id: _id, ...rest }) => rest)),
    events: byKey(events.map(({ id: _id, ...rest }) => rest)),
  };
}

class RolledBack extends Error {}

/** Periods as "profile/date" keys, sorted: the order profiles are visited in differs between the two loops. */
const sorted = (periods: { profileId: string; periodDate: string }[]) =>
  periods.map((p) => `${p.profileId}/${p.periodDate}`).sort();

/** What the one-profile-at-a-time path writes for these profiles, left unwritten (its transaction rolled back). */
async function oneByOne(profileIds: string[], catchUp: CatchUpMode) {
  const now = clock.now();
  const today = todayIn('UTC', now);
  let seen: {
    outcome: Awaited<ReturnType<typeof generateProfilesOneByOne>>;
    rows: Awaited<ReturnType<typeof snapshot>>;
  };
  await database.db
    .transaction()
    .execute(async (trx) => {
      const outcome: Awaited<ReturnType<typeof generateProfilesOneByOne>> = {
        generated: [],
        missed: [],
        failed: [],
      };
      // As a run does: profiles whose next date is still due after a pass (a period another worker had taken did
      // not use up the count) are handled again, until none is due.
      const failed = new Set<string>();
      for (;;) {
        const due = await trx
          .selectFrom('recurring_profiles')
          .select('id')
          .where('status', '=', 'active')
          .where('next_run_date', '<=', today)
          .orderBy('next_run_date')
          .orderBy('id')
          .execute();
        const ids = due.map((row) => row.id).filter((id) => !failed.has(id));
        if (ids.length === 0) break;
        const pass = await generateProfilesOneByOne(trx, ids, today, catchUp, now);
        outcome.generated.push(...pass.generated);
        outcome.missed.push(...pass.missed);
        outcome.failed.push(...pass.failed);
        for (const { profileId } of pass.failed) failed.add(profileId);
      }
      seen = { outcome, rows: await snapshot(trx, profileIds) };
      throw new RolledBack();
    })
    .catch((error) => {
      if (!(error instanceof RolledBack)) throw error;
    });
  return seen!;
}

describe('set-based batches write what the one-profile path writes', () => {
  it.each([
    ['all', 'per_document', 'before_tax', false],
    ['latest', 'per_line', 'after_tax', false],
    ['all', 'per_line', 'before_tax', true],
  ] as const)(
    'catch-up "%s", tax rounding %s, discount %s, a period already taken: %s',
    async (catchUp, taxRounding, discountMode, periodTaken) => {
      await updateRecurringSettings(deps, { catchUp });
      await database.db
        .updateTable('settings')
        .set({ time_zone: 'UTC', tax_rounding: taxRounding, invoice_discount_mode: discountMode })
        .where('id', '=', 1)
        .execute();
      const ids = await createProfiles({ periodTaken });
      clock.set('2026-07-20T09:00:00Z');

      const expected = await oneByOne(ids, catchUp);
      expect(expected.outcome.generated.length).toBeGreaterThan(catchUp === 'all' ? 20 : 5);
      expect(expected.outcome.failed).toEqual([
        { profileId: ids[6], error: expect.stringContaining('archived') },
      ]);
      if (catchUp === 'latest') expect(expected.outcome.missed.length).toBeGreaterThan(5);

      // Batches of three: several transactions, one of them mixing the failing profile with good ones. Generation
      // only: the automatic sending that a run does next is not part of the comparison. Runs until nothing is due, as
      // the one-profile loop above: a profile still due after its batch may be left for the next run.
      const summary = { generated: [], missed: [], failed: [], batchesRedoneOneByOne: 0 } as Awaited<
        ReturnType<typeof generateDueRecurringInvoices>
      >;
      for (let run = 0; run < 5; run++) {
        const pass = await generateDueRecurringInvoices(deps, todayIn('UTC', clock.now()), catchUp, {
          batchSize: 3,
        });
        summary.generated.push(...pass.generated);
        summary.missed.push(...pass.missed);
        if (run === 0) summary.failed.push(...pass.failed);
        summary.batchesRedoneOneByOne += pass.batchesRedoneOneByOne;
        if (pass.generated.length === 0 && pass.missed.length === 0) break;
      }
      // A period already recorded sends its batch down the one-profile path, which passes over that period.
      expect(summary.batchesRedoneOneByOne).toBe(periodTaken ? 1 : 0);
      expect(summary.failed).toEqual(expected.outcome.failed);
      expect(sorted(summary.missed)).toEqual(sorted(expected.outcome.missed));
      expect(sorted(summary.generated)).toEqual(sorted(expected.outcome.generated));
      const actual = await snapshot(database.db, ids);
      expect(actual.invoices.length).toBe(expected.outcome.generated.length);
      expect(actual).toEqual(expected.rows);
    },
  );
});

describe('retries', () => {
  it('a rerun generates nothing more', async () => {
    await updateRecurringSettings(deps, { catchUp: 'all' });
    const ids = await createProfiles();
    clock.set('2026-07-20T09:00:00Z');
    const first = await runRecurringInvoices(deps, { batchSize: 4 });
    expect(first.generated.length).toBeGreaterThan(20);
    const before = await snapshot(database.db, ids);
    const again = await runRecurringInvoices(deps, { batchSize: 4 });
    expect(again.generated).toEqual([]);
    expect(again.missed).toEqual([]);
    expect(again.failed).toEqual(first.failed);
    expect(await snapshot(database.db, ids)).toEqual(before);
  });

  it('a batch whose writes fail is redone profile by profile: the bad profile alone fails, and is retried', async () => {
    await updateRecurringSettings(deps, { catchUp: 'all' });
    clock.set('2026-01-01T08:00:00Z');
    const jpyProfile = await createRecurringProfile(deps, systemActor, {
      clientId: jpy,
      frequency: 'monthly',
      startDate: '2026-01-20',
      paymentTerms: 'net_30',
      taxes: [],
      lines: [line('Licence', '1', '5000')],
    });
    const usdProfiles = [];
    for (let i = 0; i < 3; i++) {
      usdProfiles.push(
        await createRecurringProfile(deps, systemActor, {
          clientId: usd,
          frequency: 'monthly',
          startDate: '2026-01-20',
          paymentTerms: 'net_30',
          taxes: [],
          lines: [line(`Retainer ${i}`, '1', '300')],
        }),
      );
    }
    // The database refuses the JPY client's invoices, as a constraint the application does not know about would.
    await sql`
      create function refuse_jpy_invoice() returns trigger language plpgsql as $$
      begin
        if new.currency = 'JPY' then raise exception 'JPY invoices are refused today'; end if;
        return new;
      end $$;
      create trigger refuse_jpy_invoice before insert on invoices
        for each row execute function refuse_jpy_invoice();`.execute(database.db);
    try {
      clock.set('2026-03-25T09:00:00Z');
      const summary = await runRecurringInvoices(deps);
      expect(summary.batchesRedoneOneByOne).toBe(1);
      expect(summary.failed).toEqual([{ profileId: jpyProfile.id, error: 'JPY invoices are refused today' }]);
      expect(summary.generated.length).toBe(9);
      expect(new Set(summary.generated.map((g) => g.profileId))).toEqual(
        new Set(usdProfiles.map((p) => p.id)),
      );
      const refused = await database.db
        .selectFrom('recurring_profiles')
        .select(['next_run_date', 'generated_count', 'last_error'])
        .where('id', '=', jpyProfile.id)
        .executeTakeFirstOrThrow();
      expect(refused).toEqual({
        next_run_date: '2026-01-20',
        generated_count: 0,
        last_error: 'Generation failed: JPY invoices are refused today',
      });
      const periods = await database.db
        .selectFrom('recurring_periods')
        .select('period_date')
        .where('profile_id', '=', jpyProfile.id)
        .execute();
      expect(periods).toEqual([]);
    } finally {
      await sql`drop trigger refuse_jpy_invoice on invoices; drop function refuse_jpy_invoice();`.execute(
        database.db,
      );
    }
    const retried = await runRecurringInvoices(deps);
    expect(retried.failed).toEqual([]);
    expect(retried.batchesRedoneOneByOne).toBe(0);
    expect(retried.generated.map((g) => [g.profileId, g.periodDate])).toEqual([
      [jpyProfile.id, '2026-01-20'],
      [jpyProfile.id, '2026-02-20'],
      [jpyProfile.id, '2026-03-20'],
    ]);
    const recovered = await database.db
      .selectFrom('recurring_profiles')
      .select(['next_run_date', 'generated_count', 'last_error'])
      .where('id', '=', jpyProfile.id)
      .executeTakeFirstOrThrow();
    expect(recovered).toEqual({ next_run_date: '2026-04-20', generated_count: 3, last_error: null });
  });
});
