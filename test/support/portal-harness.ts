import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { buildApp } from '../../src/http/app.ts';
import { createApiToken } from '../../src/services/auth/create-api-token.ts';
import type { ServiceDeps } from '../../src/services/context.ts';
import { openLinkToken, withLinkToken } from '../../src/services/email/link-token.ts';
import { createInvoiceLink } from '../../src/services/portal/create-invoice-link.ts';
import { createUser } from '../../src/services/users/create-user.ts';
import { TestClock } from './app.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { testMailer } from './smtp.ts';

export interface HttpResult {
  status: number;
  body: any;
  headers: Headers;
  setCookies: string[];
}

/** The app on a real socket, with the route list it registered, staff tokens and a way to act as a browser. */
export interface PortalHarness {
  app: FastifyInstance;
  baseUrl: string;
  database: TestDatabase;
  deps: ServiceDeps;
  /** The app key: link tokens of queued emails are stored encrypted with it. */
  secretKey: Buffer;
  clock: TestClock;
  adminToken: string;
  financeToken: string;
  routes: { method: string; url: string }[];
  staff(method: string, path: string, body?: unknown, token?: string): Promise<HttpResult>;
  browser(): Browser;
  close(): Promise<void>;
}

async function send(
  baseUrl: string,
  method: string,
  path: string,
  init: { body?: unknown; headers?: Record<string, string> },
) {
  const headers: Record<string, string> = { ...init.headers };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    redirect: 'manual',
  });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  return {
    status: response.status,
    body: text && type.includes('json') ? JSON.parse(text) : text,
    headers: response.headers,
    setCookies: response.headers.getSetCookie(),
  };
}

/** A browser's view of the portal: keeps cookies like a browser does and sends the CSRF token when told. */
export class Browser {
  readonly cookies = new Map<string, string>();
  csrfToken: string | null = null;
  constructor(private readonly baseUrl: string) {}

  async request(
    method: string,
    path: string,
    body?: unknown,
    options: { csrf?: boolean } = {},
  ): Promise<HttpResult> {
    const headers: Record<string, string> = {};
    if (this.cookies.size) {
      headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    }
    if (options.csrf !== false && this.csrfToken && method !== 'GET')
      headers['x-csrf-token'] = this.csrfToken;
    const result = await send(this.baseUrl, method, path, { body, headers });
    for (const cookie of result.setCookies) {
      const [pair] = cookie.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      if (!value || /expires=Thu, 01 Jan 1970/i.test(cookie) || /max-age=0/i.test(cookie))
        this.cookies.delete(name!);
      else this.cookies.set(name!, value);
    }
    if (result.body && typeof result.body === 'object' && typeof result.body.csrfToken === 'string') {
      this.csrfToken = result.body.csrfToken;
    }
    return result;
  }

  get(path: string) {
    return this.request('GET', path);
  }
  post(path: string, body?: unknown, options?: { csrf?: boolean }) {
    return this.request('POST', path, body ?? {}, options);
  }
}

