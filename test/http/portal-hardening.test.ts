import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.ts';
import {
  activateContact,
  createInvoice,
  createParty,
  makeLink,
  type Party,
  type PortalHarness,
  resetRateLimits,
  startPortalHarness,
  takeEmail,
} from '../support/portal-harness.ts';

let h: PortalHarness;
let acme: Party;

beforeAll(async () => {
  h = await startPortalHarness();
  acme = await createParty(h, 'Acme', [{ name: 'Ada Acme', email: 'ada@acme.example' }]);
  await activateContact(h, acme.contacts[0]!, 'ada-portal-pass');
});

afterAll(async () => {
  await h.close();
});

beforeEach(async () => {
  h.clock.set('2026-11-25T10:00:00Z');
  await resetRateLimits(h);
});

async function login(
  app: { inject: PortalHarness['app']['inject'] },
  password: string,
  remoteAddress = '203.0.113.5',
  email = 'ada@acme.example',
) {
  const response = await app.inject({
    method: 'POST',
    url: '/api/portal/v1/auth/login',
    payload: { email, password },
    remoteAddress,
  });
  return { status: response.statusCode, retryAfter: response.headers['retry-after'], body: response.json() };
}

describe('rate limits with growing delay, in the database', () => {
  it('slows an account down after 5 failures, doubling the wait, and counts across server processes', async () => {
    // A second server process on the same database: the counters must be shared, not per process.
    const other = await buildApp({ deps: h.deps, appUrl: 'http://localhost:3000', logLevel: 'silent' });
    try {
      for (let i = 0; i < 3; i++) expect((await login(h.app, 'wrong-password')).status).toBe(401);
      for (let i = 0; i < 2; i++) expect((await login(other, 'wrong-password')).status).toBe(401);
      // Sixth failure: over the allowance, the account is blocked for 2 s.
      expect((await login(other, 'wrong-password')).status).toBe(401);
      const blocked = await login(h.app, 'ada-portal-pass');
      expect(blocked.status).toBe(429);
      expect(blocked.retryAfter).toBe('2');
      expect(blocked.body.code).toBe('rate_limited');
      // The wait is for the failing address only: the owner signs in from another one at once.
      expect((await login(other, 'ada-portal-pass', '198.51.100.7')).status).toBe(200);
      h.clock.set('2026-11-25T10:00:03Z');
      expect((await login(h.app, 'wrong-password')).status).toBe(401);
      const longer = await login(h.app, 'ada-portal-pass');
      expect(longer.status).toBe(429);
      expect(longer.retryAfter).toBe('4');
      h.clock.set('2026-11-25T10:00:08Z');
      expect((await login(h.app, 'ada-portal-pass')).status).toBe(200);
      // Success forgets this address's failures on the account.
      expect((await login(h.app, 'wrong-password')).status).toBe(401);
      expect((await login(h.app, 'ada-portal-pass')).status).toBe(200);
    } finally {
      await other.close();
    }
  }, 120_000);

  it('limits one address trying many accounts', async () => {
    for (let i = 0; i < 30; i++) {
      expect((await login(h.app, 'wrong-password', '203.0.113.9', `user${i}@example.com`)).status).toBe(401);
    }
    expect((await login(h.app, 'wrong-password', '203.0.113.9', 'user31@example.com')).status).toBe(401);
    expect((await login(h.app, 'ada-portal-pass', '203.0.113.9')).status).toBe(429);
    expect((await login(h.app, 'ada-portal-pass', '203.0.113.10')).status).toBe(200);
    // 32 scrypt verifications: slow by design, slower still on a busy machine.
  }, 180_000);

  it('limits reset, sign-in link and link resend requests per account and per address', async () => {
    const ask = (url: string, payload: object, remoteAddress = '203.0.113.20') =>
      h.app.inject({ method: 'POST', url, payload, remoteAddress }).then((r) => r.statusCode);
    for (let i = 0; i < 3; i++) {
      expect(await ask('/api/portal/v1/auth/password-reset', { email: 'ada@acme.example' })).toBe(202);
    }
    expect(await ask('/api/portal/v1/auth/password-reset', { email: 'ada@acme.example' })).toBe(202);
    expect(
      await ask('/api/portal/v1/auth/password-reset', { email: 'ada@acme.example' }, '203.0.113.21'),
    ).toBe(429);
    // Unknown addresses are limited alike, so the limit tells nothing about accounts.
    for (let i = 0; i < 4; i++) await ask('/api/portal/v1/auth/login-link', { email: 'ghost@example.com' });
    expect(await ask('/api/portal/v1/auth/login-link', { email: 'ghost@example.com' })).toBe(429);
    const resend = { token: 'rl_some-token' };
    for (let i = 0; i < 4; i++) await ask('/api/portal/v1/links/resend', resend);
    expect(await ask('/api/portal/v1/links/resend', resend)).toBe(429);
  });

  it('slows down guessing of link tokens from one address', async () => {
    let last = 0;
    for (let i = 0; i < 62; i++) {
      const response = await h.app.inject({
        method: 'GET',
        url: `/api/portal/v1/links/rl_guess${i}`,
        remoteAddress: '203.0.113.30',
      });
      last = response.statusCode;
    }
    expect(last).toBe(429);
  });
});

