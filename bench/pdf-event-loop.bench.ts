/**
 * PDF and the event loop: `npm run bench:pdf-loop`.
 *
 * While clients download large invoice PDFs (BENCH_PDF_LOOP_CONCURRENCY at once, default 8, of an invoice of
 * BENCH_PDF_LOOP_LINES lines, default 1,000), how long does `GET /healthz` take? Two apps run side by side on real
 * ports over one database, and take turns round by round:
 *   - baseline: PDFs rendered on the event loop (the pdfkit renderer called in the request, as before the pool);
 *   - pool: PDFs rendered in the worker pool (adapters/pdf/pdf-worker-pool.ts), as the server runs now.
 * A probe thread requests /healthz every BENCH_PDF_LOOP_PROBE_MS (default 10) on a fixed schedule and times each
 * answer two ways: from when it was sent (what a health checker sees), and from when it was due (a probe held up
 * behind an earlier one counts the wait too, as a user arriving then would: no coordinated omission). The clients
 * run in threads of their own, started before each round, so neither their work nor their start-up is the
 * server's; the server's own event-loop delay (a 5 ms timer's lateness) is printed beside them, and so is a round
 * with no PDF at all (what the machine's other work does to /healthz).
 * Target: /healthz p99 under 50 ms with the pool.
 *
 * Environment: BENCH_PDF_LOOP_ROUNDS (measured rounds per app, default 5), the three above, and DATABASE_URL (a
 * server to create a throw-away database on; default: an embedded PostgreSQL in a temporary directory).
 * Figures go to stdout and test-artifacts/bench-pdf-loop.json; progress to stderr. Exits 1 if a request failed.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { FastifyInstance } from 'fastify';
import { PdfWorkerPool } from '../src/adapters/pdf/pdf-worker-pool.ts';
import { PdfkitInvoiceRenderer } from '../src/adapters/pdf/pdfkit-invoice-renderer.ts';
import { connectDatabase, migrateToLatest } from '../src/db/client.ts';
import { buildApp } from '../src/http/app.ts';
import { type PdfRenderer, systemClock } from '../src/ports.ts';
import { createApiToken } from '../src/services/auth/create-api-token.ts';
import { createClient } from '../src/services/clients/create-client.ts';
import { type ServiceDeps, systemActor } from '../src/services/context.ts';
import { createInvoice } from '../src/services/invoices/create-invoice.ts';
import type { InvoiceInput } from '../src/services/invoices/invoice-input.ts';
import { createUser } from '../src/services/users/create-user.ts';
import { openBenchDatabase } from './lib/database.ts';
import { cleanup, envInteger, onCleanup, progress } from './lib/run.ts';

const RESULTS_FILE = new URL('../test-artifacts/bench-pdf-loop.json', import.meta.url);
const TARGET_P99_MS = 50;

const settings = {
  rounds: envInteger('BENCH_PDF_LOOP_ROUNDS', 5, 1),
  concurrency: envInteger('BENCH_PDF_LOOP_CONCURRENCY', 8, 1),
  lines: envInteger('BENCH_PDF_LOOP_LINES', 1000, 1),
  probeMs: envInteger('BENCH_PDF_LOOP_PROBE_MS', 10, 1),
};

// ---------------------------------------------------------------------------------------------------------------
// The clients: plain JavaScript threads of their own, so their timing never waits for the server's event loop
// and reading the PDFs is not the server's work. Each is started and warmed up before a round begins: starting a
// thread is not something the server would pay for.

const PROBE = `
  const { parentPort, workerData } = require('node:worker_threads');
  const http = require('node:http');
  const { url, intervalMs } = workerData;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  let phase = 'warm-up';
  const latencies = [];
  const responses = [];
  let failures = 0;
  parentPort.on('message', (message) => { phase = message; });
  const get = () => new Promise((resolve) => {
    const request = http.get(url, { agent }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode === 200));
    });
    request.on('error', () => resolve(false));
  });
  (async () => {
    for (let i = 0; i < 20; i++) await get();
    parentPort.postMessage('ready');
    while (phase === 'warm-up') await new Promise((resolve) => setTimeout(resolve, 1));
    const start = performance.now();
    for (let i = 0; phase === 'record'; i++) {
      const due = start + i * intervalMs;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const sent = performance.now();
      const ok = await get();
      if (ok) {
        latencies.push(performance.now() - due);
        responses.push(performance.now() - sent);
      } else failures++;
    }
    agent.destroy();
    parentPort.postMessage({ latencies, responses, failures });
  })();
`;

const DOWNLOADS = `
  const { parentPort, workerData } = require('node:worker_threads');
  const http = require('node:http');
  const { url, token, concurrency } = workerData;
  const download = () => new Promise((resolve) => {
    const request = http.get(url, { headers: { authorization: 'Bearer ' + token } }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => {
        if (response.statusCode !== 200) return resolve('HTTP ' + response.statusCode);
        resolve(Buffer.concat(chunks).subarray(0, 5).toString() === '%PDF-' ? null : 'not a PDF');
      });
    });
    request.on('error', (error) => resolve(error.message));
  });
  parentPort.once('message', () =>
    Promise.all(Array.from({ length: concurrency }, download)).then((outcomes) =>
      parentPort.postMessage(outcomes.filter((outcome) => outcome !== null)),
    ),
  );
  parentPort.postMessage('ready');
`;

interface ProbeResult {
  /** From when each probe was due: what a client arriving then waited. */
  latencies: number[];
  /** From when each probe was sent: what a health checker sees. */
  responses: number[];
  failures: number;
}

