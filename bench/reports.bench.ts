/**
 * Reports benchmark: `npm run bench:reports`.
 *
 * Times the four report services (aging as of today and as of 90 days ago, tax on an invoice and a cash basis,
 * revenue per month and per client, payments per month) over the last 12 months of BENCH_INVOICES invoices written
 * by `remit seed-bulk` (three years of history, lines with taxes, payments, five currencies), each against a raw
 * SQL baseline in the same run on the same database: the grouped sums alone, without the service's checks, folding
 * and formatting. The background fill of document_tax_amounts (migration 038: the documents the seed's writes
 * queued, computed by the totals engine) is timed first, then the tax report's first call, which finds the figures
 * ready instead of computing them. The tax summary's fill (migration 042: the per-day entries of the documents the
 * seed queued) is timed next; both tax bases are then also compared with a raw read of that summary.
 *
 * Environment: BENCH_INVOICES (default 100000), BENCH_ITERATIONS (timed calls each, default 10), DATABASE_URL (an
 * existing server to create a throw-away database on; without it an embedded PostgreSQL starts in a temporary
 * directory), BENCH_PG_DIR and BENCH_PG_SHARED_BUFFERS (an embedded PostgreSQL whose seeded database is kept for the
 * next run: see lib/kept-database.ts). The table goes to stdout, progress to stderr.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { connectDatabase, migrateToLatest } from '../src/db/client.ts';
import { addDays, todayIn } from '../src/domain/dates.ts';
import { systemClock } from '../src/ports.ts';
import { fillPendingTaxAmounts } from '../src/services/reports/fill-pending-tax-amounts.ts';
import { fillTaxSummary } from '../src/services/reports/fill-tax-summary.ts';
import { getAgingReport } from '../src/services/reports/get-aging-report.ts';
import { getPaymentsReport } from '../src/services/reports/get-payments-report.ts';
import { getRevenueReport } from '../src/services/reports/get-revenue-report.ts';
import { getTaxReport } from '../src/services/reports/get-tax-report.ts';
import { getClientStatement } from '../src/services/statements/get-client-statement.ts';
import { openKeptBenchDatabase, seedUnlessKept } from './lib/kept-database.ts';
import { envInteger, progress } from './lib/run.ts';
import { timeCalls, timingHeader, timingRow } from './lib/timing.ts';

const INVOICES = envInteger('BENCH_INVOICES', 100_000);
const ITERATIONS = envInteger('BENCH_ITERATIONS', 10);

const database = await openKeptBenchDatabase(progress);
const handle = connectDatabase(database.url, { max: 2 });
try {
  await migrateToLatest(handle.db);
  const deps = { db: handle.db, clock: systemClock };
  progress(`seeding ${INVOICES} invoices`);
  const seeded = await seedUnlessKept(
    deps,
    database,
    {
      invoices: INVOICES,
      clients: Math.max(1, Math.round(INVOICES / 100)),
      onProgress: (done, total) => progress(`  ${done} / ${total}`),
    },
    progress,
  );
  if (!seeded.reused) progress(`seeded in ${seeded.seconds.toFixed(1)} s`);
  await sql`analyze`.execute(handle.db);
  const db = handle.db;
  const today = todayIn('UTC', new Date());
  const from = addDays(today, -364);
  const range = { from, to: today };
  const counted = sql`status = 'succeeded' and deleted_at is null`;

  const rawAging = () =>
    sql`
      select client_id, currency, case when due_date >= ${today}::date then 0
               when due_date >= ${today}::date - 30 then 1 when due_date >= ${today}::date - 60 then 2
               when due_date >= ${today}::date - 90 then 3 else 4 end as bucket,
             sum(total_minor - amount_paid_minor - amount_credited_minor)
      from invoices where status in ('sent', 'viewed', 'partially_paid')
        and total_minor - amount_paid_minor - amount_credited_minor > 0
      group by 1, 2, 3`.execute(db);
  const rawTax = () =>
    sql`
      select i.currency, to_char(i.issue_date, 'YYYY-MM'), t.name, t.rate, sum(t.taxable_minor), sum(t.tax_minor)
      from invoices as i join document_tax_amounts as t on t.document_kind = 'invoice' and t.document_id = i.id
      where i.status not in ('draft', 'void') and i.issue_date between ${from}::date and ${today}::date
      group by 1, 2, 3, 4`.execute(db);
  // The tax report's own reading (migration 042): the per-day summary summed per month and tax.
  const rawTaxSummary = (basis: 'invoice' | 'cash') =>
    sql`
      select currency, to_char(day, 'YYYY-MM'), name, rate, inclusive, compound, vat_category,
             sum(taxable_minor), sum(tax_minor), sum(entries)
      from tax_summary where basis = ${basis} and day between ${from}::date and ${today}::date
      group by 1, 2, 3, 4, 5, 6, 7`.execute(db);
  const rawRevenue = () =>
    sql`
      select currency, to_char(issue_date, 'YYYY-MM'), sum(total_minor),
             sum(total_minor - amount_paid_minor - amount_credited_minor)
               filter (where status in ('sent', 'viewed', 'partially_paid'))
      from invoices where status not in ('draft', 'void') and issue_date between ${from}::date and ${today}::date
      group by 1, 2
      union all
      select currency, to_char(paid_on, 'YYYY-MM'), sum(amount_minor), 0 from payments
      where ${counted} and paid_on between ${from}::date and ${today}::date group by 1, 2`.execute(db);
  const rawPayments = () =>
    sql`
      select currency, to_char(paid_on, 'YYYY-MM'), method, provider, count(*), sum(amount_minor) from payments
      where ${counted} and paid_on between ${from}::date and ${today}::date group by 1, 2, 3, 4`.execute(db);

  // Statements: one client's movements, ledger and aging; twenty clients in turn.
  const { rows: someClients } = await sql<{
    id: string;
  }>`select id from clients order by id limit 20`.execute(db);
  const statementClients = someClients.map((row) => row.id);
  let nextClient = 0;
  const clientInTurn = () => statementClients[nextClient++ % statementClients.length]!;
  const rawStatement = (clientId: string) =>
    sql`
      select currency, sum(total_minor) from invoices
      where client_id = ${clientId} and status <> 'draft' and issue_date <= ${today}::date group by 1
      union all
      select p.currency, sum(p.amount_minor) from payments as p join invoices as i on i.id = p.invoice_id
      where i.client_id = ${clientId} and p.status = 'succeeded' and p.deleted_at is null
        and p.paid_on <= ${today}::date group by 1`.execute(db);

  const fillStarted = performance.now();
  let backgroundFilled = 0;
  for (;;) {
    const { documents } = await fillPendingTaxAmounts(deps);
    if (documents === 0) break;
    backgroundFilled += documents;
  }
  const fillMs = performance.now() - fillStarted;
  progress(`background fill: ${backgroundFilled} documents in ${(fillMs / 1000).toFixed(1)} s`);
  const summaryStarted = performance.now();
  const { documents: summaryFilled } = await fillTaxSummary(db);
  const summaryMs = performance.now() - summaryStarted;
  progress(`tax summary fill: ${summaryFilled} documents in ${(summaryMs / 1000).toFixed(1)} s`);

  const coldStarted = performance.now();
  await getTaxReport(deps, { ...range, period: 'month', basis: 'invoice' });
  const coldMs = performance.now() - coldStarted;
  const { rows: cached } = await sql<{ n: string }>`
    select count(distinct document_id)::text as n from document_tax_amounts`.execute(db);
  progress(`tax report, first call: ${(coldMs / 1000).toFixed(1)} s, ${cached[0]!.n} documents with figures`);
  const cashStarted = performance.now();
  await getTaxReport(deps, { ...range, period: 'month', basis: 'cash' });
  const cashColdMs = performance.now() - cashStarted;

  const rows: [string, Awaited<ReturnType<typeof timeCalls>>][] = [];
  const time = async (name: string, run: () => Promise<unknown>) => {
    rows.push([name, await timeCalls(name, ITERATIONS, run, 2)]);
  };
  await time('raw SQL: open balances in buckets', rawAging);
  await time('aging as of today', () => getAgingReport(deps, {}));
  await time('aging as of 90 days ago', () => getAgingReport(deps, { asOf: addDays(today, -90) }));
  await time('raw SQL: tax sums (invoice basis)', rawTax);
  await time('raw SQL: tax summary (invoice basis)', () => rawTaxSummary('invoice'));
  await time('tax, invoice basis, per month', () =>
    getTaxReport(deps, { ...range, period: 'month', basis: 'invoice' }),
  );
  await time('raw SQL: tax summary (cash basis)', () => rawTaxSummary('cash'));
  await time('tax, cash basis, per month', () =>
    getTaxReport(deps, { ...range, period: 'month', basis: 'cash' }),
  );
  await time('raw SQL: invoiced and collected per month', rawRevenue);
  await time('revenue per month', () => getRevenueReport(deps, { ...range, groupBy: 'month' }));
  await time('revenue per client', () => getRevenueReport(deps, { ...range, groupBy: 'client' }));
  await time('raw SQL: payments per month and method', rawPayments);
  await time('payments per month', () => getPaymentsReport(deps, { ...range, period: 'month' }));
  await time("raw SQL: a client's invoiced and paid sums", () => rawStatement(clientInTurn()));
  await time("a client's statement, last 12 months", () => getClientStatement(deps, clientInTurn(), range));

  console.log(
    `\nReports over ${from} .. ${today} of ${seeded.invoices} invoices, ${seeded.payments} payments ` +
      `(${database.description})\n`,
  );
  console.log(
    `Background fill of document_tax_amounts: ${backgroundFilled} documents in ${(fillMs / 1000).toFixed(1)} s ` +
      `(${((fillMs / Math.max(1, backgroundFilled)) * 1000).toFixed(0)} µs each)\n` +
      `First tax report after it (${cached[0]!.n} documents with figures): ${(coldMs / 1000).toFixed(1)} s; ` +
      `first cash-basis report after it: ${(cashColdMs / 1000).toFixed(1)} s\n` +
      `Tax summary (migration 042) fill of the documents queued by the seed: ${summaryFilled} in ` +
      `${(summaryMs / 1000).toFixed(1)} s\n`,
  );
  console.log(timingHeader());
  for (const [name, timing] of rows) console.log(timingRow(name, timing));
  const p95 = (name: string) => rows.find(([row]) => row === name)![1].p95Ms;
  console.log(
    `\nRatios (p95): aging ${(p95('aging as of today') / p95('raw SQL: open balances in buckets')).toFixed(1)}x its raw SQL, ` +
      `tax ${(p95('tax, invoice basis, per month') / p95('raw SQL: tax sums (invoice basis)')).toFixed(1)}x ` +
      `(${(p95('tax, invoice basis, per month') / p95('raw SQL: tax summary (invoice basis)')).toFixed(1)}x the summary read), ` +
      `tax cash basis ${(p95('tax, cash basis, per month') / p95('raw SQL: tax summary (cash basis)')).toFixed(1)}x the summary read, ` +
      `revenue ${(p95('revenue per month') / p95('raw SQL: invoiced and collected per month')).toFixed(1)}x, ` +
      `payments ${(p95('payments per month') / p95('raw SQL: payments per month and method')).toFixed(1)}x, ` +
      `statement ${(p95("a client's statement, last 12 months") / p95("raw SQL: a client's invoiced and paid sums")).toFixed(1)}x.`,
  );
} finally {
  await handle.close();
  await database.dispose();
}
