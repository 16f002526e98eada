/**
 * API benchmark: `npm run bench:api`.
 *
 * Measures two things through the real app over real HTTP, each against a baseline measured in the same run on
 * the same machine, so the printed ratios mean something even where the absolute figures do not travel:
 *
 *   1. GET /api/v1/invoices/:id (10 lines, a tax, discounts; Bearer token) vs. a bare Fastify route returning the
 *      same JSON body: what Remit costs on top of the framework for its most common read.
 *   2. POST /api/v1/invoices (10 lines) vs. raw `pg` transactions inserting the same rows into the same tables:
 *      what Remit costs on top of the database writes every invoice needs anyway.
 *   3. A page of the invoice list sorted by balance due (an order no index serves: every matching row is sorted)
 *      vs. the default newest-first page (walked along its index), over the invoices step 2 wrote: what a user's
 *      sort costs.
 *   4. POST /api/v1/invoices then POST /api/v1/invoices/:id/mark-sent (create and issue, one number series) vs.
 *      raw `pg` transactions writing the same rows and taking the number, one transaction per invoice.
 *
 * Environment: BENCH_SECONDS (measured seconds per run, default 5), BENCH_WARMUP_SECONDS (default 1),
 * BENCH_CONNECTIONS (concurrent requests or transactions, default 10), DATABASE_URL (an existing server to create
 * a throw-away database on; without it an embedded PostgreSQL is started in a temporary directory),
 * BENCH_AUTH_CACHE (1, the default, as `remit start` runs: staff tokens cached per process; 0: read each time),
 * BENCH_VIEW_CACHE (1, the default, as `remit start` runs: invoice views cached per process; 0: read each time).
 *
 * The table goes to stdout, progress to stderr; the figures are also written to test-artifacts/bench-api.json.
 * Exits non-zero if any request failed.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import Fastify from 'fastify';
import pg from 'pg';
import { connectDatabase, migrateToLatest } from '../src/db/client.ts';
import { counterScope, formatDocumentNumber } from '../src/domain/numbering.ts';
import { buildApp } from '../src/http/app.ts';
import { systemClock } from '../src/ports.ts';
import { createApiToken } from '../src/services/auth/create-api-token.ts';
import { createClient } from '../src/services/clients/create-client.ts';
import { type ServiceDeps, systemActor } from '../src/services/context.ts';
import { createInvoice } from '../src/services/invoices/create-invoice.ts';
import type { InvoiceInput } from '../src/services/invoices/invoice-input.ts';
import { getSettings } from '../src/services/settings/get-settings.ts';
import { createTaxRate } from '../src/services/taxes/create-tax-rate.ts';
import { createUser } from '../src/services/users/create-user.ts';
import { openBenchDatabase } from './lib/database.ts';
import { runHttpLoad } from './lib/http-load.ts';
import type { Measurement } from './lib/measurement.ts';
import { copyInvoiceRows, rawInvoiceInserter, rawInvoiceIssuer, runConcurrently } from './lib/raw-inserts.ts';
import { cleanup, envNumber, onCleanup, progress } from './lib/run.ts';

const LINES_PER_INVOICE = 10;
const RESULTS_FILE = new URL('../test-artifacts/bench-api.json', import.meta.url);

const settings = {
  seconds: envNumber('BENCH_SECONDS', 5, 0.1),
  warmupSeconds: envNumber('BENCH_WARMUP_SECONDS', 1, 0),
  connections: Math.round(envNumber('BENCH_CONNECTIONS', 10, 1)),
  authCache: process.env.BENCH_AUTH_CACHE !== '0',
  viewCache: process.env.BENCH_VIEW_CACHE !== '0',
};

// ---------------------------------------------------------------------------------------------------------------
// Fixture

/** A realistic invoice: 10 lines, a saved tax rate on the invoice, percent and fixed discounts. */
function invoiceInput(clientId: string, taxRateId: string): InvoiceInput {
  return {
    clientId,
    currency: 'EUR',
    issueDate: '2026-03-02',
    paymentTerms: 'net_30',
    // A saved rate rather than one written out: resolving it is part of what creating an invoice costs.
    taxes: [{ taxRateId }],
    discount: { kind: 'percent', value: '5' },
    notes: 'Thank you for your business. Payment by bank transfer within 30 days.',
    lines: Array.from({ length: LINES_PER_INVOICE }, (_, i) => ({
      description: `Consulting, week ${i + 1}: architecture review and implementation support`,
      quantity: `${(i % 4) + 1}.5`,
      unitPrice: `${120 + i * 7}.25`,
      // Both discount kinds and undiscounted lines, so every branch of the totals engine runs.
      discount:
        i % 3 === 0
          ? { kind: 'percent', value: '10' }
          : i % 3 === 1
            ? { kind: 'fixed', value: '15.00' }
            : null,
    })),
  };
}