/** A client thread, once it has said it is ready. */
async function clientThread(source: string, workerData: unknown) {
  const worker = new Worker(source, { eval: true, workerData });
  const messages: unknown[] = [];
  let waiting: ((message: unknown) => void) | null = null;
  let failed: Error | null = null;
  worker.on('message', (message) => {
    if (waiting) {
      waiting(message);
      waiting = null;
    } else messages.push(message);
  });
  worker.on('error', (error) => {
    failed = error;
  });
  const next = () =>
    new Promise<unknown>((resolve, reject) => {
      if (failed) return reject(failed);
      if (messages.length) return resolve(messages.shift());
      waiting = resolve;
      worker.once('error', reject);
    });
  await next(); // 'ready'
  return {
    send: (message: string) => worker.postMessage(message),
    next,
    close: () => worker.terminate(),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Fixture and apps

async function seed(deps: ServiceDeps) {
  const admin = await createUser(deps, {
    email: 'bench@example.com',
    name: 'Bench',
    password: 'bench-password-1',
    role: 'admin',
  });
  const { token } = await createApiToken(deps, admin.id, 'bench');
  const client = await createClient(deps, { name: 'Northwind Traders', company: 'Northwind Traders Ltd' });
  const input: InvoiceInput = {
    clientId: client.id,
    currency: 'USD',
    issueDate: '2026-11-25',
    lines: Array.from({ length: settings.lines }, (_, i) => ({
      description: `Consulting, week ${i + 1}: architecture review and implementation support`,
      quantity: `${(i % 4) + 1}.5`,
      unitPrice: `${120 + i * 7}.25`,
    })),
  };
  const invoice = await createInvoice(deps, systemActor, input);
  return { token, invoiceId: invoice.id };
}

interface Contender {
  label: string;
  app: FastifyInstance;
  url: string;
  latencies: number[];
  responses: number[];
  /** How late the server's own event loop ran a 5 ms timer during the measured rounds (microseconds). */
  loopDelay: RecordableHistogram;
  probeFailures: number;
  pdfs: number;
  pdfFailures: string[];
  pdfSeconds: number;
}

async function startContender(
  label: string,
  deps: ServiceDeps,
  pdfRenderer: PdfRenderer,
): Promise<Contender> {
  const app = await buildApp({ deps, appUrl: 'http://127.0.0.1', logLevel: 'silent', pdfRenderer });
  onCleanup(() => app.close());
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    label,
    app,
    url,
    latencies: [],
    responses: [],
    loopDelay: createHistogram({ lowest: 1, highest: 60_000_000, figures: 3 }),
    probeFailures: 0,
    pdfs: 0,
    pdfFailures: [],
    pdfSeconds: 0,
  };
}

/** `concurrency` clients each download the PDF once, all at the same time; resolves with the failures, if any. */
async function downloadAtOnce(contender: Contender, path: string, token: string): Promise<string[]> {
  const clients = await clientThread(DOWNLOADS, {
    url: `${contender.url}${path}`,
    token,
    concurrency: settings.concurrency,
  });
  try {
    clients.send('go');
    return (await clients.next()) as string[];
  } finally {
    await clients.close();
  }
}

/** Records how late a 5 ms timer fires on this (the server's) event loop, until the returned function is called. */
function watchLoop(histogram: RecordableHistogram): () => void {
  const periodMs = 5;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    histogram.record(Math.max(1, Math.round((now - last - periodMs) * 1000)));
    last = now;
  }, periodMs);
  return () => clearInterval(timer);
}

