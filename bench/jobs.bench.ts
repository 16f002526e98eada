/**
 * Background jobs benchmark: `npm run bench:jobs`.
 *
 * On BENCH_INVOICES invoices written by `remit seed-bulk`, each job against set-based raw SQL doing the same writes
 * in the same run on the same database (run first, in a transaction that is rolled back, so both meet the same data):
 * - overdue sweep: the first run (every overdue invoice noted), then runs with nothing new (target <= 100 ms), against
 *   the sweep as it was (one INSERT ... ON CONFLICT DO NOTHING over every overdue invoice);
 * - reminders: BENCH_DUE invoices falling due today (default 5,000), every contact of their clients emailed through
 *   the outbox (target <= 2x the raw SQL of lib/raw-reminders.ts, which writes the same rows, links and body sizes
 *   from stored totals, with no totals engine or locale formatting);
 * - recurring invoices: BENCH_DUE monthly profiles due today, generated as drafts (target <= 2x the raw SQL, which
 *   copies the lines but runs no totals engine).
 *
 * Environment: BENCH_INVOICES (default 100000), BENCH_DUE (default 5000), BENCH_ITERATIONS (timed sweeps with
 * nothing new, default 50), DATABASE_URL (a server to create a throw-away database on; without it an embedded
 * PostgreSQL starts in a temporary directory). The table goes to stdout, progress (job batches included) to stderr.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { seedBulk } from '../src/cli/seed-bulk/seed-bulk.ts';
import { connectDatabase, type Db, migrateToLatest } from '../src/db/client.ts';
import { todayIn } from '../src/domain/dates.ts';
import { systemClock } from '../src/ports.ts';
import { systemActor } from '../src/services/context.ts';
import { runOverdueSweep } from '../src/services/invoices/run-overdue-sweep.ts';
import { createRecurringProfile } from '../src/services/recurring/create-recurring-profile.ts';
import { runRecurringInvoices } from '../src/services/recurring/run-recurring-invoices.ts';
import { runReminders } from '../src/services/reminders/run-reminders.ts';
import { updateReminderSettings } from '../src/services/reminders/update-reminder-settings.ts';
import { getSettings } from '../src/services/settings/get-settings.ts';
import { openBenchDatabase } from './lib/database.ts';
import { remindersRawSql } from './lib/raw-reminders.ts';
import { envInteger, progress } from './lib/run.ts';
import { timeCalls, timingHeader, timingRow } from './lib/timing.ts';

const INVOICES = envInteger('BENCH_INVOICES', 100_000);
const DUE = envInteger('BENCH_DUE', 5_000);
const ITERATIONS = envInteger('BENCH_ITERATIONS', 50);

async function once<T>(what: string, run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await run();
  const ms = performance.now() - started;
  progress(`${what}: ${(ms / 1000).toFixed(2)} s`);
  return { ms, value };
}

/** Runs raw SQL in a transaction that is rolled back: the writes are made and timed, the data stays as it was. */
async function rolledBack(db: Db, statement: ReturnType<typeof sql>): Promise<number> {
  let rows = 0;
  await db
    .transaction()
    .execute(async (trx) => {
      const result = await statement.execute(trx);
      const first = result.rows[0] as Record<string, unknown> | undefined;
      rows = Number(result.numAffectedRows ?? (first ? Object.values(first)[0] : 0));
      throw new RolledBack();
    })
    .catch((error) => {
      if (!(error instanceof RolledBack)) throw error;
    });
  return rows;
}
class RolledBack extends Error {}

