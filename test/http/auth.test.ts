import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let adminId: string;

interface Session {
  cookie: string;
  csrfToken: string;
  userId: string;
}

async function login(email: string, password: string) {
  return t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
}

async function loginSession(email: string, password: string): Promise<Session> {
  const response = await login(email, password);
  expect(response.statusCode).toBe(200);
  const cookie = response.cookies.find((c) => c.name === 'remit_session');
  expect(cookie).toBeDefined();
  const body = response.json();
  return { cookie: cookie!.value, csrfToken: body.csrfToken, userId: body.user.id };
}

/** A request authenticated by the session cookie (and the CSRF header when `csrf` is given). */
async function withCookie(
  method: InjectOptions['method'],
  url: string,
  session: Pick<Session, 'cookie'>,
  options: { csrf?: string; body?: object } = {},
) {
  const response = await t.app.inject({
    method,
    url,
    cookies: { remit_session: session.cookie },
    headers: options.csrf === undefined ? {} : { 'x-csrf-token': options.csrf },
    ...(options.body === undefined ? {} : { payload: options.body }),
  });
  return {
    status: response.statusCode,
    body: response.body ? response.json() : undefined,
    headers: response.headers,
  };
}

async function newUser(role: 'admin' | 'finance', password = 'a-long-password-1') {
  const email = `${role}-${Math.random().toString(36).slice(2, 10)}@example.com`;
  const created = await t.call('POST', '/api/v1/users', { email, role, password, name: `New ${role}` });
  expect(created.status).toBe(201);
  return { id: created.body.id as string, email, password };
}

beforeAll(async () => {
  t = await startTestApp();
  const me = await t.call('GET', '/api/v1/auth/me');
  expect(me.status).toBe(200);
  adminId = me.body.userId;
});

afterAll(async () => {
  await t.close();
});

describe('login', () => {
  it('accepts the email in any case, sets an HttpOnly SameSite=Lax cookie and returns the CSRF token', async () => {
    const response = await login('  ADMIN@Example.COM ', 'admin-password-1');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.user).toMatchObject({ id: adminId, email: 'admin@example.com', role: 'admin', active: true });
    expect(body.user).not.toHaveProperty('passwordHash');
    expect(typeof body.csrfToken).toBe('string');
    expect(body.csrfToken.length).toBeGreaterThanOrEqual(20);

    const cookie = response.cookies.find((c) => c.name === 'remit_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie!.value).toMatch(/^remit_sess_/);
    expect(cookie!.maxAge).toBe(14 * 24 * 60 * 60);
    // The test app runs on http://localhost:3000: a Secure cookie would never be sent back.
    expect(cookie!.secure).toBeFalsy();
    const raw = String(response.headers['set-cookie']);
    expect(raw).toMatch(/HttpOnly/i);
    expect(raw).toMatch(/SameSite=Lax/i);
    expect(raw).not.toMatch(/;\s*Secure/i);
  });

  it('answers who is calling for a session cookie', async () => {
    const session = await loginSession('admin@example.com', 'admin-password-1');
    const me = await withCookie('GET', '/api/v1/auth/me', session);
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      type: 'user',
      id: adminId,
      name: 'admin@example.com',
      role: 'admin',
      userId: adminId,
    });
  });

  it('gives a wrong password and an unknown email the same 401 answer', async () => {
    const wrongPassword = await login('admin@example.com', 'not-the-password');
    const unknownEmail = await login('nobody@example.com', 'admin-password-1');
    expect(wrongPassword.statusCode).toBe(401);
    expect(unknownEmail.statusCode).toBe(401);
    expect(wrongPassword.headers['content-type']).toMatch(/application\/problem\+json/);
    const a = wrongPassword.json();
    const b = unknownEmail.json();
    expect(a.code).toBe('unauthenticated');
    expect(a.detail).toBe('Email or password is incorrect');
    expect(b).toEqual(a);
    expect(wrongPassword.cookies).toEqual([]);
  });

  it('rejects a login body with missing fields as a 400 naming them', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'admin@example.com' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((e: { field: string }) => e.field)).toContain('password');
  });
});

