/**
 * A refused call says why, so the web app can recover instead of stranding the user: `session_expired` (sign in
 * again), `csrf_token_invalid` (fetch a fresh token from GET /auth/csrf and retry) or no reason (a role refusal).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t?.close();
});

async function signIn() {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: 'admin@example.com', password: 'admin-password-1' },
  });
  expect(response.statusCode).toBe(200);
  const cookie = response.cookies.find((c) => c.name === 'remit_session')!.value;
  return { cookie, csrfToken: response.json().csrfToken as string };
}

async function asSession(
  method: 'GET' | 'POST',
  url: string,
  cookie: string,
  csrf?: string,
  payload?: object,
) {
  const response = await t.app.inject({
    method,
    url,
    cookies: { remit_session: cookie },
    headers: csrf === undefined ? {} : { 'x-csrf-token': csrf },
    ...(payload ? { payload } : {}),
  });
  return {
    status: response.statusCode,
    body: response.body ? response.json() : null,
    headers: response.headers,
  };
}

describe('staff refusals carry a reason', () => {
  it('hands a live session its CSRF token again, which then lets a write through', async () => {
    const session = await signIn();
    const fresh = await asSession('GET', '/api/v1/auth/csrf', session.cookie);
    expect(fresh.status).toBe(200);
    expect(fresh.body).toEqual({ csrfToken: session.csrfToken });
    expect(fresh.headers['cache-control']).toBe('no-store');
    const created = await asSession('POST', '/api/v1/clients', session.cookie, fresh.body.csrfToken, {
      name: 'Fresh Token Ltd',
    });
    expect(created.status).toBe(201);
  });

  it('says csrf_token_invalid when the token is missing or wrong, and keeps the code forbidden', async () => {
    const session = await signIn();
    for (const csrf of [undefined, 'stale-token']) {
      const refused = await asSession('POST', '/api/v1/clients', session.cookie, csrf, {
        name: 'No Token Ltd',
      });
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ code: 'forbidden', reason: 'csrf_token_invalid' });
    }
  });

  it('says session_expired once the session is signed out, on reads, writes and the token endpoint', async () => {
    const session = await signIn();
    expect((await asSession('POST', '/api/v1/auth/logout', session.cookie)).status).toBe(204);
    const read = await asSession('GET', '/api/v1/clients', session.cookie);
    expect(read.status).toBe(401);
    expect(read.body).toMatchObject({ code: 'unauthenticated', reason: 'session_expired' });
    const write = await asSession('POST', '/api/v1/clients', session.cookie, session.csrfToken, {
      name: 'Late',
    });
    expect(write.body).toMatchObject({ status: 401, reason: 'session_expired' });
    const token = await asSession('GET', '/api/v1/auth/csrf', session.cookie);
    expect(token.body).toMatchObject({ status: 401, reason: 'session_expired' });
  });

  it('gives no reason when there was no session at all, nor for a role refusal', async () => {
    const anonymous = await t.call('GET', '/api/v1/clients', undefined, null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.reason).toBeUndefined();
    const role = await t.call('GET', '/api/v1/users', undefined, t.financeToken);
    expect(role.status).toBe(403);
    expect(role.body.reason).toBeUndefined();
  });

  it('has no CSRF token to give an API token', async () => {
    const answer = await t.call('GET', '/api/v1/auth/csrf');
    expect(answer.status).toBe(422);
    expect(answer.body.csrfToken).toBeUndefined();
  });
});
