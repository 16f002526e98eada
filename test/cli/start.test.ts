/**
 * The `remit` command as a user runs it: a real process, a real embedded PostgreSQL, real HTTP and signals.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/database.ts';
import {
  alive,
  freePort,
  type RemitRun,
  remit as startRemit,
  testRunDir,
  waitForOutput,
} from '../support/remit-process.ts';

let root: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'remit-cli-'));
  await chmod(root, 0o755);
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  // Stop any embedded server a failed test left behind, then remove the data.
  for (const dir of ['app', 'busy-port']) {
    const pidFile = path.join(root, dir, 'pg', 'postmaster.pid');
    if (existsSync(pidFile)) {
      try {
        process.kill(Number(readFileSync(pidFile, 'utf8').split('\n')[0]), 'SIGINT');
      } catch {}
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  await rm(root, { recursive: true, force: true });
  await rm(testRunDir, { recursive: true, force: true });
});

function remit(args: string[], env: Record<string, string | undefined>): RemitRun {
  return startRemit(args, env, children);
}

// Each `remit` run is a fresh Node process compiling TypeScript on the fly: seconds each on a small machine.
const CLI_TIMEOUT = 120_000;

describe('remit start on the embedded database', { timeout: CLI_TIMEOUT }, () => {
  it('starts, creates the admin, serves the API, shares the database with `remit migrate`, and shuts down cleanly', async () => {
    const dataDir = path.join(root, 'app');
    const port = await freePort();
    const env = {
      DATA_DIR: dataDir,
      PORT: String(port),
      EMBEDDED_PG_PORT: String(await freePort()),
      ADMIN_EMAIL: 'owner@example.com',
      ADMIN_PASSWORD: 'a-long-enough-password',
    };
    const server = remit(['start'], env);
    await waitForOutput(server, 'Remit is running');
    expect(server.output()).toContain(`staff app:     http://localhost:${port}/app\n`);
    expect(server.output()).toContain(`client portal: http://localhost:${port}/portal\n`);
    expect(server.output()).toContain(`API docs:      http://localhost:${port}/api/docs\n`);
    expect(server.output()).toContain('owner@example.com');

    const base = `http://127.0.0.1:${port}`;
    expect(await (await fetch(`${base}/readyz`)).json()).toEqual({ status: 'ready' });
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@example.com', password: 'a-long-enough-password' }),
    });
    expect(login.status).toBe(200);

    // A second process on the same data dir borrows the running database and leaves it running.
    const migrate = remit(['migrate'], env);
    expect(await migrate.exit).toBe(0);
    expect(migrate.output()).toContain('Database is up to date.');
    const token = remit(['tokens:create', '--email', 'owner@example.com', '--name', 'ci'], env);
    expect(await token.exit).toBe(0);
    const bearer = token.output().trim();
    expect(bearer).toMatch(/^remit_pat_/);
    const me = await fetch(`${base}/api/v1/auth/me`, { headers: { authorization: `Bearer ${bearer}` } });
    expect(await me.json()).toMatchObject({ role: 'admin', type: 'api_token' });

    const postmaster = Number(
      readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0],
    );
    expect(alive(postmaster)).toBe(true);
    server.child.kill('SIGTERM');
    expect(await server.exit).toBe(0);
    expect(alive(postmaster)).toBe(false);
  });

  it('says clearly that the HTTP port is taken, and leaves no database running', async () => {
    const blocker: Server = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const dataDir = path.join(root, 'busy-port');
      const run = remit(['start'], {
        DATA_DIR: dataDir,
        PORT: String(port),
        EMBEDDED_PG_PORT: String(await freePort()),
      });
      expect(await run.exit).toBe(1);
      expect(run.output()).toContain(`Port ${port} is already in use`);
      const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
      expect(existsSync(pidFile)).toBe(false);
    } finally {
      blocker.close();
    }
  });

  it('refuses a bad configuration with the variable named', async () => {
    const run = remit(['start'], { PORT: 'eighty', DATA_DIR: path.join(root, 'unused') });
    expect(await run.exit).toBe(1);
    expect(run.output()).toContain('PORT');
  });

  it('asks for APP_SECRET with an external database', async () => {
    const database = await createTestDatabase();
    try {
      const run = remit(['start'], { DATABASE_URL: database.url, PORT: String(await freePort()) });
      expect(await run.exit).toBe(1);
      expect(run.output()).toContain('Configuration error: APP_SECRET: must be set when DATABASE_URL is');
    } finally {
      await database.close();
    }
  });
});

describe('remit on an external database (DATABASE_URL)', { timeout: CLI_TIMEOUT }, () => {
  it('migrates, creates users, loads demo data and serves it', async () => {
    const database = await createTestDatabase();
    try {
      const env = {
        DATABASE_URL: database.url,
        APP_SECRET: 'a'.repeat(64),
        PORT: String(await freePort()),
        DATA_DIR: path.join(root, 'none'),
      };
      const user = remit(
        ['users:create', '--email', 'fin@example.com', '--password', 'finance-pass-1', '--role', 'finance'],
        env,
      );
      expect(await user.exit).toBe(0);
      expect(user.output()).toContain('Created finance fin@example.com');
      const demo = remit(['demo'], env);
      expect(await demo.exit).toBe(0);
      const token = remit(['tokens:create', '--email', 'fin@example.com', '--name', 'ci'], env);
      expect(await token.exit).toBe(0);

      const server = remit(['start'], env);
      await waitForOutput(server, 'Remit is running');
      const response = await fetch(`http://127.0.0.1:${env.PORT}/api/v1/invoices?limit=100`, {
        headers: { authorization: `Bearer ${token.output().trim()}` },
      });
      const body = (await response.json()) as { items: { status: string }[] };
      expect(body.items).toHaveLength(4);
      expect(body.items.map((invoice: { status: string }) => invoice.status).sort()).toEqual([
        'credited',
        'draft',
        'sent',
        'sent',
      ]);
      const quotes = await fetch(`http://127.0.0.1:${env.PORT}/api/v1/quotes`, {
        headers: { authorization: `Bearer ${token.output().trim()}` },
      });
      expect(((await quotes.json()) as { items: { status: string }[] }).items).toMatchObject([
        { status: 'sent' },
      ]);
      // Nothing embedded was started for an external database.
      expect(existsSync(path.join(root, 'none'))).toBe(false);
      server.child.kill('SIGINT');
      expect(await server.exit).toBe(0);
    } finally {
      await database.close();
    }
  });
});
