/**
 * `remit start` against an external PostgreSQL that is not there yet, and several processes starting at once on
 * one empty database: real processes, a real server, real HTTP.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../support/database.ts';
import { freePort, remit, waitForOutput } from '../support/remit-process.ts';
import { tcpProxy } from '../support/tcp-proxy.ts';

const APP_SECRET = 'start-test-secret-of-at-least-32-characters';
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

/** The URL of `database` reached through another host:port. */
function through(url: string, port: number): string {
  const parsed = new URL(url);
  parsed.host = `127.0.0.1:${port}`;
  return parsed.toString();
}

describe('starting against an external PostgreSQL', { timeout: 120_000 }, () => {
  it('waits for a database that is down, saying so once per try, and serves as soon as it is up', async () => {
    const database = await createTestDatabase({ max: 1 });
    const proxy = tcpProxy(await freePort(), { host: '127.0.0.1', port: Number(new URL(database.url).port) });
    try {
      const port = await freePort();
      const server = remit(
        ['start'],
        {
          DATABASE_URL: through(database.url, proxy.port),
          APP_SECRET,
          PORT: String(port),
          LOG_LEVEL: 'info',
        },
        children,
      );
      await waitForOutput(server, 'is not reachable (ECONNREFUSED); trying again in 1 s');
      expect(server.child.exitCode).toBeNull();
      expect(server.output()).not.toMatch(/\n\s+at /); // a log line, not a stack trace

      await proxy.open();
      await waitForOutput(server, 'Remit is running');
      expect(server.output()).toContain(`PostgreSQL at 127.0.0.1:${proxy.port} is reachable`);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);

      server.child.kill('SIGTERM');
      expect(await server.exit).toBe(0);
    } finally {
      await proxy.close();
      await database.close();
    }
  });

  it('stops at once with a plain message when the database refuses the credentials', async () => {
    const database = await createTestDatabase({ max: 1 });
    try {
      const url = new URL(database.url);
      url.pathname = `/${database.name}_missing`;
      const server = remit(['start'], {
        DATABASE_URL: url.toString(),
        APP_SECRET,
        PORT: String(await freePort()),
      });
      expect(await server.exit).toBe(1);
      expect(server.output()).toContain(`Database error: PostgreSQL at ${url.host} refused Remit`);
      expect(server.output()).toContain('does not exist');
    } finally {
      await database.close();
    }
  });

  it('lets several processes start together on an empty database: each runs, one admin exists', async () => {
    // A database of its own with nothing in it (not the migrated template), named so the run's teardown drops it.
    const admin = new pg.Client({ connectionString: inject('adminUrl') });
    await admin.connect();
    const name = `remit_t_${inject('templateDatabase').split('_')[2]}_${randomBytes(6).toString('hex')}`;
    await admin.query(`create database ${name}`);
    const url = new URL(inject('adminUrl'));
    url.pathname = `/${name}`;
    try {
      const ports = await Promise.all([freePort(), freePort(), freePort()]);
      const servers = ports.map((port) =>
        remit(
          ['start'],
          {
            DATABASE_URL: url.toString(),
            APP_SECRET,
            PORT: String(port),
            ADMIN_EMAIL: 'owner@example.com',
            ADMIN_PASSWORD: 'a-long-enough-password',
          },
          children,
        ),
      );
      await Promise.all(servers.map((server) => waitForOutput(server, 'Remit is running')));
      for (const port of ports) expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
      const scoped = new pg.Client({ connectionString: url.toString() });
      await scoped.connect();
      const users = await scoped.query('select email from users').finally(() => scoped.end());
      expect(users.rows).toEqual([{ email: 'owner@example.com' }]);
      for (const server of servers) server.child.kill('SIGTERM');
      expect(await Promise.all(servers.map((server) => server.exit))).toEqual([0, 0, 0]);
    } finally {
      await admin.end();
    }
  });
});
