/**
 * CPU cost of one GET /api/v1/invoices/:id: `npm run bench:get-cpu`.
 *
 * `bench:api` measures throughput, which on a shared machine follows whatever else runs on it: the bare Fastify
 * baseline moved between 300 and 20,000 req/s from one run to the next under other engineers' test suites. CPU time
 * per request moves far less. This script sends the same requests to the app and to a bare Fastify route returning
 * the same body, from a keep-alive client in the same process (10 at a time), and reports the process's CPU time per
 * request (server and client; the client's share is the same on both sides) and, where the database runs on this
 * machine (the embedded one by default), the CPU time of its backends per request, read from /proc.
 *
 * Environment: BENCH_REQUESTS (per side, default 5000), BENCH_CONNECTIONS (default 10), DATABASE_URL (as bench:api),
 * BENCH_VIEW_CACHE (1, the default, as `remit start` runs: invoice views cached per process; 0: read each time).
 */
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import Fastify from 'fastify';
import { connectDatabase, migrateToLatest } from '../src/db/client.ts';
import { buildApp } from '../src/http/app.ts';
import { systemClock } from '../src/ports.ts';
import { createApiToken } from '../src/services/auth/create-api-token.ts';
import { createClient } from '../src/services/clients/create-client.ts';
import { type ServiceDeps, systemActor } from '../src/services/context.ts';
import { createInvoice } from '../src/services/invoices/create-invoice.ts';
import { createTaxRate } from '../src/services/taxes/create-tax-rate.ts';
import { createUser } from '../src/services/users/create-user.ts';
import { openBenchDatabase } from './lib/database.ts';
import { cleanup, envInteger, onCleanup, progress } from './lib/run.ts';

const settings = {
  requests: envInteger('BENCH_REQUESTS', 5000),
  connections: envInteger('BENCH_CONNECTIONS', 10),
  viewCache: process.env.BENCH_VIEW_CACHE !== '0',
};

/** The invoice bench:api reads: 10 lines, a saved tax rate, percent and fixed discounts. */
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
  const invoice = await createInvoice(deps, systemActor, {
    clientId: client.id,
    currency: 'EUR',
    issueDate: '2026-03-02',
    paymentTerms: 'net_30',
    taxes: [{ taxRateId: vat.id }],
    discount: { kind: 'percent', value: '5' },
    notes: 'Thank you for your business. Payment by bank transfer within 30 days.',
    lines: Array.from({ length: 10 }, (_, i) => ({
      description: `Consulting, week ${i + 1}: architecture review and implementation support`,
      quantity: `${(i % 4) + 1}.5`,
      unitPrice: `${120 + i * 7}.25`,
      discount:
        i % 3 === 0
          ? { kind: 'percent', value: '10' }
          : i % 3 === 1
            ? { kind: 'fixed', value: '15.00' }
            : null,
    })),
  });
  return { token, invoiceId: invoice.id };
}

/** Sends `count` GETs, `connections` at a time over keep-alive sockets; any status but 200 stops the run. */
async function drive(url: string, headers: Record<string, string>, count: number): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: settings.connections });
  const one = () =>
    new Promise<void>((resolve, reject) => {
      http
        .get(url, { agent, headers }, (response) => {
          response.resume();
          response.on('end', () =>
            response.statusCode === 200 ? resolve() : reject(new Error(`${url}: ${response.statusCode}`)),
          );
        })
        .on('error', reject);
    });
  let left = count;
  const worker = async () => {
    while (left-- > 0) await one();
  };
  await Promise.all(Array.from({ length: settings.connections }, worker));
  agent.destroy();
}

/** CPU milliseconds (user + system) of the processes, from /proc; null where they are not on this machine. */
async function processCpuMs(pids: number[]): Promise<number | null> {
  let ticks = 0;
  for (const pid of pids) {
    try {
      // Fields after the command name: utime and stime are the 12th and 13th, in clock ticks (100 per second).
      const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      return null;
    }
  }
  return ticks * 10;
}

interface Cost {
  rate: number;
  nodeUs: number;
  databaseUs: number | null;
}

async function measure(url: string, headers: Record<string, string>, backendPids: () => Promise<number[]>) {
  await drive(url, headers, Math.min(1000, settings.requests)); // warm-up: JIT, prepared statements, caches
  const pids = await backendPids();
  const databaseBefore = await processCpuMs(pids);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await drive(url, headers, settings.requests);
  const elapsedMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const databaseAfter = await processCpuMs(pids);
  return {
    rate: (settings.requests / elapsedMs) * 1000,
    nodeUs: (cpu.user + cpu.system) / settings.requests,
    databaseUs:
      databaseBefore === null || databaseAfter === null
        ? null
        : ((databaseAfter - databaseBefore) * 1000) / settings.requests,
  } satisfies Cost;
}

async function main(): Promise<void> {
  const database = await openBenchDatabase(progress);
  onCleanup(() => database.dispose());
  const handle = connectDatabase(database.url, { max: settings.connections });
  onCleanup(() => handle.close());
  await migrateToLatest(handle.db);
  const deps: ServiceDeps = { db: handle.db, clock: systemClock };
  const fixture = await seed(deps);
  const app = await buildApp({
    deps,
    appUrl: 'http://127.0.0.1',
    logLevel: 'silent',
    authCache: { connectionString: database.url },
    ...(settings.viewCache ? { invoiceViewCache: { connectionString: database.url } } : {}),
  });
  onCleanup(() => app.close());
  const appUrl = `${await app.listen({ host: '127.0.0.1', port: 0 })}/api/v1/invoices/${fixture.invoiceId}`;
  const auth = { authorization: `Bearer ${fixture.token}` };
  const body = await (await fetch(appUrl, { headers: auth })).json();

  const bare = Fastify();
  bare.get('/invoice', async () => body);
  onCleanup(() => bare.close());
  const bareUrl = `${await bare.listen({ host: '127.0.0.1', port: 0 })}/invoice`;

  const backendPids = async () =>
    (
      await handle.pool.query<{ pid: number }>(
        'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
      )
    ).rows.map((row) => row.pid);
  progress(
    `${settings.requests} requests per side, ${settings.connections} at a time; ` +
      `invoice view cache ${settings.viewCache ? 'on' : 'off'}`,
  );
  const bareCost = await measure(bareUrl, {}, async () => []);
  const appCost = await measure(appUrl, auth, backendPids);

  const us = (value: number | null) => (value === null ? 'n/a' : `${Math.round(value)} us`);
  const load = os.loadavg().map((value) => value.toFixed(1));
  console.log(
    `\nGET /api/v1/invoices/:id, CPU per request; ${database.description}; node ${process.version}, ` +
      `${os.availableParallelism()} CPUs, load average ${load.join(' ')}\n`,
  );
  console.log('                      node process   database   rate (this machine, now)');
  console.log(
    `bare fastify          ${us(bareCost.nodeUs).padStart(12)}   ${'-'.padStart(8)}   ${Math.round(bareCost.rate)} req/s`,
  );
  console.log(
    `app                   ${us(appCost.nodeUs).padStart(12)}   ${us(appCost.databaseUs).padStart(8)}   ${Math.round(appCost.rate)} req/s`,
  );
  const total = appCost.nodeUs + (appCost.databaseUs ?? 0);
  console.log(
    `\nbare / app CPU: ${(bareCost.nodeUs / appCost.nodeUs).toFixed(3)} (node only), ` +
      `${(bareCost.nodeUs / total).toFixed(3)} (node + database)`,
  );
}

try {
  await main();
} catch (error) {
  console.error('[bench] failed:', error);
  process.exitCode = 1;
} finally {
  await cleanup();
}