async function seed(deps: ServiceDeps) {
  const admin = await createUser(deps, {
    email: 'bench@example.com',
    name: 'Bench',
    password: 'bench-password-1',
    role: 'admin',
  });
  const { token } = await createApiToken(deps, admin.id, 'bench');
  const vat = await createTaxRate(deps, { name: 'VAT', rate: '20' });
  const client = await createClient(deps, { name: 'Northwind Traders', company: 'Northwind Traders Ltd' });
  const input = invoiceInput(client.id, vat.id);
  const invoice = await createInvoice(deps, systemActor, input);
  return { token, input, invoiceId: invoice.id };
}

/** One request before the load, so a run that would measure 401s or 404s stops here with the reason. */
async function expectJson(url: string, init: RequestInit, status: number): Promise<Record<string, unknown>> {
  const response = await fetch(url, init);
  const text = await response.text();
  if (response.status !== status) {
    throw new Error(`${init.method ?? 'GET'} ${url}: expected ${status}, got ${response.status}: ${text}`);
  }
  return JSON.parse(text) as Record<string, unknown>;
}

function expectLines(body: Record<string, unknown>, what: string): void {
  const lines = body.lines;
  if (!Array.isArray(lines) || lines.length !== LINES_PER_INVOICE) {
    throw new Error(`${what}: expected ${LINES_PER_INVOICE} lines in ${JSON.stringify(body)}`);
  }
}