describe('security headers', () => {
  it('sends a strict CSP everywhere, the API reference included', async () => {
    const api = await h.app.inject({ method: 'GET', url: '/api/portal/v1/me' });
    const csp = String(api.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(api.headers['x-content-type-options']).toBe('nosniff');
    expect(api.headers['referrer-policy']).toBe('no-referrer');

    const home = await h.app.inject({ method: 'GET', url: '/' });
    expect(String(home.headers['content-security-policy'])).not.toContain('unsafe-inline');

    const docs = await h.app.inject({ method: 'GET', url: '/api/docs' });
    expect(docs.statusCode).toBeLessThan(400);
    expect(String(docs.headers['content-security-policy'])).not.toContain('unsafe-inline');
    expect(String(docs.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
  });

  it('marks cookies Secure and sends HSTS when APP_URL is https', async () => {
    const secure = await buildApp({
      deps: h.deps,
      appUrl: 'https://billing.example.com',
      logLevel: 'silent',
    });
    try {
      const response = await secure.inject({
        method: 'POST',
        url: '/api/portal/v1/auth/login',
        payload: { email: 'ada@acme.example', password: 'ada-portal-pass' },
        remoteAddress: '203.0.113.40',
      });
      expect(response.statusCode).toBe(200);
      const cookie = String(response.headers['set-cookie']);
      expect(cookie).toMatch(/remit_portal=.*; .*Secure/i);
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      expect(response.headers['strict-transport-security']).toContain('max-age=');
      expect(String(response.headers['content-security-policy'])).toContain('upgrade-insecure-requests');
    } finally {
      await secure.close();
    }
  });
});

describe('user text is inert in every email and page', () => {
  const script = '<script>alert("x")</script>';
  const image = '<img src=x onerror=alert(1)>';

  it('escapes names, business name and invoice text in portal and invoice emails', async () => {
    await h.staff('PATCH', '/api/v1/settings', { businessName: `Evil ${image} Studio` });
    const evil = await createParty(h, `Client ${script}`, [
      { name: `Eve ${script}`, email: 'eve@evil.example' },
    ]);
    const contact = evil.contacts[0]!;
    expect((await h.staff('POST', `/api/v1/contacts/${contact.id}/portal/invite`)).status).toBe(200);
    const invoice = await createInvoice(h, evil.clientId, {
      description: `Work ${script}`,
      notes: `Note ${image}`,
    });
    const expired = await makeLink(h, invoice.id, contact.id, new Date('2026-09-01T00:00:00Z'), 30);
    await h.browser().post('/api/portal/v1/links/resend', { token: expired.token });
    const sent = await h.staff('POST', `/api/v1/invoices/${invoice.id}/send`, {});

    const emails = await h.deps.db
      .selectFrom('email_outbox')
      .selectAll()
      .where('to_address', '=', 'eve@evil.example')
      .execute();
    const kinds = emails.map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['portal_invite', 'portal_link']));
    // The invoice email itself (built by the sending use case) is held to the same rule.
    expect(sent.status).toBe(200);
    expect(kinds).toContain('invoice');
    for (const email of emails) {
      expect(email.html).not.toMatch(/<script/i);
      expect(email.html).not.toMatch(/<img src=x/i);
      expect(email.html).not.toMatch(/<[^>]*onerror/i);
      expect(email.subject).not.toContain('&lt;');
    }
    const invite = (await takeEmail(h, 'portal_invite', 'eve@evil.example'))!;
    expect(invite.html).toContain('Eve &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(invite.html).toContain('Evil &lt;img src=x onerror=alert(1)&gt; Studio');
    // The plain text part carries the text as written: it is never rendered as HTML.
    expect(invite.text).toContain(`Eve ${script}`);
  });

  it('serves the portal JSON as JSON, never as a page', async () => {
    const evil = await createParty(h, 'Json Co', [{ name: `Jo ${script}`, email: 'jo@json.example' }]);
    const browser = await activateContact(h, evil.contacts[0]!);
    const me = await browser.get('/api/portal/v1/me');
    expect(me.headers.get('content-type')).toMatch(/^application\/json/);
    expect(me.headers.get('x-content-type-options')).toBe('nosniff');
    expect(me.body.contact.name).toBe(`Jo ${script}`);
  });
});
