/**
 * A second terminal without the server's DATA_DIR / EMBEDDED_PG_PORT: its commands use the running server's data
 * (found through the server's run file) instead of creating an empty database, and refuse clearly once the server
 * is gone. Real `remit` processes, a real embedded PostgreSQL, real HTTP.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, remit, testRunDir, waitForOutput } from '../support/remit-process.ts';

let root: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'remit-second-'));
  await chmod(root, 0o755);
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  const pidFile = path.join(root, 'server', 'pg', 'postmaster.pid');
  if (existsSync(pidFile)) {
    try {
      process.kill(Number(readFileSync(pidFile, 'utf8').split('\n')[0]), 'SIGINT');
    } catch {}
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  await rm(root, { recursive: true, force: true });
  await rm(testRunDir, { recursive: true, force: true });
});

describe('commands in a second terminal', { timeout: 180_000 }, () => {
  it("use the running server's data, then refuse once it has stopped", async () => {
    const serverDir = path.join(root, 'server');
    const port = await freePort();
    const pgPort = await freePort();
    const server = remit(
      ['start'],
      {
        DATA_DIR: serverDir,
        PORT: String(port),
        EMBEDDED_PG_PORT: String(pgPort),
        ADMIN_EMAIL: 'owner@example.com',
        ADMIN_PASSWORD: 'a-long-enough-password',
      },
      children,
    );
    await waitForOutput(server, 'Remit is running');
    expect(readdirSync(testRunDir)).toContain(`${server.child.pid}.json`);

    // Another directory, the default database port: without the run file this would be a new, empty database.
    const elsewhere = path.join(root, 'elsewhere');
    const second = { DATA_DIR: elsewhere, PORT: String(await freePort()), EMBEDDED_PG_PORT: '' };
    const token = remit(['tokens:create', '--email', 'owner@example.com', '--name', 'cli'], second, children);
    expect(await token.exit).toBe(0);
    expect(token.output()).toContain(`using the running server's (pid ${server.child.pid}`);
    expect(token.output()).toContain(`DATA_DIR=${serverDir} EMBEDDED_PG_PORT=${pgPort}`);
    const bearer = token.output().match(/remit_pat_\S+/)?.[0];
    const me = await fetch(`http://127.0.0.1:${port}/api/v1/auth/me`, {
      headers: { authorization: `Bearer ${bearer}` },
    });
    expect(await me.json()).toMatchObject({ role: 'admin', type: 'api_token' });
    const user = remit(
      ['users:create', '--email', 'fin@example.com', '--password', 'finance-pass-1', '--role', 'finance'],
      second,
      children,
    );
    expect(await user.exit).toBe(0);
    const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'fin@example.com', password: 'finance-pass-1' }),
    });
    expect(login.status).toBe(200);
    expect(existsSync(elsewhere)).toBe(false);

    server.child.kill('SIGTERM');
    expect(await server.exit).toBe(0);
    expect(readdirSync(testRunDir)).not.toContain(`${server.child.pid}.json`);
    const refused = remit(
      ['tokens:create', '--email', 'owner@example.com', '--name', 'late'],
      second,
      children,
    );
    expect(await refused.exit).toBe(1);
    expect(refused.output()).toContain(
      `No Remit data in ${elsewhere} and no Remit server is running: start Remit first (npm start)`,
    );
    expect(existsSync(elsewhere)).toBe(false);
  });
});
