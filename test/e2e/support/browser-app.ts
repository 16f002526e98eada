import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { createGatewayFactory, type GatewayEndpoints } from '../../../src/adapters/gateways/registry.ts';
import { PdfWorkerPool } from '../../../src/adapters/pdf/pdf-worker-pool.ts';
import { buildApp } from '../../../src/http/app.ts';
import type { Mailer } from '../../../src/ports.ts';
import { deliverDueEmails } from '../../../src/services/email/deliver-due-emails.ts';
import { processWebhookEvents } from '../../../src/services/gateways/process-webhook-events.ts';
import { runBulkSends } from '../../../src/services/invoices/run-bulk-sends.ts';
import { receiptAttachmentSource } from '../../../src/services/payments/render-receipt-pdf.ts';
import type { SendingDeps } from '../../../src/services/sending/sending-deps.ts';
import { createUser } from '../../../src/services/users/create-user.ts';
import { TestClock } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { testMailer } from '../../support/smtp.ts';
import { ensureWebBuild } from './web-build.ts';

export const ADMIN = { email: 'admin@example.com', password: 'admin-password-1' };
export const FINANCE = { email: 'finance@example.com', password: 'finance-password' };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface BrowserApp {
  app: FastifyInstance;
  baseUrl: string;
  database: TestDatabase;
  deps: SendingDeps;
  clock: TestClock;
  mailer: Mailer;
  /** Delivers the outbox now (the job runner is not started in tests). */
  deliverEmails(): Promise<void>;
  /** Processes stored webhook events now, as the process-webhooks job would. */
  processWebhooks(): Promise<void>;
  /** Works through recorded bulk sends now, as the bulk-sends job would. */
  runBulkSends(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real app on a real socket, serving the built web app, with an admin and a finance user. `gateways` points the
 * payment adapters at local fakes of the providers.
 */
export async function startBrowserApp(options: { gateways?: GatewayEndpoints } = {}): Promise<BrowserApp> {
  await ensureWebBuild();
  const database = await createTestDatabase();
  // The browser runs on the real clock; keep the server's "today" the same day.
  const clock = new TestClock(new Date());
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const secretKey = randomBytes(32);
  const mailer = testMailer();
  const deps: SendingDeps = { db: database.db, clock, appUrl: baseUrl, secretKey };
  const gateways = createGatewayFactory(options.gateways);
  // The server's own PDF threads: receipts rendered at delivery leave the event loop to the requests.
  const pdfPool = new PdfWorkerPool();
  const app = await buildApp({
    pdfRenderer: pdfPool,
    deps: { db: database.db, clock },
    appUrl: baseUrl,
    logLevel: 'silent',
    sending: { secretKey, mailer },
    payments: { gateways, secretKey },
  });
  await createUser(deps, { ...ADMIN, role: 'admin', name: 'Ada Admin' });
  await createUser(deps, { ...FINANCE, role: 'finance', name: 'Finn Finance' });
  await app.listen({ port, host: '127.0.0.1' });
  return {
    app,
    baseUrl,
    database,
    deps,
    clock,
    mailer,
    async deliverEmails() {
      await deliverDueEmails(deps, mailer, {
        receiptPdf: receiptAttachmentSource({ ...deps, receiptRenderer: pdfPool.background }),
      });
    },
    async processWebhooks() {
      await processWebhookEvents(deps);
    },
    async runBulkSends() {
      await runBulkSends(deps);
    },
    async close() {
      await app.close();
      await pdfPool.close();
      await database.close();
    },
  };
}

export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Debian's chromium, headless, with a fresh profile; never a downloaded browser. `timezoneId` sets its time zone. */
export async function launchBrowser(
  viewport = { width: 1280, height: 900 },
  options: { timezoneId?: string } = {},
): Promise<TestBrowser> {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'remit-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    viewport,
    ...options,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(20_000);
  return {
    context,
    page,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Fails the test on any console error or CSP violation the page reports. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error' || /status of 4(00|01|03|04|09|22)/.test(message.text())) return;
    errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}
