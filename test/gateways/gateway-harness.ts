import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createGatewayFactory, type GatewayEndpoints } from '../../src/adapters/gateways/registry.ts';
import { buildApp } from '../../src/http/app.ts';
import { createApiToken } from '../../src/services/auth/create-api-token.ts';
import type { GatewayDeps } from '../../src/services/gateways/gateway-deps.ts';
import { createInvoiceLink } from '../../src/services/portal/create-invoice-link.ts';
import { createUser } from '../../src/services/users/create-user.ts';
import { TestClock } from '../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { type FakeStripe, startFakeStripe } from '../support/fakes/stripe.ts';
import { Browser } from '../support/portal-harness.ts';
import { testMailer } from '../support/smtp.ts';

export const APP_URL = 'http://localhost:3000';

export interface GatewayHarness {
  baseUrl: string;
  database: TestDatabase;
  deps: GatewayDeps;
  clock: TestClock;
  staff(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any; headers: Headers }>;
  /** A browser holding a link session for the invoice (as the contact who got the email). */
  contactBrowser(invoiceId: string, contactId: string): Promise<Browser>;
  /** A client with one contact and an issued invoice of `quantity` x `unitPrice` in `currency`. */
  issuedInvoice(currency: string, unitPrice: string): Promise<{ invoiceId: string; contactId: string }>;
  postWebhook(
    provider: string,
    body: string,
    headers: Record<string, string>,
  ): Promise<{ status: number; text: string }>;
  close(): Promise<void>;
}

/** The app on a real socket with its gateways pointed at local fakes, and the server's real mailer. */
export async function startGatewayHarness(endpoints: GatewayEndpoints): Promise<GatewayHarness> {
  const database = await createTestDatabase();
  const clock = new TestClock();
  const secretKey = randomBytes(32);
  const gateways = createGatewayFactory(endpoints);
  const deps: GatewayDeps = { db: database.db, clock, appUrl: APP_URL, secretKey, gateways };
  const app = await buildApp({
    deps: { db: database.db, clock },
    appUrl: APP_URL,
    logLevel: 'silent',
    sending: { secretKey, mailer: testMailer() },
    payments: { gateways, secretKey },
  });
  const admin = await createUser(deps, {
    email: 'admin@example.com',
    password: 'admin-password-1',
    role: 'admin',
  });
  const token = (await createApiToken(deps, admin.id, 'tests')).token;
  await app.listen({ host: '127.0.0.1', port: 0 });
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  const staff = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text.startsWith('{') ? JSON.parse(text) : text,
      headers: response.headers,
    };
  };

  let clients = 0;
  return {
    baseUrl,
    database,
    deps,
    clock,
    staff,
    async contactBrowser(invoiceId, contactId) {
      const link = await database.db
        .transaction()
        .execute((trx) => createInvoiceLink(trx, { invoiceId, contactId, now: clock.now() }));
      const browser = new Browser(baseUrl);
      const opened = await browser.get(`/api/portal/v1/links/${link.token}`);
      if (opened.status !== 200) throw new Error(`link: ${opened.status} ${JSON.stringify(opened.body)}`);
      return browser;
    },
    async issuedInvoice(currency, unitPrice) {
      clients += 1;
      const client = await staff('POST', '/api/v1/clients', {
        name: `Client ${clients}`,
        contacts: [{ name: `Payer ${clients}`, email: `payer${clients}@client.example` }],
      });
      if (client.status !== 201) throw new Error(`client: ${JSON.stringify(client.body)}`);
      const invoice = await staff('POST', '/api/v1/invoices', {
        clientId: client.body.id,
        currency,
        lines: [{ description: 'Consulting', quantity: '1', unitPrice }],
      });
      if (invoice.status !== 201) throw new Error(`invoice: ${JSON.stringify(invoice.body)}`);
      const sent = await staff('POST', `/api/v1/invoices/${invoice.body.id}/mark-sent`);
      if (sent.status !== 200) throw new Error(`mark-sent: ${JSON.stringify(sent.body)}`);
      return { invoiceId: invoice.body.id, contactId: client.body.contacts[0].id };
    },
    async postWebhook(provider, body, headers) {
      const response = await fetch(`${baseUrl}/api/webhooks/${provider}`, { method: 'POST', headers, body });
      return { status: response.status, text: await response.text() };
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}

export async function countRows(
  h: GatewayHarness,
  table: 'payments' | 'webhook_events' | 'webhook_rejections' | 'payment_refunds',
) {
  const row = await h.deps.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface StripeHarness {
  h: GatewayHarness;
  stripe: FakeStripe;
  /**
   * Signs like Stripe at the app's current time (with another `secret` to forge, or `offsetSeconds` from now) and
   * posts to the webhook. A string body is signed as it is.
   */
  deliver(
    event: Record<string, unknown> | string,
    options?: string | { secret?: string; offsetSeconds?: number },
  ): Promise<{ status: number; text: string }>;
  close(): Promise<void>;
}

/** The harness with a fake Stripe, and Stripe enabled in the settings with these credentials. */
export async function startStripeHarness(credentials: {
  secretKey: string;
  webhookSecret: string;
}): Promise<StripeHarness> {
  const stripe = await startFakeStripe(credentials);
  const h = await startGatewayHarness({ stripe: { host: '127.0.0.1', port: stripe.port, protocol: 'http' } });
  const saved = await h.staff('PUT', '/api/v1/settings/gateways/stripe', {
    enabled: true,
    mode: 'test',
    credentials,
  });
  if (saved.status !== 200) throw new Error(`stripe settings: ${JSON.stringify(saved.body)}`);
  return {
    h,
    stripe,
    deliver(event, options) {
      const { secret, offsetSeconds = 0 } =
        typeof options === 'string' ? { secret: options } : (options ?? {});
      const signed = stripe.sign(event, {
        timestamp: Math.floor(h.clock.now().getTime() / 1000) + offsetSeconds,
        ...(secret ? { secret } : {}),
      });
      return h.postWebhook('stripe', signed.body, {
        'content-type': 'application/json',
        'stripe-signature': signed.signature,
      });
    },
    async close() {
      await h.close();
      await stripe.close();
    },
  };
}