describe('session cookie and CSRF', () => {
  let session: Session;

  beforeAll(async () => {
    session = await loginSession('admin@example.com', 'admin-password-1');
  });

  it('refuses a cookie-authenticated write without the X-CSRF-Token header', async () => {
    const response = await withCookie('POST', '/api/v1/clients', session, { body: { name: 'No CSRF Ltd' } });
    expect(response.status).toBe(403);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 403, code: 'forbidden' });
    expect(response.body.detail).toMatch(/X-CSRF-Token/);
    const list = await t.call('GET', '/api/v1/clients?q=No%20CSRF');
    expect(list.body.items).toEqual([]);
  });

  it('refuses a cookie-authenticated write with a wrong X-CSRF-Token', async () => {
    const wrong = `${session.csrfToken.slice(0, -1)}${session.csrfToken.endsWith('A') ? 'B' : 'A'}`;
    const response = await withCookie('POST', '/api/v1/clients', session, {
      csrf: wrong,
      body: { name: 'Wrong CSRF Ltd' },
    });
    expect(response.status).toBe(403);
    const short = await withCookie('PATCH', '/api/v1/settings', session, {
      csrf: 'x',
      body: { businessName: 'Nope' },
    });
    expect(short.status).toBe(403);
  });

  it('does not accept the CSRF token of another session', async () => {
    const other = await loginSession('admin@example.com', 'admin-password-1');
    const response = await withCookie('POST', '/api/v1/clients', session, {
      csrf: other.csrfToken,
      body: { name: 'Crossed Ltd' },
    });
    expect(response.status).toBe(403);
  });

  it('accepts a cookie-authenticated write with the right X-CSRF-Token', async () => {
    const response = await withCookie('POST', '/api/v1/clients', session, {
      csrf: session.csrfToken,
      body: { name: 'Cookie Client Ltd' },
    });
    expect(response.status).toBe(201);
    expect(response.body.name).toBe('Cookie Client Ltd');
  });

  it('needs no CSRF token for reads', async () => {
    const response = await withCookie('GET', '/api/v1/clients', session);
    expect(response.status).toBe(200);
  });

  it('ignores an unknown session cookie (401, not 403)', async () => {
    const response = await withCookie(
      'POST',
      '/api/v1/clients',
      { cookie: 'remit_sess_forged' },
      {
        body: { name: 'Forged Ltd' },
      },
    );
    expect(response.status).toBe(401);
  });

  it('logout deletes the session, so the cookie no longer works', async () => {
    const own = await loginSession('admin@example.com', 'admin-password-1');
    expect((await withCookie('GET', '/api/v1/auth/me', own)).status).toBe(200);
    const out = await withCookie('POST', '/api/v1/auth/logout', own, { csrf: own.csrfToken });
    expect(out.status).toBe(204);
    const cleared = String(out.headers['set-cookie']);
    expect(cleared).toMatch(/remit_session=;/);
    const me = await withCookie('GET', '/api/v1/auth/me', own);
    expect(me.status).toBe(401);
    const write = await withCookie('POST', '/api/v1/clients', own, {
      csrf: own.csrfToken,
      body: { name: 'After Logout Ltd' },
    });
    expect(write.status).toBe(401);
    // The other session of the same user is untouched.
    expect((await withCookie('GET', '/api/v1/auth/me', session)).status).toBe(200);
  });

  it('expires a session after 14 days', async () => {
    const own = await loginSession('admin@example.com', 'admin-password-1');
    t.clock.set('2026-12-09T10:00:01Z');
    try {
      expect((await withCookie('GET', '/api/v1/auth/me', own)).status).toBe(401);
    } finally {
      t.clock.set('2026-11-25T10:00:00Z');
    }
    expect((await withCookie('GET', '/api/v1/auth/me', own)).status).toBe(200);
  });
});

