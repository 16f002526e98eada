/**
 * A running `remit start` whose database goes away under write load: the embedded postmaster killed with -9, or
 * every connection of an external database terminated. The process must stay up, answer 503 meanwhile, be back
 * within 10 s, and keep every write it acknowledged. CHAOS_CYCLES sets the number of outages (3 in the suite;
 * `npm run test:chaos` runs 10).
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { alive, freePort, type RemitRun, remit, waitForOutput } from '../support/remit-process.ts';
import { startSmtpServer } from '../support/smtp.ts';
import {
  logInStaff,
  startWriteLoad,
  type WriteLoadReport,
  waitForWrites,
  waitUntilReady,
} from '../support/write-load.ts';

const CYCLES = Number(process.env.CHAOS_CYCLES ?? 3);
const RECOVERY_LIMIT_MS = 10_000;
const ADMIN = { email: 'owner@example.com', password: 'a-long-enough-password' };
const APP_SECRET = 'chaos-test-secret-of-at-least-32-characters';

let root: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'remit-chaos-'));
  await chmod(root, 0o755);
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  const pidFile = path.join(root, 'embedded', 'pg', 'postmaster.pid');
  try {
    process.kill(Number(readFileSync(pidFile, 'utf8').split('\n')[0]), 'SIGINT');
  } catch {}
  await new Promise((resolve) => setTimeout(resolve, 500));
  await rm(root, { recursive: true, force: true });
});

interface Outcome {
  recoveriesMs: number[];
  report: WriteLoadReport;
}

/** Runs CYCLES outages under write load against the server at `base`; `cut` takes the database away once. */
async function outagesUnderLoad(base: string, server: RemitRun, cut: () => Promise<void>): Promise<Outcome> {
  const load = startWriteLoad(base, await logInStaff(base, ADMIN.email, ADMIN.password));
  const recoveriesMs: number[] = [];
  const cycles = (async () => {
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      await waitForWrites(load, 20);
      await cut();
      recoveriesMs.push(await waitUntilReady(base));
      await waitForWrites(load, 5); // writes go through again, not only the probe
    }
  })();
  const finished = await cycles.then(
    () => null,
    (error: unknown) => error,
  );
  const report = await load.stop();
  if (finished) {
    // What the server said is the only clue to an outage it did not get over.
    throw new Error(
      `${String(finished)}\nanswers ${JSON.stringify(Object.fromEntries(report.statuses))}; server log:\n${server.output().slice(-4000)}`,
    );
  }
  return { recoveriesMs, report };
}

async function missingWrites(connectionString: string, report: WriteLoadReport): Promise<number> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const ids = [...report.acknowledged.values()];
    const { rows } = await client.query<{ found: string }>(
      'select count(*) as found from clients where id = any($1::uuid[])',
      [ids],
    );
    return ids.length - Number(rows[0]!.found);
  } finally {
    await client.end();
  }
}

function summary(mode: string, outcome: Outcome, missing: number) {
  const { recoveriesMs, report } = outcome;
  const line =
    `${mode}: ${recoveriesMs.length} outages, recovery ms ${recoveriesMs.join(', ')} ` +
    `(max ${Math.max(...recoveriesMs)}); writes acknowledged ${report.acknowledged.size}, lost ${missing}; ` +
    `answers ${JSON.stringify(Object.fromEntries(report.statuses))}`;
  console.log(line);
}

function expectResilient(outcome: Outcome, missing: number) {
  expect(outcome.report.unexpected).toEqual([]);
  expect(outcome.recoveriesMs).toHaveLength(CYCLES);
  for (const ms of outcome.recoveriesMs) expect(ms).toBeLessThan(RECOVERY_LIMIT_MS);
  expect(outcome.report.acknowledged.size).toBeGreaterThan(CYCLES * 25);
  expect(missing).toBe(0);
}