/** Every number of the series was taken once: as many numbered invoices as the counter's value. */
async function expectGaplessNumbers(pool: pg.Pool): Promise<void> {
  const { rows } = await pool.query<{ numbered: string; counted: string }>(
    `select (select count(*) from invoices where number is not null) as numbered,
       (select coalesce(sum(last_value), 0) from invoice_counters) as counted`,
  );
  if (rows[0]!.numbered !== rows[0]!.counted)
    throw new Error(`invoice numbers have gaps: ${JSON.stringify(rows[0])}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Run

interface Comparison {
  label: string;
  unit: string;
  app: Measurement;
  baselineLabel: string;
  baseline: Measurement;
}

async function main(): Promise<boolean> {
  const database = await openBenchDatabase(progress);
  onCleanup(() => database.dispose());
  progress(`database: ${database.description}`);

  // One pool connection per concurrent request on both sides, so neither queues for connections the other has.
  // At the default 10 connections this is also the app's production pool size.
  const handle = connectDatabase(database.url, { max: settings.connections });
  onCleanup(() => handle.close());
  await migrateToLatest(handle.db);
  const deps: ServiceDeps = { db: handle.db, clock: systemClock };
  const fixture = await seed(deps);

  // 'silent': at 'info' every request would be logged to stdout, measuring pino and mixing into the table.
  const app = await buildApp({
    deps,
    appUrl: 'http://127.0.0.1',
    logLevel: 'silent',
    ...(settings.authCache ? { authCache: { connectionString: database.url } } : {}),
    ...(settings.viewCache ? { invoiceViewCache: { connectionString: database.url } } : {}),
  });
  progress(`staff authentication cache: ${settings.authCache ? 'on' : 'off'}`);
  progress(`invoice view cache: ${settings.viewCache ? 'on' : 'off'}`);
  onCleanup(() => app.close());
  const appUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  const auth = { authorization: `Bearer ${fixture.token}` };
  const load = {
    connections: settings.connections,
    seconds: settings.seconds,
    warmupSeconds: settings.warmupSeconds,
  };

  // 1. GET one invoice vs. bare Fastify serving the same body.
  const invoiceUrl = `${appUrl}/api/v1/invoices/${fixture.invoiceId}`;
  const invoiceBody = await expectJson(invoiceUrl, { headers: auth }, 200);
  expectLines(invoiceBody, 'GET invoice');

  // No plugins, no logger, no schema: Fastify's floor for sending this JSON, which the app also stringifies
  // without a schema (see setSerializerCompiler in src/http/app.ts).
  const bare = Fastify();
  bare.get('/invoice', async () => invoiceBody);
  onCleanup(() => bare.close());
  const bareUrl = `${await bare.listen({ host: '127.0.0.1', port: 0 })}/invoice`;

  progress(`GET app: ${settings.seconds} s after ${settings.warmupSeconds} s warm-up`);
  const getApp = await runHttpLoad({ ...load, url: invoiceUrl, method: 'GET', headers: auth });
  progress('GET bare fastify');
  const getBare = await runHttpLoad({ ...load, url: bareUrl, method: 'GET', headers: {} });

  // 2. POST invoices vs. raw pg inserts of the rows the app writes for one.
  const createUrl = `${appUrl}/api/v1/invoices`;
  const postHeaders = { ...auth, 'content-type': 'application/json' };
  const postBody = JSON.stringify(fixture.input);
  const created = await expectJson(createUrl, { method: 'POST', headers: postHeaders, body: postBody }, 201);
  expectLines(created, 'POST invoice');

  const rawPool = new pg.Pool({ connectionString: database.url, max: settings.connections });
  rawPool.on('error', () => {}); // an idle client dropped by the server must not crash the run
  onCleanup(() => rawPool.end());
  const template = await copyInvoiceRows(rawPool, String(created.id));

  progress('POST app');
  const postApp = await runHttpLoad({
    ...load,
    url: createUrl,
    method: 'POST',
    headers: postHeaders,
    body: postBody,
  });
  progress('raw pg inserts');
  const postRaw = await runConcurrently(rawInvoiceInserter(rawPool, template), {
    concurrency: settings.connections,
    seconds: settings.seconds,
    warmupSeconds: settings.warmupSeconds,
  });

  // 3. A sorted page vs. the default page, over the thousands of invoices step 2 left.
  const listUrl = `${appUrl}/api/v1/invoices?limit=25`;
  const sortedUrl = `${listUrl}&sort=-balanceDue`;
  const sortedPage = await expectJson(sortedUrl, { headers: auth }, 200);
  if (!Array.isArray(sortedPage.items) || sortedPage.items.length !== 25)
    throw new Error('sorted list: expected a full page of 25 invoices');
  const invoiceCount = await rawPool.query<{ n: string }>('select count(*) as n from invoices');
  progress(`list pages over ${invoiceCount.rows[0]?.n} invoices: sorted by balance, then newest first`);
  const listSorted = await runHttpLoad({ ...load, url: sortedUrl, method: 'GET', headers: auth });
  const listDefault = await runHttpLoad({ ...load, url: listUrl, method: 'GET', headers: auth });

  // 4. Create and issue vs. the same rows and the number in one raw transaction, in one series: both take numbers
  // from the same counter, so the numbers must come out gapless across the two.
  progress('POST create + mark-sent');
  const createAndIssue = await runHttpLoad({
    ...load,
    url: createUrl,
    method: 'POST',
    headers: postHeaders,
    body: postBody,
    followUp: { method: 'POST', path: '/api/v1/invoices/:id/mark-sent', headers: auth },
  });
  progress('raw pg inserts + number');
  const pattern = (await getSettings(handle.db)).invoice_number_pattern;
  const issueDate = String(template.invoice.issue_date);
  const issueRaw = await runConcurrently(
    rawInvoiceIssuer(rawPool, template, {
      counterScope: counterScope(pattern, issueDate),
      format: (sequence) => formatDocumentNumber(pattern, sequence, issueDate),
    }),
    { concurrency: settings.connections, seconds: settings.seconds, warmupSeconds: settings.warmupSeconds },
  );
  await expectGaplessNumbers(rawPool);

  const comparisons: Comparison[] = [
    {
      label: 'GET /api/v1/invoices/:id',
      unit: 'req/s',
      app: getApp,
      baselineLabel: 'bare fastify',
      baseline: getBare,
    },
    {
      label: 'POST /api/v1/invoices',
      unit: 'inv/s',
      app: postApp,
      baselineLabel: 'raw pg inserts',
      baseline: postRaw,
    },
    {
      label: 'GET invoices ?sort=-balanceDue',
      unit: 'req/s',
      app: listSorted,
      baselineLabel: 'newest first',
      baseline: listDefault,
    },
    {
      label: 'POST create + mark-sent',
      unit: 'inv/s',
      app: createAndIssue,
      baselineLabel: 'raw pg + number',
      baseline: issueRaw,
    },
  ];
  const ok = comparisons.every((c) => c.app.failed === 0 && c.baseline.failed === 0);
  report(comparisons, database.description);
  await writeResults(comparisons, database.kind, ok);
  return ok;
}

// ---------------------------------------------------------------------------------------------------------------
// Output

const ratio = (c: Comparison) => (c.baseline.perSecond > 0 ? c.app.perSecond / c.baseline.perSecond : 0);
const rate = (m: Measurement) => Math.round(m.perSecond).toString();
const ms = (m: Measurement) => `${m.medianMs.toFixed(2)} ms`;

function report(comparisons: Comparison[], databaseDescription: string): void {
  const columns = [
    { title: '', cell: (c: Comparison) => c.label, width: 31 },
    { title: 'rate', cell: (c: Comparison) => `${rate(c.app)} ${c.unit}`, width: 13, right: true },
    { title: 'median', cell: (c: Comparison) => ms(c.app), width: 10, right: true },
    { title: 'baseline', cell: (c: Comparison) => c.baselineLabel, width: 16 },
    { title: 'rate', cell: (c: Comparison) => `${rate(c.baseline)} ${c.unit}`, width: 13, right: true },
    { title: 'median', cell: (c: Comparison) => ms(c.baseline), width: 10, right: true },
    { title: 'ratio', cell: (c: Comparison) => ratio(c).toFixed(3), width: 7, right: true },
  ];
  const row = (cells: string[]) =>
    cells
      .map((text, i) => {
        const column = columns[i]!;
        return column.right ? text.padStart(column.width) : text.padEnd(column.width);
      })
      .join('  ')
      .trimEnd();

  console.log(
    `\nRemit API benchmark: ${settings.connections} connections, ${settings.seconds} s per run after ` +
      `${settings.warmupSeconds} s warm-up; ${databaseDescription}; node ${process.version}, ` +
      `${os.availableParallelism()} CPUs, load average ${os.loadavg()[0]!.toFixed(1)}\n`,
  );
  console.log(row(columns.map((c) => c.title)));
  for (const comparison of comparisons) console.log(row(columns.map((c) => c.cell(comparison))));
  console.log('\nratio = app rate / baseline rate (higher is better, 1.0 = no overhead over the baseline)');

  for (const c of comparisons) {
    for (const [side, m] of [
      [c.label, c.app],
      [c.baselineLabel, c.baseline],
    ] as const) {
      if (m.failed > 0) console.log(`FAILED ${side}: ${m.failures.join('; ')}`);
    }
  }
}

async function writeResults(comparisons: Comparison[], databaseKind: string, ok: boolean): Promise<void> {
  const round = (value: number, decimals: number) => Number(value.toFixed(decimals));
  const figures = (m: Measurement) => ({
    perSecond: round(m.perSecond, 1),
    completed: m.completed,
    seconds: round(m.seconds, 3),
    medianMs: round(m.medianMs, 3),
    p99Ms: round(m.p99Ms, 3),
    failed: m.failed,
    failures: m.failures,
  });
  const results = {
    ok,
    generatedAt: new Date().toISOString(),
    node: process.version,
    cpus: os.availableParallelism(),
    database: databaseKind,
    settings: { ...settings, linesPerInvoice: LINES_PER_INVOICE },
    getInvoice: {
      app: figures(comparisons[0]!.app),
      bareFastify: figures(comparisons[0]!.baseline),
      ratio: round(ratio(comparisons[0]!), 4),
    },
    createInvoice: {
      app: figures(comparisons[1]!.app),
      rawPg: figures(comparisons[1]!.baseline),
      ratio: round(ratio(comparisons[1]!), 4),
    },
    createAndIssueInvoice: {
      app: figures(comparisons[3]!.app),
      rawPg: figures(comparisons[3]!.baseline),
      ratio: round(ratio(comparisons[3]!), 4),
    },
  };
  await mkdir(new URL('.', RESULTS_FILE), { recursive: true });
  await writeFile(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  progress(`results written to ${RESULTS_FILE.pathname}`);
}

try {
  process.exitCode = (await main()) ? 0 : 1;
} catch (error) {
  console.error('[bench] failed:', error);
  process.exitCode = 1;
} finally {
  await cleanup();
}