describe('credentials', () => {
  it('answers 401 problem+json without credentials', async () => {
    const me = await t.call('GET', '/api/v1/auth/me', undefined, null);
    expect(me.status).toBe(401);
    expect(me.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(me.body).toMatchObject({ status: 401, code: 'unauthenticated' });
    expect((await t.call('GET', '/api/v1/clients', undefined, null)).status).toBe(401);
    expect((await t.call('POST', '/api/v1/clients', { name: 'Anon' }, null)).status).toBe(401);
  });

  it('answers 401 for an invalid Bearer token or a malformed Authorization header', async () => {
    const bad = await t.call('GET', '/api/v1/auth/me', undefined, 'remit_pat_not-a-real-token');
    expect(bad.status).toBe(401);
    expect(bad.body.detail).toMatch(/invalid or revoked/);
    const basic = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: 'Basic YWRtaW46cGFzcw==' },
    });
    expect(basic.statusCode).toBe(401);
  });

  it('a Bearer header wins over a valid session cookie: a bad token is refused', async () => {
    const session = await loginSession('admin@example.com', 'admin-password-1');
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      cookies: { remit_session: session.cookie },
      headers: { authorization: 'Bearer remit_pat_bogus' },
    });
    expect(response.statusCode).toBe(401);
  });

  it('creates an API token shown once, lists it without the secret, and refuses it once revoked', async () => {
    const created = await t.call('POST', '/api/v1/api-tokens', { name: 'CI' });
    expect(created.status).toBe(201);
    const { id, token } = created.body;
    expect(token).toMatch(/^remit_pat_/);

    const me = await t.call('GET', '/api/v1/auth/me', undefined, token);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ type: 'api_token', id, role: 'admin', userId: adminId });

    const list = await t.call('GET', '/api/v1/api-tokens');
    const listed = list.body.items.find((item: { id: string }) => item.id === id);
    expect(listed).toMatchObject({ name: 'CI', revoked: false });
    expect(listed.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(list.body)).not.toContain(token);

    const revoked = await t.call('DELETE', `/api/v1/api-tokens/${id}`);
    expect(revoked.status).toBe(204);
    const after = await t.call('GET', '/api/v1/auth/me', undefined, token);
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('unauthenticated');
    expect((await t.call('POST', '/api/v1/clients', { name: 'Revoked' }, token)).status).toBe(401);

    const again = await t.call('DELETE', `/api/v1/api-tokens/${id}`);
    expect(again.status).toBe(404);
    const listedAfter = (await t.call('GET', '/api/v1/api-tokens')).body.items.find(
      (item: { id: string }) => item.id === id,
    );
    expect(listedAfter.revoked).toBe(true);
  });

  it("cannot revoke another user's token", async () => {
    const financeTokens = await t.call('GET', '/api/v1/api-tokens', undefined, t.financeToken);
    expect(financeTokens.status).toBe(200);
    const financeTokenId = financeTokens.body.items[0].id;
    const attempt = await t.call('DELETE', `/api/v1/api-tokens/${financeTokenId}`);
    expect(attempt.status).toBe(404);
    expect((await t.call('GET', '/api/v1/auth/me', undefined, t.financeToken)).status).toBe(200);
  });

  it('refuses an API token with an empty name', async () => {
    const created = await t.call('POST', '/api/v1/api-tokens', { name: '   ' });
    expect(created.status).toBe(422);
    expect(created.body.errors[0].field).toBe('name');
  });
});

