import { chmod, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { type SeedBulkOptions, type SeedBulkResult, seedBulk } from '../../src/cli/seed-bulk/seed-bulk.ts';
import type { Db } from '../../src/db/client.ts';
import { startEmbeddedDatabase } from '../../src/db/embedded.ts';
import type { Clock } from '../../src/ports.ts';
import { type BenchDatabase, freePort, openBenchDatabase } from './database.ts';

/**
 * A bench database that can outlive the run, so that one large seed (a million invoices take about 19 minutes)
 * serves several runs and several benchmarks. BENCH_PG_DIR names a directory for an embedded PostgreSQL that is
 * started there (the cluster is made on first use), stopped at the end of the run and kept with its database
 * `remit_bench`; BENCH_PG_SHARED_BUFFERS (e.g. `2GB`) sets that server's shared_buffers, restarting it when the
 * value changes. Without BENCH_PG_DIR this is openBenchDatabase: a throw-away database, dropped at the end.
 */
export interface KeptBenchDatabase extends BenchDatabase {
  /** True when the database was already there (kept by an earlier run). */
  reused: boolean;
}

const KEPT_DATABASE = 'remit_bench';

export async function openKeptBenchDatabase(log: (message: string) => void): Promise<KeptBenchDatabase> {
  const dataDir = process.env.BENCH_PG_DIR;
  if (!dataDir) return { ...(await openBenchDatabase(log)), reused: false };
  await mkdir(dataDir, { recursive: true });
  // As root PostgreSQL runs as the `postgres` user and must reach the directory.
  await chmod(dataDir, 0o755);
  log(`embedded PostgreSQL kept in ${dataDir} (remove it with rm -rf when done)`);
  let embedded = await startEmbeddedDatabase({
    dataDir,
    port: (await runningPort(dataDir)) ?? (await freePort()),
  });
  try {
    const creds = JSON.parse(await readFile(path.join(dataDir, 'pg-credentials.json'), 'utf8')) as {
      superuser: string;
      superuserPassword: string;
    };
    const adminUrl = (port: number) =>
      `postgres://${encodeURIComponent(creds.superuser)}:${encodeURIComponent(creds.superuserPassword)}@127.0.0.1:${port}/postgres`;
    const sharedBuffers = process.env.BENCH_PG_SHARED_BUFFERS;
    if (sharedBuffers && (await setSharedBuffers(adminUrl(embedded.port), sharedBuffers))) {
      log(`restarting it with shared_buffers = ${sharedBuffers}`);
      await embedded.stop();
      embedded = await startEmbeddedDatabase({ dataDir, port: await freePort() });
    }
    const admin = adminUrl(embedded.port);
    const { reused, buffers } = await withAdmin(admin, async (client) => {
      const found = await client.query('select 1 from pg_database where datname = $1', [KEPT_DATABASE]);
      if (found.rowCount === 0) await client.query(`create database ${KEPT_DATABASE}`);
      const shown = await client.query<{ shared_buffers: string }>('show shared_buffers');
      return { reused: found.rowCount !== 0, buffers: shown.rows[0]!.shared_buffers };
    });
    const url = new URL(admin);
    url.pathname = `/${KEPT_DATABASE}`;
    const stop = embedded.stop.bind(embedded);
    return {
      url: url.toString(),
      description: `embedded PostgreSQL (fsync on, shared_buffers ${buffers}, kept in ${dataDir})`,
      kind: 'embedded',
      reused,
      dispose: stop,
    };
  } catch (error) {
    await embedded.stop();
    throw error;
  }
}

/** The port of a server already running on the directory (another run's), to use it alongside. */
async function runningPort(dataDir: string): Promise<number | undefined> {
  const pidFile = await readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').catch(() => '');
  const port = Number(pidFile.split('\n')[3]);
  return Number.isInteger(port) && port > 0 ? port : undefined;
}

/** Sets shared_buffers in postgresql.auto.conf; true when the server must restart to apply it. */
async function setSharedBuffers(adminUrl: string, value: string): Promise<boolean> {
  return withAdmin(adminUrl, async (client) => {
    await client.query(`alter system set shared_buffers = ${pg.escapeLiteral(value)}`);
    await client.query('select pg_reload_conf()');
    // The reload is asynchronous: give the postmaster a moment before asking whether a restart is pending.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const { rows } = await client.query<{ pending_restart: boolean }>(
      `select pending_restart from pg_settings where name = 'shared_buffers'`,
    );
    return rows[0]!.pending_restart;
  });
}

async function withAdmin<T>(url: string, work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/** What a run works on: seeded now, or counted in a kept database seeded by an earlier run. */
export interface BenchData extends SeedBulkResult {
  reused: boolean;
}

/** Seeds the database, unless it was kept by an earlier run and already holds invoices (then counts them). */
export async function seedUnlessKept(
  deps: { db: Db; clock: Clock },
  database: KeptBenchDatabase,
  options: SeedBulkOptions,
  log: (message: string) => void,
): Promise<BenchData> {
  if (database.reused) {
    const { rows } = await sql<{ clients: string; invoices: string; lines: string; payments: string }>`
      select (select count(*) from clients)::text as clients, (select count(*) from invoices)::text as invoices,
             (select count(*) from invoice_lines)::text as lines, (select count(*) from payments)::text as payments
    `.execute(deps.db);
    const counts = rows[0]!;
    if (Number(counts.invoices) > 0) {
      if (Number(counts.invoices) !== options.invoices)
        log(
          `the kept database holds ${counts.invoices} invoices, not ${options.invoices}: using it as it is`,
        );
      else log(`reusing the kept database: ${counts.invoices} invoices`);
      return {
        clients: Number(counts.clients),
        invoices: Number(counts.invoices),
        lines: Number(counts.lines),
        payments: Number(counts.payments),
        seconds: 0,
        reused: true,
      };
    }
  }
  return { ...(await seedBulk(deps, options)), reused: false };
}
