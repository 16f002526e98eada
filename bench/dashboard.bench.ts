/**
 * Dashboard benchmark: `npm run bench:dashboard`.
 *
 * Times getDashboardSummary() (the service behind GET /api/v1/dashboard: three grouped sums in one read-only
 * snapshot, plus the settings) on BENCH_INVOICES invoices (default 10,000) in two currencies over 18 months, with
 * payments and refunds, against a baseline measured in the same run on the same database: a plain
 * `select count(*) from invoices`, the least any figure over every invoice costs.
 *
 * Environment: BENCH_INVOICES (default 10000), BENCH_ITERATIONS (timed calls of each, default 200), DATABASE_URL
 * (an existing server to create a throw-away database on; without it an embedded PostgreSQL is started in a
 * temporary directory). The table goes to stdout, progress to stderr.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { connectDatabase, migrateToLatest } from '../src/db/client.ts';
import { systemClock } from '../src/ports.ts';
import { getDashboardSummary } from '../src/services/dashboard/get-dashboard-summary.ts';
import { openBenchDatabase } from './lib/database.ts';
import { latencyHistogram, percentileMs, recordMs } from './lib/measurement.ts';
import { envInteger, progress } from './lib/run.ts';

const INVOICES = envInteger('BENCH_INVOICES', 10_000);
const ITERATIONS = envInteger('BENCH_ITERATIONS', 200);
const WARMUP = 20;

async function time(what: string, run: () => Promise<unknown>) {
  for (let i = 0; i < WARMUP; i++) await run();
  const histogram = latencyHistogram();
  const started = performance.now();
  for (let i = 0; i < ITERATIONS; i++) {
    const begin = performance.now();
    await run();
    recordMs(histogram, performance.now() - begin);
  }
  const seconds = (performance.now() - started) / 1000;
  progress(`${what}: ${ITERATIONS} calls in ${seconds.toFixed(2)} s`);
  return {
    perSecond: ITERATIONS / seconds,
    medianMs: percentileMs(histogram, 50),
    p99Ms: percentileMs(histogram, 99),
  };
}

const database = await openBenchDatabase(progress);
const handle = connectDatabase(database.url, { max: 2 });
try {
  await migrateToLatest(handle.db);
  const deps = { db: handle.db, clock: systemClock };
  progress(`inserting ${INVOICES} invoices with payments and refunds`);
  // Rows written straight in SQL: the benchmark is about reading them, and the app would take minutes to write
  // this many. Every third invoice is part paid (some with a refund), a few are drafts or void.
  const statements = [
    sql`insert into clients (name) values ('Bench client')`,
    sql`
      insert into invoices (number, status, client_id, currency, issue_date, due_date, payment_terms, tax_rounding,
                            invoice_discount_mode, total_minor, amount_paid_minor)
      select 'B-' || n,
             case when n % 50 = 0 then 'draft' when n % 97 = 0 then 'void' when n % 3 = 0 then 'partially_paid'
                  else 'sent' end,
             (select id from clients limit 1),
             case when n % 4 = 0 then 'JPY' else 'USD' end,
             current_date - (n % 540),
             current_date - (n % 540) + 30,
             'net_30', 'per_document', 'before_tax',
             100000 + n, 0
      from generate_series(1, ${INVOICES}::int) as n`,
    sql`
      insert into payments (invoice_id, amount_minor, currency, paid_on, method)
      select id, total_minor / 2, currency, issue_date + 10, 'bank_transfer'
      from invoices where status = 'partially_paid'`,
    sql`
      insert into payment_refunds (payment_id, invoice_id, amount_minor, refunded_on)
      select p.id, p.invoice_id, 100, p.paid_on + 3
      from payments p join invoices i on i.id = p.invoice_id where i.number ~ '[05]$'`,
    sql`update payments set refunded_minor = 100 where id in (select payment_id from payment_refunds)`,
    sql`
      update invoices i set amount_paid_minor = p.amount_minor - p.refunded_minor
      from payments p where p.invoice_id = i.id`,
    sql`analyze`,
  ];
  for (const statement of statements) await statement.execute(handle.db);

  const summary = await getDashboardSummary(deps);
  progress(
    `figures: ${summary.currencies.map((c) => `${c.currency} outstanding ${c.outstanding.amount} (${c.outstanding.count})`).join(', ')}`,
  );

  const baseline = await time('select count(*)', () => sql`select count(*) from invoices`.execute(handle.db));
  const dashboard = await time('dashboard summary', () => getDashboardSummary(deps));

  const row = (name: string, m: typeof baseline) =>
    `| ${name.padEnd(34)} | ${m.perSecond.toFixed(0).padStart(7)} | ${m.medianMs.toFixed(2).padStart(7)} | ${m.p99Ms.toFixed(2).padStart(7)} |`;
  console.log(
    `\nDashboard summary on ${INVOICES} invoices (${database.description}), ${ITERATIONS} sequential calls\n`,
  );
  console.log(
    `| ${'Measured'.padEnd(34)} | ${'calls/s'.padStart(7)} | ${'median'.padStart(7)} | ${'p99 ms'.padStart(7)} |`,
  );
  console.log(`| ${'-'.repeat(34)} | ${'-'.repeat(7)} | ${'-'.repeat(7)} | ${'-'.repeat(7)} |`);
  console.log(row('baseline: select count(*)', baseline));
  console.log(row('getDashboardSummary()', dashboard));
  console.log(
    `\nRatio: the dashboard takes ${(dashboard.medianMs / baseline.medianMs).toFixed(1)}x the median time of the baseline.`,
  );
} finally {
  await handle.close();
  await database.dispose();
}
