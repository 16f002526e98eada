import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app.ts';
import type { Mailer } from '../../src/ports.ts';
import { createApiToken } from '../../src/services/auth/create-api-token.ts';
import type { SendingDeps } from '../../src/services/sending/sending-deps.ts';
import { createUser } from '../../src/services/users/create-user.ts';
import { TestClock } from './app.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { testMailer } from './smtp.ts';

export const TEST_APP_URL = 'https://billing.example.test';

export interface SendingTestApp {
  app: FastifyInstance;
  database: TestDatabase;
  deps: SendingDeps;
  clock: TestClock;
  mailer: Mailer;
  adminToken: string;
  financeToken: string;
  call(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
    token?: string | null,
  ): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

/** Like startTestApp, with the sending options a server gets from cli/start.ts: a known key and the real mailer. */
export async function startSendingApp(): Promise<SendingTestApp> {
  const database = await createTestDatabase();
  const clock = new TestClock();
  const secretKey = randomBytes(32);
  const mailer = testMailer();
  const deps: SendingDeps = { db: database.db, clock, appUrl: TEST_APP_URL, secretKey };
  const app = await buildApp({
    deps: { db: database.db, clock },
    appUrl: TEST_APP_URL,
    logLevel: 'silent',
    sending: { secretKey, mailer },
  });
  const admin = await createUser(deps, {
    email: 'admin@example.com',
    password: 'admin-password-1',
    role: 'admin',
  });
  const finance = await createUser(deps, {
    email: 'finance@example.com',
    password: 'finance-password',
    role: 'finance',
  });
  const adminToken = (await createApiToken(deps, admin.id, 'tests')).token;
  const financeToken = (await createApiToken(deps, finance.id, 'tests')).token;
  return {
    app,
    database,
    deps,
    clock,
    mailer,
    adminToken,
    financeToken,
    async call(method, url, body, token = adminToken) {
      const response = await app.inject({
        method,
        url,
        headers: token ? { authorization: `Bearer ${token}` } : {},
        ...(body === undefined ? {} : { payload: body as object }),
      });
      const text = response.body;
      return {
        status: response.statusCode,
        body: text && response.headers['content-type']?.toString().includes('json') ? JSON.parse(text) : text,
      };
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}
