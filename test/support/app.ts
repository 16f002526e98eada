import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { type AppOptions, buildApp } from '../../src/http/app.ts';
import type { Clock } from '../../src/ports.ts';
import { createApiToken } from '../../src/services/auth/create-api-token.ts';
import type { ServiceDeps } from '../../src/services/context.ts';
import { createUser } from '../../src/services/users/create-user.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

/** A clock tests can set and move. */
export class TestClock implements Clock {
  constructor(private current = new Date('2026-11-25T10:00:00Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  set(iso: string): void {
    this.current = new Date(iso);
  }
}

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  deps: ServiceDeps;
  clock: TestClock;
  adminToken: string;
  financeToken: string;
  /** Every route the app registered, as [METHOD, url]. */
  routes: [string, string][];
  /** The key the app encrypts and signs with. */
  secretKey: Buffer;
  /** Sends a request as the admin (Bearer) unless `token` says otherwise; returns status and parsed body. */
  call(
    method: InjectOptions['method'],
    url: string,
    body?: unknown,
    token?: string | null,
  ): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  appUrl?: string;
  /** What cli/start.ts passes for email: a known key and a mailer. */
  sending?: AppOptions['sending'];
  /** A PDF renderer of the test's own (e.g. a small worker pool); by default the app makes its pool. */
  pdfRenderer?: AppOptions['pdfRenderer'];
  /**
   * The "corrections need a credit note" setting. New installs have it on; tests written before credit notes void
   * issued invoices, so it starts off unless a test asks for it (credit-notes tests cover both).
   */
  correctionsNeedCreditNote?: boolean;
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  await database.db
    .updateTable('settings')
    .set({ corrections_need_credit_note: options.correctionsNeedCreditNote ?? false })
    .execute();
  const clock = new TestClock();
  const deps = { db: database.db, clock };
  const routes: [string, string][] = [];
  const secretKey = options.sending?.secretKey ?? randomBytes(32);
  const app = await buildApp({
    deps,
    appUrl: options.appUrl ?? 'http://localhost:3000',
    logLevel: 'silent',
    sending: options.sending,
    payments: { secretKey },
    pdfRenderer: options.pdfRenderer,
    onRoute: (route) => {
      for (const method of [route.method].flat()) routes.push([method, route.url]);
    },
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
    adminToken,
    financeToken,
    routes,
    secretKey,
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
        headers: response.headers,
      };
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}
