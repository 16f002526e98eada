/**
 * CPU cost of creating and issuing an invoice: `npm run bench:create-issue-cpu`.
 *
 * The create + mark-sent row of `bench:api` is a throughput ratio, which on a shared machine follows whatever else
 * runs on it. This script measures what each side costs in CPU instead: `POST /api/v1/invoices` then
 * `POST /api/v1/invoices/:id/mark-sent` through the app (`app.inject`: routing, hooks, validation, services and
 * serialisation, without sockets), against the raw `pg` transaction of bench:api (the same rows, the number and the
 * audit entries), 10 at a time each, in alternating rounds. It reports the process's CPU time per invoice and,
 * where the database runs on this machine (the embedded one by default), its backends' CPU time per invoice read
 * from /proc. On a machine whose cores are all busy, throughput follows the inverse of that sum.
 *
 * Environment: BENCH_INVOICES (per side and round, default 1000), BENCH_ROUNDS (default 3), BENCH_CONNECTIONS
 * (default 10), DATABASE_URL (as bench:api).
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import pg from 'pg';
import { connectDatabase, migrateToLatest } from '../src/db/client.ts';
import { counterScope, formatDocumentNumber } from '../src/domain/numbering.ts';
import { buildApp } from '../src/http/app.ts';
import { systemClock } from '../src/ports.ts';
import { createApiToken } from '../src/services/auth/create-api-token.ts';
import { createClient } from '../src/services/clients/create-client.ts';
import type { ServiceDeps } from '../src/services/context.ts';
import { getSettings } from '../src/services/settings/get-settings.ts';
import { createTaxRate } from '../src/services/taxes/create-tax-rate.ts';
import { createUser } from '../src/services/users/create-user.ts';
import { openBenchDatabase } from './lib/database.ts';
import { copyInvoiceRows, rawInvoiceIssuer } from './lib/raw-inserts.ts';
import { cleanup, envInteger, onCleanup, progress } from './lib/run.ts';

const settings = {
  invoices: envInteger('BENCH_INVOICES', 1000),
  rounds: envInteger('BENCH_ROUNDS', 3),
  connections: envInteger('BENCH_CONNECTIONS', 10),
};

/**
 * CPU milliseconds (user + system) of each process, from /proc; a process that has ended is left out (a pool may
 * close an idle connection between two readings). Null where the processes are not on this machine.
 */