const database = await openBenchDatabase(progress);
const handle = connectDatabase(database.url, { max: 4 });
try {
  await migrateToLatest(handle.db);
  const deps = {
    db: handle.db,
    clock: systemClock,
    appUrl: 'http://localhost:3000',
    secretKey: randomBytes(32),
  };
  progress(`seeding ${INVOICES} invoices`);
  const seeded = await seedBulk(deps, {
    invoices: INVOICES,
    clients: Math.max(1, Math.round(INVOICES / 100)),
    onProgress: (done, total) => progress(`  ${done} / ${total}`),
  });
  const today = todayIn((await getSettings(handle.db)).time_zone, systemClock.now());
  const batchLog = (job: string) => (p: { batch: number; done: number; total: number }) =>
    progress(`  ${job} batch ${p.batch}: ${p.done} (total ${p.total})`);

  // Overdue sweep.
  const sweepBefore = sql`
    insert into invoice_events (invoice_id, type, from_status, to_status, actor_type, actor_name, data)
    select i.id, 'overdue', i.status, 'overdue', 'system', 'Remit',
           jsonb_build_object('dueDate', i.due_date::text, 'today', ${today}::text)
    from invoices i
    where i.status in ('sent', 'viewed', 'partially_paid')
      and i.total_minor - i.amount_paid_minor - i.amount_credited_minor > 0 and i.due_date < ${today}::date
    on conflict do nothing`;
  const firstRaw = await once('overdue, first run: raw statement (rolled back)', () =>
    rolledBack(handle.db, sweepBefore),
  );
  const first = await once('overdue, first run: runOverdueSweep()', () =>
    runOverdueSweep(deps, { onProgress: batchLog('overdue') }),
  );
  const nothingNew = await timeCalls('overdue sweep, nothing new', ITERATIONS, () => runOverdueSweep(deps));
  const beforeNothingNew = await timeCalls(
    'sweep as it was, nothing new',
    Math.max(5, Math.round(ITERATIONS / 5)),
    () => sweepBefore.execute(handle.db),
    1,
  );

  // Reminders: DUE open invoices with a balance fall due today.
  await sql`
    update invoices set due_date = ${today}::date
    where id in (select id from invoices where status in ('sent', 'viewed', 'partially_paid')
                   and total_minor - amount_paid_minor - amount_credited_minor > 0
                 order by id limit ${DUE})`.execute(handle.db);
  await updateReminderSettings(deps, {
    enabled: true,
    daysBeforeDue: null,
    onDueDate: true,
    everyDaysAfter: null,
  });
  const remindersRaw = remindersRawSql(today);
  const remindersBaseline = await once(`reminders: raw SQL for ${DUE} (rolled back)`, () =>
    rolledBack(handle.db, remindersRaw),
  );
  const reminders = await once(`reminders: runReminders() for ${DUE}`, () =>
    runReminders(deps, { onProgress: batchLog('reminders') }),
  );

  // Recurring: DUE monthly profiles due today, copies of one made through the service.
  const client = await sql<{ id: string }>`select id from clients where currency = 'USD' limit 1`.execute(
    handle.db,
  );
  const template = await createRecurringProfile(deps, systemActor, {
    clientId: client.rows[0]!.id,
    frequency: 'monthly',
    startDate: today,
    paymentTerms: 'net_30',
    taxes: [{ name: 'Sales tax', rate: '8.875' }],
    lines: [
      { description: 'Monthly retainer', quantity: '1', unitPrice: '1500.00' },
      { description: 'Hosting', quantity: '3', unitPrice: '49.90' },
    ],
  });
  await sql`
    insert into recurring_profiles (name, client_id, currency, payment_terms, discount, taxes, lines, frequency,
                                    interval, day_of_month, on_last_day, start_date, next_run_date)
    select name, client_id, currency, payment_terms, discount, taxes, lines, frequency, interval, day_of_month,
           on_last_day, start_date, next_run_date
    from recurring_profiles, generate_series(2, ${DUE}) where id = ${template.id}`.execute(handle.db);
  const recurringRaw = sql`
    with due as (
      select gen_random_uuid() as invoice_id, p.* from recurring_profiles p
      where p.status = 'active' and p.next_run_date <= ${today}::date
      for update
    ),
    periods as (
      insert into recurring_periods (profile_id, period_date, outcome, invoice_id)
      select id, next_run_date, 'generated', invoice_id from due returning 1
    ),
    drafts as (
      insert into invoices (id, status, client_id, currency, issue_date, due_date, payment_terms, taxes,
                            tax_rounding, invoice_discount_mode, total_minor)
      select invoice_id, 'draft', client_id, currency, next_run_date, next_run_date + 30, payment_terms, taxes,
             'per_document', 'before_tax', 0
      from due returning 1
    ),
    lines as (
      insert into invoice_lines (invoice_id, position, description, quantity, unit_price, taxes)
      select d.invoice_id, l.ord, l.value ->> 'description', (l.value ->> 'quantity')::numeric,
             (l.value ->> 'unitPrice')::numeric, coalesce(l.value -> 'taxes', '[]')
      from due d cross join lateral jsonb_array_elements(d.lines) with ordinality as l(value, ord)
      returning 1
    ),
    events as (
      insert into invoice_events (invoice_id, type, to_status, actor_type, actor_name, data)
      select invoice_id, 'created', 'draft', 'system', 'Remit', jsonb_build_object('recurringProfileId', id)
      from due returning 1
    ),
    advanced as (
      update recurring_profiles p set next_run_date = (d.next_run_date + interval '1 month')::date,
                                      generated_count = p.generated_count + 1
      from due d where p.id = d.id returning 1
    )
    select (select count(*) from periods) as periods, (select count(*) from lines) as lines`;
  const recurringBaseline = await once(`recurring: raw SQL for ${DUE} (rolled back)`, () =>
    rolledBack(handle.db, recurringRaw),
  );
  const recurring = await once(`recurring: runRecurringInvoices() for ${DUE}`, () =>
    runRecurringInvoices(deps, { onProgress: (step, p) => batchLog(`recurring ${step}`)(p) }),
  );

  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const row = (name: string, app: number, raw: number, note: string) =>
    `| ${name.padEnd(36)} | ${seconds(app).padStart(9)} | ${seconds(raw).padStart(9)} | ${(app / raw).toFixed(2).padStart(6)}x | ${note} |`;
  console.log(
    `\nJobs on ${seeded.invoices} invoices (${database.description}), ${DUE} due reminders and recurring profiles\n`,
  );
  console.log('| Job                                  |    Remit  |  raw SQL  |  ratio  | what Remit did |');
  console.log('| ------------------------------------ | --------- | --------- | ------- | -------------- |');
  console.log(
    row(
      'overdue sweep, first run',
      first.ms,
      firstRaw.ms,
      `${first.value.recorded} noted (raw: ${firstRaw.value})`,
    ),
  );
  console.log(
    row(
      `reminders, ${DUE} due`,
      reminders.ms,
      remindersBaseline.ms,
      `${reminders.value.queued} queued, ${reminders.value.failed} failed`,
    ),
  );
  console.log(
    row(
      `recurring generation, ${DUE} due`,
      recurring.ms,
      recurringBaseline.ms,
      `${recurring.value.generated.length} drafts, ${recurring.value.failed.length} failed`,
    ),
  );
  console.log(`\nOverdue sweep with nothing new (${ITERATIONS} runs; target p95 <= 100 ms)\n`);
  console.log(timingHeader());
  console.log(timingRow('runOverdueSweep()', nothingNew));
  console.log(timingRow('before: INSERT ... ON CONFLICT over all overdue', beforeNothingNew));
} finally {
  await handle.close();
  await database.dispose();
}