describe('roles', () => {
  it('lets finance create clients and invoices', async () => {
    const client = await t.call('POST', '/api/v1/clients', { name: 'Finance Client' }, t.financeToken);
    expect(client.status).toBe(201);
    const invoice = await t.call(
      'POST',
      '/api/v1/invoices',
      { clientId: client.body.id, lines: [{ description: 'Work', quantity: '1', unitPrice: '10' }] },
      t.financeToken,
    );
    expect(invoice.status).toBe(201);
    const events = await t.call(
      'GET',
      `/api/v1/invoices/${invoice.body.id}/events`,
      undefined,
      t.financeToken,
    );
    expect(events.body.items[0].actor).toMatchObject({ type: 'api_token' });
  });

  it('keeps users and settings changes to admins', async () => {
    const list = await t.call('GET', '/api/v1/users', undefined, t.financeToken);
    expect(list.status).toBe(403);
    expect(list.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(list.body).toMatchObject({ status: 403, code: 'forbidden' });
    const create = await t.call(
      'POST',
      '/api/v1/users',
      { email: 'sneaky@example.com', role: 'admin', password: 'a-long-password-1' },
      t.financeToken,
    );
    expect(create.status).toBe(403);
    const promote = await t.call('PATCH', `/api/v1/users/${adminId}`, { name: 'x' }, t.financeToken);
    expect(promote.status).toBe(403);
    const settings = await t.call('PATCH', '/api/v1/settings', { businessName: 'Hijack' }, t.financeToken);
    expect(settings.status).toBe(403);
    const read = await t.call('GET', '/api/v1/settings', undefined, t.financeToken);
    expect(read.status).toBe(200);
    expect(read.body.businessName).not.toBe('Hijack');
  });

  it('lets an admin list users without their password hashes', async () => {
    const list = await t.call('GET', '/api/v1/users');
    expect(list.status).toBe(200);
    const emails = list.body.items.map((u: { email: string }) => u.email);
    expect(emails).toEqual(expect.arrayContaining(['admin@example.com', 'finance@example.com']));
    expect(JSON.stringify(list.body)).not.toMatch(/scrypt|password/i);
  });
});

describe('user management', () => {
  it('creates a user who can then log in', async () => {
    const user = await newUser('finance');
    const session = await loginSession(user.email.toUpperCase(), user.password);
    const me = await withCookie('GET', '/api/v1/auth/me', session);
    expect(me.body).toMatchObject({ role: 'finance', userId: user.id, name: 'New finance' });
  });

  it('refuses a second user with an existing email in any case (409, field email)', async () => {
    const response = await t.call('POST', '/api/v1/users', {
      email: 'Finance@EXAMPLE.com',
      role: 'finance',
      password: 'a-long-password-1',
    });
    expect(response.status).toBe(409);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body.errors).toEqual([
      { field: 'email', label: expect.any(String), message: expect.any(String) },
    ]);
  });

  it('refuses a password shorter than 10 characters (422, field password)', async () => {
    const response = await t.call('POST', '/api/v1/users', {
      email: 'shorty@example.com',
      role: 'finance',
      password: '123456789',
    });
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([
      { field: 'password', label: expect.any(String), message: expect.any(String) },
    ]);
    const patch = await t.call('PATCH', `/api/v1/users/${adminId}`, { password: 'short' });
    expect(patch.status).toBe(422);
    expect(patch.body.errors[0].field).toBe('password');
  });

  it('refuses an invalid email (400, field email)', async () => {
    const response = await t.call('POST', '/api/v1/users', {
      email: 'not-an-email',
      role: 'finance',
      password: 'a-long-password-1',
    });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].field).toBe('email');
  });

  it('answers 404 for an unknown user id', async () => {
    const response = await t.call('PATCH', '/api/v1/users/00000000-0000-4000-8000-000000000000', {
      name: 'Ghost',
    });
    expect(response.status).toBe(404);
  });

  it('deactivating a user ends their sessions, and their API tokens stop working', async () => {
    const user = await newUser('finance');
    const session = await loginSession(user.email, user.password);
    const tokenResponse = await withCookie('POST', '/api/v1/api-tokens', session, {
      csrf: session.csrfToken,
      body: { name: 'laptop' },
    });
    expect(tokenResponse.status).toBe(201);
    const token = tokenResponse.body.token as string;
    expect((await t.call('GET', '/api/v1/auth/me', undefined, token)).status).toBe(200);

    const deactivated = await t.call('PATCH', `/api/v1/users/${user.id}`, { active: false });
    expect(deactivated.status).toBe(200);
    expect(deactivated.body.active).toBe(false);

    expect((await withCookie('GET', '/api/v1/auth/me', session)).status).toBe(401);
    expect((await t.call('GET', '/api/v1/auth/me', undefined, token)).status).toBe(401);
    expect((await t.call('POST', '/api/v1/clients', { name: 'Inactive' }, token)).status).toBe(401);
    // Nor can they log in again, and the answer does not reveal that the account exists.
    const relogin = await login(user.email, user.password);
    expect(relogin.statusCode).toBe(401);
    expect(relogin.json().detail).toBe('Email or password is incorrect');

    const sessions = await t.deps.db
      .selectFrom('sessions')
      .select('token_hash')
      .where('user_id', '=', user.id)
      .execute();
    expect(sessions).toEqual([]);
  });

  it('changing a password ends the sessions of that user', async () => {
    const user = await newUser('finance');
    const session = await loginSession(user.email, user.password);
    const changed = await t.call('PATCH', `/api/v1/users/${user.id}`, { password: 'another-password-2' });
    expect(changed.status).toBe(200);
    expect((await withCookie('GET', '/api/v1/auth/me', session)).status).toBe(401);
    expect((await login(user.email, user.password)).statusCode).toBe(401);
    expect((await login(user.email, 'another-password-2')).statusCode).toBe(200);
  });

  it('keeps the last active admin: no demotion, no deactivation (409 naming the field)', async () => {
    const demote = await t.call('PATCH', `/api/v1/users/${adminId}`, { role: 'finance' });
    expect(demote.status).toBe(409);
    expect(demote.body.code).toBe('last_admin');
    expect(demote.body.errors).toEqual([
      { field: 'role', label: expect.any(String), message: expect.any(String) },
    ]);
    const deactivate = await t.call('PATCH', `/api/v1/users/${adminId}`, { active: false });
    expect(deactivate.status).toBe(409);
    expect(deactivate.body.errors).toEqual([
      { field: 'active', label: expect.any(String), message: expect.any(String) },
    ]);
    const me = await t.call('GET', '/api/v1/auth/me');
    expect(me.body.role).toBe('admin');
  });

  it('names `active` when the last admin is deactivated while keeping the admin role', async () => {
    const response = await t.call('PATCH', `/api/v1/users/${adminId}`, { role: 'admin', active: false });
    expect(response.status).toBe(409);
    expect(response.body.errors).toEqual([
      { field: 'active', label: expect.any(String), message: expect.any(String) },
    ]);
  });

  it('allows demoting an admin while another active admin remains', async () => {
    const second = await newUser('admin');
    const demoted = await t.call('PATCH', `/api/v1/users/${second.id}`, { role: 'finance' });
    expect(demoted.status).toBe(200);
    expect(demoted.body.role).toBe('finance');
    // An inactive admin does not count as the remaining admin.
    const third = await newUser('admin');
    expect((await t.call('PATCH', `/api/v1/users/${third.id}`, { active: false })).status).toBe(200);
    const last = await t.call('PATCH', `/api/v1/users/${adminId}`, { role: 'finance' });
    expect(last.status).toBe(409);
  });
});