async function processCpuMs(pids: number[]): Promise<Map<number, number> | null> {
  const cpu = new Map<number, number>();
  for (const pid of pids) {
    try {
      // Fields after the command name: utime and stime are the 12th and 13th, in clock ticks (100 per second).
      const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
      cpu.set(pid, (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {
      // ended since it was listed
    }
  }
  return cpu.size > 0 || pids.length === 0 ? cpu : null;
}

function cpuSpentMs(before: Map<number, number> | null, after: Map<number, number> | null): number | null {
  if (!before || !after) return null;
  let spent = 0;
  for (const [pid, ms] of after) spent += ms - (before.get(pid) ?? 0);
  return spent;
}

interface Cost {
  rate: number;
  nodeUs: number;
  databaseUs: number | null;
}

async function measure(operation: () => Promise<void>, count: number, backendPids: () => Promise<number[]>) {
  const pids = await backendPids();
  const databaseBefore = await processCpuMs(pids);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let left = count;
  await Promise.all(
    Array.from({ length: settings.connections }, async () => {
      while (left-- > 0) await operation();
    }),
  );
  const elapsedMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  // Connections opened during the run count from zero; those closed during it are left out.
  const databaseMs = cpuSpentMs(
    databaseBefore,
    await processCpuMs([...new Set([...pids, ...(await backendPids())])]),
  );
  return {
    rate: (count / elapsedMs) * 1000,
    nodeUs: (cpu.user + cpu.system) / count,
    databaseUs: databaseMs === null ? null : (databaseMs * 1000) / count,
  } satisfies Cost;
}

async function main(): Promise<void> {
  const database = await openBenchDatabase(progress);
  onCleanup(() => database.dispose());
  const handle = connectDatabase(database.url, { max: settings.connections });
  onCleanup(() => handle.close());
  await migrateToLatest(handle.db);
  const deps: ServiceDeps = { db: handle.db, clock: systemClock };
  const admin = await createUser(deps, {
    email: 'bench@example.com',
    name: 'Bench',
    password: 'bench-password-1',
    role: 'admin',
  });
  const { token } = await createApiToken(deps, admin.id, 'bench');
  const vat = await createTaxRate(deps, { name: 'VAT', rate: '20' });
  const client = await createClient(deps, { name: 'Northwind Traders', company: 'Northwind Traders Ltd' });
  // The invoice bench:api creates: 10 lines, a saved tax rate, percent and fixed discounts.
  const body = JSON.stringify({
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
  const app = await buildApp({
    deps,
    appUrl: 'http://127.0.0.1',
    logLevel: 'silent',
    authCache: { connectionString: database.url },
    invoiceViewCache: { connectionString: database.url },
  });
  onCleanup(() => app.close());
  await app.ready();
  const auth = { authorization: `Bearer ${token}` };
  const createAndIssue = async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/invoices',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: body,
    });
    if (created.statusCode !== 201) throw new Error(`create: ${created.statusCode} ${created.body}`);
    const id = (created.json() as { id: string }).id;
    const issued = await app.inject({
      method: 'POST',
      url: `/api/v1/invoices/${id}/mark-sent`,
      headers: auth,
    });
    if (issued.statusCode !== 200) throw new Error(`mark-sent: ${issued.statusCode} ${issued.body}`);
  };

  // Connections kept open while the app's rounds run, so each side's backends are the ones listed.
  const rawPool = new pg.Pool({
    connectionString: database.url,
    max: settings.connections,
    idleTimeoutMillis: 0,
  });
  rawPool.on('error', () => {});
  onCleanup(() => rawPool.end());
  const first = await app.inject({
    method: 'POST',
    url: '/api/v1/invoices',
    headers: { ...auth, 'content-type': 'application/json' },
    payload: body,
  });
  const template = await copyInvoiceRows(rawPool, (first.json() as { id: string }).id);
  const pattern = (await getSettings(handle.db)).invoice_number_pattern;
  const issueDate = String(template.invoice.issue_date);
  const rawIssue = rawInvoiceIssuer(rawPool, template, {
    counterScope: counterScope(pattern, issueDate),
    format: (sequence) => formatDocumentNumber(pattern, sequence, issueDate),
  });
  const backendPids = async () =>
    (
      await rawPool.query<{ pid: number }>(
        `select pid from pg_stat_activity
         where datname = current_database() and backend_type = 'client backend' and pid <> pg_backend_pid()`,
      )
    ).rows.map((row) => row.pid);

  // Warm-up: JIT, connections, prepared statements, caches.
  await measure(createAndIssue, 200, backendPids);
  await measure(rawIssue, 200, backendPids);
  const app_: Cost[] = [];
  const raw: Cost[] = [];
  for (let round = 0; round < settings.rounds; round++) {
    progress(`round ${round + 1} of ${settings.rounds}`);
    app_.push(await measure(createAndIssue, settings.invoices, backendPids));
    raw.push(await measure(rawIssue, settings.invoices, backendPids));
  }

  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const summary = (costs: Cost[]) => ({
    rate: median(costs.map((c) => c.rate)),
    nodeUs: median(costs.map((c) => c.nodeUs)),
    databaseUs: costs.some((c) => c.databaseUs === null) ? null : median(costs.map((c) => c.databaseUs!)),
  });
  const a = summary(app_);
  const r = summary(raw);
  const us = (value: number | null) => (value === null ? 'n/a' : `${Math.round(value)} us`);
  const total = (c: Cost) => c.nodeUs + (c.databaseUs ?? 0);
  console.log(
    `\nCreate + mark-sent, CPU per invoice (median of ${settings.rounds} rounds of ${settings.invoices}, ` +
      `${settings.connections} at a time); ${database.description}; node ${process.version}, ` +
      `${os.availableParallelism()} CPUs, load average ${os.loadavg()[0]!.toFixed(1)}\n`,
  );
  console.log('                        node process   database      total   rate (this machine, now)');
  for (const [label, c] of [
    ['app (inject)', a],
    ['raw pg + number', r],
  ] as const) {
    console.log(
      `${label.padEnd(22)}  ${us(c.nodeUs).padStart(12)}   ${us(c.databaseUs).padStart(8)}   ${us(total(c)).padStart(8)}   ${Math.round(c.rate)} inv/s`,
    );
  }
  console.log(
    `\nraw / app CPU: ${(total(r) / total(a)).toFixed(3)} (node + database); rate ratio ${(a.rate / r.rate).toFixed(3)}`,
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
