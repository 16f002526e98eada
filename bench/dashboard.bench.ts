/**
 * Dashboard benchmark: `npm run bench:dashboard`.
 *
 * Times getDashboardSummary() (the service behind GET /api/v1/dashboard: the settings, then one grouped read of
 * dashboard_figures, the summary triggers keep) on BENCH_INVOICES invoices written by `remit seed-bulk` (lines,
 * payments, five currencies, every status), against two raw SQL queries in the same run on the same database:
 * - the baseline: the same sums read straight from the summary (what the dashboard cannot beat);
 * - the full recomputation the dashboard did before the summary existed (every invoice, payment, refund and
 *   credit note summed on each call), for scale.
 *
 * Environment: BENCH_INVOICES (default 100000), BENCH_ITERATIONS (timed calls, default 200; the recomputation
 * gets a tenth), DATABASE_URL (an existing server to create a throw-away database on; without it an embedded
 * PostgreSQL starts in a temporary directory). The table goes to stdout, progress to stderr.
 */
import { sql } from 'kysely';
import { seedBulk } from '../src/cli/seed-bulk/seed-bulk.ts';
import { connectDatabase, migrateToLatest } from '../src/db/client.ts';
import { systemClock } from '../src/ports.ts';
import { foldDashboardFigures } from '../src/services/dashboard/fold-dashboard-figures.ts';
import { getDashboardSummary } from '../src/services/dashboard/get-dashboard-summary.ts';
import { openBenchDatabase } from './lib/database.ts';
import { envInteger, progress } from './lib/run.ts';
import { timeCalls, timingHeader, timingRow } from './lib/timing.ts';

const INVOICES = envInteger('BENCH_INVOICES', 100_000);
const ITERATIONS = envInteger('BENCH_ITERATIONS', 200);

const database = await openBenchDatabase(progress);
const handle = connectDatabase(database.url, { max: 2 });
try {
  await migrateToLatest(handle.db);
  const deps = { db: handle.db, clock: systemClock };
  progress(`seeding ${INVOICES} invoices`);
  const seeded = await seedBulk(deps, {
    invoices: INVOICES,
    clients: Math.max(1, Math.round(INVOICES / 100)),
    onProgress: (done, total) => progress(`  ${done} / ${total}`),
  });
  progress(`seeded in ${seeded.seconds.toFixed(1)} s; folding the summary`);
  await foldDashboardFigures(deps);
  await sql`analyze dashboard_figures`.execute(handle.db);
  const { rows: size } = await sql<{ n: string }>`select count(*)::text as n from dashboard_figures`.execute(
    handle.db,
  );

  const summary = await getDashboardSummary(deps);
  progress(
    `figures: ${summary.currencies.map((c) => `${c.currency} outstanding ${c.outstanding.amount} (${c.outstanding.count})`).join(', ')}`,
  );
  const today = summary.today;
  const from = `${summary.currencies[0]!.months[0]!.month}-01`;

  const readSummary = () =>
    sql`
      select currency, figure, case when figure in ('invoiced', 'received') and day >= ${from}::date
                                    then to_char(day, 'YYYY-MM') end as month,
             sum(amount_minor), sum(count),
             sum(amount_minor) filter (where figure = 'open' and day < ${today}::date),
             sum(count) filter (where figure = 'open' and day < ${today}::date)
      from dashboard_figures group by 1, 2, 3`.execute(handle.db);
  const recompute = () =>
    sql`
      select currency, count(*) filter (where status = 'draft'),
             sum(total_minor - amount_paid_minor - amount_credited_minor)
               filter (where status in ('sent', 'viewed', 'partially_paid')
                       and total_minor - amount_paid_minor - amount_credited_minor > 0),
             sum(total_minor - amount_paid_minor - amount_credited_minor)
               filter (where status in ('sent', 'viewed', 'partially_paid')
                       and total_minor - amount_paid_minor - amount_credited_minor > 0 and due_date < ${today}::date)
      from invoices where status <> 'void' group by currency
      union all
      select currency, null, sum(total_minor), null from invoices
      where status not in ('draft', 'void') and issue_date >= ${from}::date group by currency, date_trunc('month', issue_date)
      union all
      select p.currency, null, sum(p.amount_minor), null from payments p
      where p.status = 'succeeded' and p.deleted_at is null and p.paid_on >= ${from}::date
      group by p.currency, date_trunc('month', p.paid_on)
      union all
      select currency, null, sum(total_minor - amount_applied_minor - amount_refunded_minor), null
      from credit_notes where status = 'issued' group by currency`.execute(handle.db);

  const baseline = await timeCalls('raw read of the summary', ITERATIONS, readSummary);
  const dashboard = await timeCalls('getDashboardSummary()', ITERATIONS, () => getDashboardSummary(deps));
  const before = await timeCalls(
    'full recomputation',
    Math.max(5, Math.round(ITERATIONS / 10)),
    recompute,
    2,
  );

  console.log(
    `\nDashboard on ${seeded.invoices} invoices, ${seeded.payments} payments (${database.description}); ` +
      `dashboard_figures holds ${size[0]!.n} rows\n`,
  );
  console.log(timingHeader());
  console.log(timingRow('baseline: raw read of the summary', baseline));
  console.log(timingRow('getDashboardSummary()', dashboard));
  console.log(timingRow('before: full recomputation (raw SQL)', before));
  console.log(
    `\nRatio (p95): the dashboard takes ${(dashboard.p95Ms / baseline.p95Ms).toFixed(1)}x the raw summary read ` +
      `(target <= 5x and <= 50 ms); the full recomputation ${(before.p95Ms / dashboard.p95Ms).toFixed(0)}x the dashboard.`,
  );
} finally {
  await handle.close();
  await database.dispose();
}