describe('failed logins cannot lock the owner out', () => {
  const attempt = (email: string, password: string, remoteAddress: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress });

  it('an attacker failing from one address is slowed down there; the owner logs in from another at once', async () => {
    const owner = await newUser('finance');
    const attacker = '198.51.100.66';
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await attempt(owner.email, 'guess-number-x', attacker)).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401]);
    const slowed = await attempt(owner.email, 'guess-number-7', attacker);
    expect(slowed.statusCode).toBe(429);
    expect(slowed.headers['retry-after']).toBe('2');

    const fromHome = await attempt(owner.email, owner.password, '192.0.2.10');
    expect(fromHome.statusCode).toBe(200);
    expect(fromHome.json().user.email).toBe(owner.email);

    // The owner's success does not lift the attacker's wait, not even with the right password.
    const still = await attempt(owner.email, owner.password, attacker);
    expect(still.statusCode).toBe(429);
    expect(still.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(still.headers['retry-after']).toBe('2');
  });

  it('still limits one address trying many accounts', async () => {
    const owner = await newUser('finance');
    const sprayer = '203.0.113.77';
    for (let i = 0; i < 30; i++) {
      expect((await attempt(`nobody${i}@example.com`, 'guess-number-x', sprayer)).statusCode).toBe(401);
    }
    // The 31st failure is over the address's allowance: the address waits, whatever account it tries next.
    expect((await attempt('nobody31@example.com', 'guess-number-x', sprayer)).statusCode).toBe(401);
    const blocked = await attempt(owner.email, owner.password, sprayer);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['retry-after']).toBe('2');
    expect((await attempt(owner.email, owner.password, '203.0.113.78')).statusCode).toBe(200);
  }, 120_000);

  it('brakes guessing spread over many addresses, but only for addresses that failed on the account', async () => {
    const owner = await newUser('finance');
    // Ten addresses, five failures each: no address and no (account, address) pair is over its allowance.
    for (let address = 1; address <= 10; address++) {
      for (let i = 0; i < 5; i++) {
        expect(
          (await attempt(owner.email, `guess-${address}-${i}`, `198.51.100.${address}`)).statusCode,
        ).toBe(401);
      }
    }
    // The 51st failure on the account, from a new address, engages the account's brake.
    expect((await attempt(owner.email, 'guess-11-0', '198.51.100.11')).statusCode).toBe(401);
    const braked = await attempt(owner.email, owner.password, '198.51.100.3');
    expect(braked.statusCode).toBe(429);
    expect(braked.headers['retry-after']).toBe('2');
    // An address that has not failed on this account is not held back by the others.
    expect((await attempt(owner.email, owner.password, '192.0.2.44')).statusCode).toBe(200);
  }, 180_000);
});