/** One round: the probe runs while the clients download their PDFs (or, with `path` null, for a second). */
async function measureRound(contender: Contender, path: string | null, token: string): Promise<void> {
  const probe = await clientThread(PROBE, { url: `${contender.url}/healthz`, intervalMs: settings.probeMs });
  const clients = path
    ? await clientThread(DOWNLOADS, {
        url: `${contender.url}${path}`,
        token,
        concurrency: settings.concurrency,
      })
    : null;
  try {
    const stopWatching = watchLoop(contender.loopDelay);
    probe.send('record');
    const started = performance.now();
    clients?.send('go');
    const failures = clients
      ? ((await clients.next()) as string[])
      : await new Promise<string[]>((resolve) => setTimeout(() => resolve([]), 1000));
    contender.pdfSeconds += (performance.now() - started) / 1000;
    stopWatching();
    probe.send('stop');
    const { latencies, responses, failures: probeFailures } = (await probe.next()) as ProbeResult;
    contender.latencies.push(...latencies);
    contender.responses.push(...responses);
    contender.probeFailures += probeFailures;
    if (path) contender.pdfs += settings.concurrency - failures.length;
    contender.pdfFailures.push(...failures);
  } finally {
    await Promise.all([probe.close(), clients?.close()]);
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function summary(contender: Contender) {
  const fromDue = [...contender.latencies].sort((x, y) => x - y);
  const fromSent = [...contender.responses].sort((x, y) => x - y);
  return {
    label: contender.label,
    probes: fromSent.length,
    responseP50Ms: percentile(fromSent, 50),
    responseP99Ms: percentile(fromSent, 99),
    responseMaxMs: fromSent.at(-1) ?? Number.NaN,
    fromDueP50Ms: percentile(fromDue, 50),
    fromDueP99Ms: percentile(fromDue, 99),
    loopDelayP99Ms: contender.loopDelay.percentile(99) / 1000,
    loopDelayMaxMs: contender.loopDelay.max / 1000,
    pdfs: contender.pdfs,
    pdfsPerSecond: contender.pdfs / contender.pdfSeconds,
    failures: [
      ...contender.pdfFailures,
      ...(contender.probeFailures ? [`/healthz failed x${contender.probeFailures}`] : []),
    ],
  };
}

async function main(): Promise<boolean> {
  const loadAtStart = os.loadavg()[0]!;
  const database = await openBenchDatabase(progress);
  onCleanup(() => database.dispose());
  progress(`database: ${database.description}`);
  const handle = connectDatabase(database.url, { max: 10 });
  onCleanup(() => handle.close());
  await migrateToLatest(handle.db);
  const deps: ServiceDeps = { db: handle.db, clock: systemClock };
  const fixture = await seed(deps);
  const path = `/api/v1/invoices/${fixture.invoiceId}/pdf`;

  const inThread = new PdfkitInvoiceRenderer();
  const pool = new PdfWorkerPool();
  onCleanup(() => pool.close());
  const contenders = [
    await startContender('baseline: rendered on the event loop', deps, inThread),
    await startContender(`pool: ${pool.threads} worker thread(s)`, deps, pool),
  ];

  // Unmeasured: fonts parsed, code compiled, every pool thread started.
  progress(`warm-up: ${settings.concurrency} concurrent ${settings.lines}-line PDFs from each app, twice`);
  for (const contender of contenders) {
    for (let i = 0; i < 2; i++) {
      const failures = await downloadAtOnce(contender, path, fixture.token);
      if (failures.length) throw new Error(`${contender.label}: warm-up failed: ${failures.join(', ')}`);
    }
  }

  // The same probe with no PDF at all: what this machine's other work alone does to /healthz right now.
  const quiet = await startContender("no PDFs (this machine's floor)", deps, pool);

  for (let round = 1; round <= settings.rounds; round++) {
    for (const contender of contenders) {
      progress(`round ${round}/${settings.rounds}: ${contender.label}`);
      await measureRound(contender, path, fixture.token);
    }
    progress(`round ${round}/${settings.rounds}: ${quiet.label}`);
    await measureRound(quiet, null, fixture.token);
  }

  const [baseline, pooled, floor] = [...contenders, quiet].map(summary) as [
    ReturnType<typeof summary>,
    ReturnType<typeof summary>,
    ReturnType<typeof summary>,
  ];
  const ms = (value: number) => value.toFixed(1).padStart(8);
  const row = (s: typeof baseline) =>
    `  ${s.label.padEnd(38)}${ms(s.responseP50Ms)}${ms(s.responseP99Ms)}${ms(s.responseMaxMs)}` +
    `${ms(s.fromDueP50Ms)}${ms(s.fromDueP99Ms)}${ms(s.loopDelayP99Ms)}${ms(s.loopDelayMaxMs)}` +
    `${String(s.probes).padStart(8)}${(s.pdfs ? s.pdfsPerSecond.toFixed(2) : '-').padStart(7)}`;
  const lines = [
    `/healthz while ${settings.concurrency} clients download ${settings.lines}-line invoice PDFs, ${settings.rounds} round(s), ` +
      `a probe every ${settings.probeMs} ms (${os.availableParallelism()} CPUs, load ${loadAtStart.toFixed(1)} at start and ` +
      `${os.loadavg()[0]!.toFixed(1)} at end, Node ${process.version})`,
    `  ${''.padEnd(38)}${'response time, ms'.padStart(24)}${'from due, ms'.padStart(16)}${'loop delay, ms'.padStart(16)}`,
    `  ${'renderer'.padEnd(38)}${['p50', 'p99', 'max', 'p50', 'p99', 'p99', 'max'].map((h) => h.padStart(8)).join('')}` +
      `${'probes'.padStart(8)}${'PDF/s'.padStart(7)}`,
    row(baseline),
    row(pooled),
    row(floor),
    `  /healthz response p99, baseline/pool: ${(baseline.responseP99Ms / pooled.responseP99Ms).toFixed(1)}x; ` +
      `pool ${pooled.responseP99Ms < TARGET_P99_MS ? 'meets' : 'MISSES'} the target of < ${TARGET_P99_MS} ms`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  await mkdir(new URL('.', RESULTS_FILE), { recursive: true });
  await writeFile(
    RESULTS_FILE,
    `${JSON.stringify({ settings, cpus: os.availableParallelism(), loadAtStart, baseline, pool: pooled, floor }, null, 2)}\n`,
  );
  const failures = [
    ...baseline.failures.map((f) => `baseline: ${f}`),
    ...pooled.failures.map((f) => `pool: ${f}`),
  ];
  for (const failure of failures) process.stderr.write(`[bench] FAILED ${failure}\n`);
  return failures.length === 0;
}

let ok = false;
try {
  ok = await main();
} finally {
  await cleanup();
}
process.exit(ok ? 0 : 1);
