/**
 * PDF and the event loop: `npm run bench:pdf-loop`.
 *
 * While clients download large invoice PDFs (BENCH_PDF_LOOP_CONCURRENCY at once, default 8, of an invoice of
 * BENCH_PDF_LOOP_LINES lines, default 1,000), how long does `GET /healthz` take? Two apps run side by side on real
 * ports over one database, and take turns round by round:
 *   - baseline: PDFs rendered on the event loop (the pdfkit renderer called in the request, as before the pool);
 *   - pool: PDFs rendered in the worker pool (adapters/pdf/pdf-worker-pool.ts), as the server runs now.
 * A probe thread requests /healthz every BENCH_PDF_LOOP_PROBE_MS (default 10) on a fixed schedule, and times each
 * response from when it was due, not from when it could be sent: a probe held up behind a blocked event loop
 * counts the whole wait, and so do the probes that were due meanwhile (no coordinated omission).
 * Target: /healthz p99 under 50 ms with the pool.
 *
 * Environment: BENCH_PDF_LOOP_ROUNDS (measured rounds per app, default 3), the three above, and DATABASE_URL (a
 * server to create a throw-away database on; default: an embedded PostgreSQL in a temporary directory).
 * Figures go to stdout and test-artifacts/bench-pdf-loop.json; progress to stderr. Exits 1 if a request failed.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
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

const RESULTS_FILE = new URL('../test-artifacts/bench-pdf-loop.json', import.meta.url);
const TARGET_P99_MS = 50;

function envInteger(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`${name} must be a whole number >= ${min}, got "${raw}"`);
  return value;
}

const settings = {
  rounds: envInteger('BENCH_PDF_LOOP_ROUNDS', 3, 1),
  concurrency: envInteger('BENCH_PDF_LOOP_CONCURRENCY', 8, 1),
  lines: envInteger('BENCH_PDF_LOOP_LINES', 1000, 1),
  probeMs: envInteger('BENCH_PDF_LOOP_PROBE_MS', 10, 1),
};

const progress = (message: string) => process.stderr.write(`[bench] ${message}\n`);

// Everything opened registers its closing here, undone in reverse order on success, failure or Ctrl-C (the
// embedded PostgreSQL is a detached process: a run that skipped this would leave it running).
const cleanups: (() => Promise<unknown>)[] = [];
let cleaning: Promise<void> | undefined;

function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const close of cleanups.reverse()) {
      try {
        await close();
      } catch (error) {
        console.error('[bench] cleanup step failed:', error);
      }
    }
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    progress(`${signal}: cleaning up`);
    void cleanup().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The /healthz probe: plain JavaScript in a thread of its own, so its timing never waits for the server's loop.

const PROBE = `
  const { parentPort, workerData } = require('node:worker_threads');
  const http = require('node:http');
  const { url, intervalMs } = workerData;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  let running = true;
  const latencies = [];
  let failures = 0;
  parentPort.on('message', () => { running = false; });
  const get = () => new Promise((resolve) => {
    const request = http.get(url, { agent }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode === 200));
    });
    request.on('error', () => resolve(false));
  });
  (async () => {
    const start = performance.now();
    for (let i = 0; running; i++) {
      const due = start + i * intervalMs;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const ok = await get();
      if (ok) latencies.push(performance.now() - due); else failures++;
    }
    agent.destroy();
    parentPort.postMessage({ latencies, failures });
  })();
`;

interface ProbeResult {
  latencies: number[];
  failures: number;
}

function startProbe(url: string, intervalMs: number) {
  const worker = new Worker(PROBE, { eval: true, workerData: { url, intervalMs } });
  const result = new Promise<ProbeResult>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    async stop(): Promise<ProbeResult> {
      worker.postMessage('stop');
      const outcome = await result;
      await worker.terminate();
      return outcome;
    },
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
  cleanups.push(() => app.close());
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { label, app, url, latencies: [], probeFailures: 0, pdfs: 0, pdfFailures: [], pdfSeconds: 0 };
}

/** `concurrency` clients each download the PDF once; resolves with the failures, if any. */
async function downloadAtOnce(contender: Contender, path: string, token: string): Promise<string[]> {
  const outcomes = await Promise.all(
    Array.from({ length: settings.concurrency }, async () => {
      const response = await fetch(`${contender.url}${path}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const bytes = Buffer.from(await response.arrayBuffer());
      if (response.status !== 200) return `HTTP ${response.status}`;
      return bytes.subarray(0, 5).toString() === '%PDF-' ? null : 'not a PDF';
    }),
  );
  return outcomes.filter((outcome): outcome is string => outcome !== null);
}

async function measureRound(contender: Contender, path: string, token: string): Promise<void> {
  const probe = startProbe(`${contender.url}/healthz`, settings.probeMs);
  const started = performance.now();
  const failures = await downloadAtOnce(contender, path, token);
  contender.pdfSeconds += (performance.now() - started) / 1000;
  const { latencies, failures: probeFailures } = await probe.stop();
  contender.latencies.push(...latencies);
  contender.probeFailures += probeFailures;
  contender.pdfs += settings.concurrency - failures.length;
  contender.pdfFailures.push(...failures);
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function summary(contender: Contender) {
  const sorted = [...contender.latencies].sort((a, b) => a - b);
  return {
    label: contender.label,
    probes: sorted.length,
    healthzP50Ms: percentile(sorted, 50),
    healthzP99Ms: percentile(sorted, 99),
    healthzMaxMs: sorted.at(-1) ?? Number.NaN,
    pdfs: contender.pdfs,
    pdfsPerSecond: contender.pdfs / contender.pdfSeconds,
    failures: [
      ...contender.pdfFailures,
      ...(contender.probeFailures ? [`/healthz failed x${contender.probeFailures}`] : []),
    ],
  };
}

async function main(): Promise<boolean> {
  const database = await openBenchDatabase(progress);
  cleanups.push(() => database.dispose());
  progress(`database: ${database.description}`);
  const handle = connectDatabase(database.url, { max: 10 });
  cleanups.push(() => handle.close());
  await migrateToLatest(handle.db);
  const deps: ServiceDeps = { db: handle.db, clock: systemClock };
  const fixture = await seed(deps);
  const path = `/api/v1/invoices/${fixture.invoiceId}/pdf`;

  const inThread = new PdfkitInvoiceRenderer();
  const pool = new PdfWorkerPool();
  cleanups.push(() => pool.close());
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

  for (let round = 1; round <= settings.rounds; round++) {
    for (const contender of contenders) {
      progress(`round ${round}/${settings.rounds}: ${contender.label}`);
      await measureRound(contender, path, fixture.token);
    }
  }

  const [baseline, pooled] = contenders.map(summary) as [
    ReturnType<typeof summary>,
    ReturnType<typeof summary>,
  ];
  const ms = (value: number) => `${value.toFixed(1)} ms`.padStart(10);
  const row = (s: typeof baseline) =>
    `  ${s.label.padEnd(40)} ${ms(s.healthzP50Ms)} ${ms(s.healthzP99Ms)} ${ms(s.healthzMaxMs)} ${String(s.probes).padStart(7)} ${s.pdfsPerSecond.toFixed(2).padStart(7)}`;
  const lines = [
    `/healthz while ${settings.concurrency} clients download ${settings.lines}-line invoice PDFs, ${settings.rounds} round(s) ` +
      `(${os.availableParallelism()} CPUs, load ${os.loadavg()[0]!.toFixed(1)}, Node ${process.version})`,
    `  ${'renderer'.padEnd(40)} ${'p50'.padStart(10)} ${'p99'.padStart(10)} ${'max'.padStart(10)} ${'probes'.padStart(7)} ${'PDF/s'.padStart(7)}`,
    row(baseline),
    row(pooled),
    `  p99 ratio baseline/pool: ${(baseline.healthzP99Ms / pooled.healthzP99Ms).toFixed(1)}x; ` +
      `pool p99 ${pooled.healthzP99Ms < TARGET_P99_MS ? 'meets' : 'MISSES'} the target of < ${TARGET_P99_MS} ms`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  await mkdir(new URL('.', RESULTS_FILE), { recursive: true });
  await writeFile(
    RESULTS_FILE,
    `${JSON.stringify({ settings, cpus: os.availableParallelism(), baseline, pool: pooled }, null, 2)}\n`,
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