export async function startPortalHarness(
  options: {
    appUrl?: string;
    onRoute?: (route: RouteOptions) => void;
    /** "Corrections need a credit note": off unless asked, as in startTestApp (tests here void issued invoices). */
    correctionsNeedCreditNote?: boolean;
  } = {},
): Promise<PortalHarness> {
  const database = await createTestDatabase();
  await database.db
    .updateTable('settings')
    .set({ corrections_need_credit_note: options.correctionsNeedCreditNote ?? false })
    .execute();
  const clock = new TestClock();
  const deps = { db: database.db, clock };
  const routes: { method: string; url: string }[] = [];
  const secretKey = randomBytes(32);
  const app = await buildApp({
    deps,
    appUrl: options.appUrl ?? 'http://localhost:3000',
    logLevel: 'silent',
    sending: { secretKey, mailer: testMailer() },
    onRoute: (route) => {
      for (const method of [route.method].flat()) routes.push({ method, url: route.url });
      options.onRoute?.(route);
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
  await app.listen({ host: '127.0.0.1', port: 0 });
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    app,
    baseUrl,
    database,
    deps,
    secretKey,
    clock,
    adminToken,
    financeToken,
    routes,
    staff: (method, path, body, token = adminToken) =>
      send(baseUrl, method, path, { body, headers: { authorization: `Bearer ${token}` } }),
    browser: () => new Browser(baseUrl),
    async close() {
      await app.close();
      await database.close();
    },
  };
}

const takenEmails = new WeakMap<PortalHarness, Set<string>>();

/**
 * The email of a kind (to an address) that the test has not taken yet, as it would be delivered: with the token of
 * its link (stored encrypted beside the body) put back in html and text, and on its own as `token`. Emails queued at
 * the same instant of the test clock cannot be told apart by time, so each test takes an email right after the
 * request that queued it, and an email is never handed out twice.
 */
export async function takeEmail(h: PortalHarness, kind: string, to?: string) {
  const taken = takenEmails.get(h) ?? new Set<string>();
  takenEmails.set(h, taken);
  let query = h.deps.db.selectFrom('email_outbox').selectAll().where('kind', '=', kind);
  if (to) query = query.where('to_address', '=', to);
  const rows = (await query.orderBy('created_at', 'desc').execute()).filter((row) => !taken.has(row.id));
  if (rows.length > 1 && rows[0]!.created_at.getTime() === rows[1]!.created_at.getTime()) {
    throw new Error(
      `Several untaken "${kind}" emails queued at the same instant: take each one as it is queued`,
    );
  }
  const row = rows[0];
  if (!row) return null;
  taken.add(row.id);
  const token = row.link_token_encrypted
    ? openLinkToken(h.secretKey, row.id, row.link_token_encrypted)
    : null;
  if (!token) return { ...row, token: null };
  return { ...row, html: withLinkToken(row.html, token), text: withLinkToken(row.text, token), token };
}

export async function countEmails(h: PortalHarness, kind: string): Promise<number> {
  const row = await h.deps.db
    .selectFrom('email_outbox')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('kind', '=', kind)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function makeLink(
  h: PortalHarness,
  invoiceId: string,
  contactId: string,
  now = h.clock.now(),
  ttlDays?: number,
) {
  return h.deps.db
    .transaction()
    .execute((trx) => createInvoiceLink(trx, { invoiceId, contactId, now, ...(ttlDays ? { ttlDays } : {}) }));
}

export interface Party {
  clientId: string;
  contacts: { id: string; name: string; email: string }[];
}

export async function createParty(
  h: PortalHarness,
  name: string,
  contacts: { name: string; email: string }[],
): Promise<Party> {
  const response = await h.staff('POST', '/api/v1/clients', { name, contacts });
  if (response.status !== 201) throw new Error(`client: ${response.status} ${JSON.stringify(response.body)}`);
  return { clientId: response.body.id, contacts: response.body.contacts };
}

export async function createInvoice(
  h: PortalHarness,
  clientId: string,
  options: { issue?: boolean; description?: string; notes?: string } = {},
): Promise<{ id: string; number: string | null }> {
  const created = await h.staff('POST', '/api/v1/invoices', {
    clientId,
    notes: options.notes ?? '',
    lines: [{ description: options.description ?? 'Consulting', quantity: '2', unitPrice: '150.00' }],
  });
  if (created.status !== 201) throw new Error(`invoice: ${created.status} ${JSON.stringify(created.body)}`);
  if (options.issue === false) return { id: created.body.id, number: null };
  const sent = await h.staff('POST', `/api/v1/invoices/${created.body.id}/mark-sent`);
  if (sent.status !== 200) throw new Error(`mark-sent: ${sent.status} ${JSON.stringify(sent.body)}`);
  return { id: sent.body.id, number: sent.body.number };
}

/** Invites the contact and sets a password through the emailed token; returns the signed-in browser. */
export async function activateContact(
  h: PortalHarness,
  contact: { id: string; email: string },
  password = 'portal-password-1',
) {
  const invited = await h.staff('POST', `/api/v1/contacts/${contact.id}/portal/invite`);
  if (invited.status !== 200) throw new Error(`invite: ${invited.status} ${JSON.stringify(invited.body)}`);
  const email = await takeEmail(h, 'portal_invite', contact.email);
  const browser = h.browser();
  const accepted = await browser.post('/api/portal/v1/auth/accept-invitation', {
    token: email!.token,
    password,
  });
  if (accepted.status !== 200) throw new Error(`accept: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  return browser;
}

/** Every test browser comes from 127.0.0.1: tests that are not about limits start from clean counters. */
export async function resetRateLimits(h: PortalHarness): Promise<void> {
  await h.deps.db.deleteFrom('rate_limits').execute();
}