describe('a running server whose database goes away', { timeout: 60_000 + CYCLES * 30_000 }, () => {
  it('restarts its embedded PostgreSQL after kill -9 of the postmaster, and loses no acknowledged write', async () => {
    const dataDir = path.join(root, 'embedded');
    const port = await freePort();
    const server = remit(
      ['start'],
      {
        DATA_DIR: dataDir,
        PORT: String(port),
        EMBEDDED_PG_PORT: String(await freePort()),
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        LOG_LEVEL: 'info',
      },
      children,
    );
    await waitForOutput(server, 'Remit is running');
    const base = `http://127.0.0.1:${port}`;
    const postmaster = () =>
      Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);

    const killed: number[] = [];
    const outcome = await outagesUnderLoad(base, server, async () => {
      const pid = postmaster();
      process.kill(pid, 'SIGKILL');
      killed.push(pid);
    });

    expect(alive(server.child.pid!)).toBe(true);
    expect(new Set([...killed, postmaster()]).size).toBe(CYCLES + 1); // a new server each time
    expect(server.output()).toContain('is not running; starting it again (crash recovery)');
    expect(server.output()).toContain('embedded PostgreSQL is back after a restart');
    const credentials = JSON.parse(readFileSync(path.join(dataDir, 'pg-credentials.json'), 'utf8'));
    const url = `postgres://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${postmasterPort(dataDir)}/${credentials.database}`;
    const missing = await missingWrites(url, outcome.report);
    summary('embedded, kill -9 postmaster', outcome, missing);
    expectResilient(outcome, missing);

    // The job workers came back too: an invoice sent now is delivered by them.
    await expectEmailDelivered(base);

    server.child.kill('SIGTERM');
    expect(await server.exit).toBe(0);
  });

  describe('on an external PostgreSQL', () => {
    let database: TestDatabase;
    let admin: pg.Client;
    beforeAll(async () => {
      database = await createTestDatabase({ max: 1 });
      admin = new pg.Client({ connectionString: inject('adminUrl') });
      await admin.connect();
    });
    afterAll(async () => {
      await admin?.end();
      await database?.close();
    });

    it('carries on after every connection is terminated, and loses no acknowledged write', async () => {
      const port = await freePort();
      const server = remit(
        ['start'],
        {
          DATABASE_URL: database.url,
          APP_SECRET,
          PORT: String(port),
          ADMIN_EMAIL: ADMIN.email,
          ADMIN_PASSWORD: ADMIN.password,
        },
        children,
      );
      await waitForOutput(server, 'Remit is running');
      const base = `http://127.0.0.1:${port}`;

      let terminated = 0;
      const outcome = await outagesUnderLoad(base, server, async () => {
        const { rowCount } = await admin.query(
          'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
          [database.name],
        );
        terminated += rowCount ?? 0;
      });

      expect(alive(server.child.pid!)).toBe(true);
      expect(terminated).toBeGreaterThanOrEqual(CYCLES);
      const missing = await missingWrites(database.url, outcome.report);
      summary('external, pg_terminate_backend', outcome, missing);
      expectResilient(outcome, missing);

      server.child.kill('SIGTERM');
      expect(await server.exit).toBe(0);
    });
  });
});

/** Sends an invoice through the API and waits for the job workers to hand it to a real SMTP server. */
async function expectEmailDelivered(base: string) {
  const smtp = await startSmtpServer();
  try {
    const headers = {
      ...(await logInStaff(base, ADMIN.email, ADMIN.password)),
      'content-type': 'application/json',
    };
    const call = async (method: string, url: string, body: unknown) => {
      const response = await fetch(`${base}${url}`, { method, headers, body: JSON.stringify(body) });
      expect(response.status, `${method} ${url}`).toBeLessThan(300);
      return (await response.json()) as { id: string };
    };
    await call('PUT', '/api/v1/settings/smtp', {
      host: '127.0.0.1',
      port: smtp.port,
      security: 'none',
      fromAddress: 'billing@studio.example',
    });
    const client = await call('POST', '/api/v1/clients', {
      name: 'After the outage',
      currency: 'EUR',
      contacts: [{ name: 'Ana', email: 'ana@client.example' }],
    });
    const invoice = await call('POST', '/api/v1/invoices', {
      clientId: client.id,
      lines: [{ description: 'Work', quantity: '1', unitPrice: '100' }],
    });
    await call('POST', `/api/v1/invoices/${invoice.id}/send`, {});
    const deadline = Date.now() + 30_000;
    while (smtp.recipients.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(smtp.recipients).toEqual([['ana@client.example']]);
  } finally {
    await smtp.close();
  }
}

/** The port the embedded server listens on, from its postmaster.pid (line 4). */
function postmasterPort(dataDir: string): number {
  return Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[3]);
}
