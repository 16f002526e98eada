import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.ts';
import { createApiToken } from '../../src/services/auth/create-api-token.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

/**
 * Two more app instances on the test app's database, each with its own authentication cache, stand for two server
 * processes: what one of them changes, the other must see at once.
 */
describe('staff authentication cached per process', () => {
  let t: TestApp;
  let first: FastifyInstance;
  let second: FastifyInstance;

  const cachedApp = () =>
    buildApp({
      deps: t.deps,
      appUrl: 'http://localhost:3000',
      logLevel: 'silent',
      authCache: { connectionString: t.database.url },
    });
  const listening = async () => {
    // The listeners connect in the background; until then the cache is off and every request reads the database.
    for (let i = 0; i < 100; i++) {
      const rows = await t.database.pool.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity
          where application_name = 'remit-auth-listener' and datname = current_database()
            and state = 'idle' and query like 'listen %'`,
      );
      if (rows.rows[0]!.n >= 2) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the auth listeners did not connect');
  };
  const get = (app: FastifyInstance, token: string) =>
    app
      .inject({ method: 'GET', url: '/api/v1/clients', headers: { authorization: `Bearer ${token}` } })
      .then((response) => response.statusCode);
  const eventually = async (check: () => Promise<boolean>) => {
    const started = Date.now();
    while (Date.now() - started < 2_000) {
      if (await check()) return Date.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('not seen within 2 s');
  };

  beforeAll(async () => {
    t = await startTestApp();
    first = await cachedApp();
    second = await cachedApp();
    await listening();
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await t?.close();
  });

  it('serves a known token from the cache: a change the database does not announce is not seen', async () => {
    const admin = await t.database.db
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'admin')
      .executeTakeFirstOrThrow();
    const { id, token } = await createApiToken(t.deps, admin.id, 'cached');
    expect(await get(first, token)).toBe(200);
    // Revoked behind the triggers' back (replica role skips them): the cached entry still answers, which shows the
    // cache is what answers; the next test shows announced changes are seen.
    const client = await t.database.pool.connect();
    try {
      await client.query('begin');
      await client.query('set local session_replication_role = replica');
      await client.query('update api_tokens set revoked_at = now() where id = $1', [id]);
      await client.query('commit');
    } finally {
      client.release();
    }
    expect(await get(first, token)).toBe(200);
    expect(await get(t.app, token)).toBe(401);
  });

  it('a token revoked through one process is refused by the other at once', async () => {
    const created = await first.inject({
      method: 'POST',
      url: '/api/v1/api-tokens',
      headers: { authorization: `Bearer ${t.adminToken}` },
      payload: { name: 'to revoke' },
    });
    const { id, token } = created.json() as { id: string; token: string };
    expect(await get(first, token)).toBe(200);
    expect(await get(second, token)).toBe(200);
    expect(await get(second, token)).toBe(200);
    const revoked = await first.inject({
      method: 'DELETE',
      url: `/api/v1/api-tokens/${id}`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(revoked.statusCode).toBeLessThan(300);
    expect(await get(first, token)).toBe(401);
    await eventually(async () => (await get(second, token)) === 401);
  });

  it('a user deactivated in one process loses access in the other, for tokens and sessions alike', async () => {
    expect(await get(second, t.financeToken)).toBe(200);
    const login = await second.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'finance@example.com', password: 'finance-password' },
    });
    expect(login.statusCode).toBeLessThan(300);
    const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const bySession = () =>
      second
        .inject({ method: 'GET', url: '/api/v1/clients', headers: { cookie } })
        .then((response) => response.statusCode);
    expect(await bySession()).toBe(200);
    expect(await bySession()).toBe(200);

    const finance = await t.database.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'finance@example.com')
      .executeTakeFirstOrThrow();
    const changed = await first.inject({
      method: 'PATCH',
      url: `/api/v1/users/${finance.id}`,
      headers: { authorization: `Bearer ${t.adminToken}` },
      payload: { active: false },
    });
    expect(changed.statusCode).toBe(200);
    await eventually(async () => (await get(second, t.financeToken)) === 401);
    await eventually(async () => (await bySession()) === 401);
  });
});
