import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { delayFor, LOGIN_PAIR_POLICY, type RateLimitPolicy } from '../../src/services/rate-limit.ts';
import {
  activateContact,
  createParty,
  type PortalHarness,
  startPortalHarness,
} from '../support/portal-harness.ts';

describe('growing delay', () => {
  const policy: RateLimitPolicy = { free: 3, windowMs: 60_000, baseDelayMs: 1000, maxDelayMs: 10_000 };

  it('is free within the allowance, then doubles with each attempt up to the ceiling', () => {
    expect([1, 2, 3].map((hits) => delayFor(policy, hits))).toEqual([0, 0, 0]);
    expect([4, 5, 6, 7, 8, 50].map((hits) => delayFor(policy, hits))).toEqual([
      1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
  });

  it('never overflows for absurd counts', () => {
    expect(delayFor(LOGIN_PAIR_POLICY, 1_000_000)).toBe(LOGIN_PAIR_POLICY.maxDelayMs);
  });
});

describe('portal login: failures slow the failing address, never lock the contact out', () => {
  let h: PortalHarness;

  beforeAll(async () => {
    h = await startPortalHarness();
    const party = await createParty(h, 'Lockout Ltd', [
      { name: 'Lena Owner', email: 'lena@lockout.example' },
    ]);
    await activateContact(h, party.contacts[0]!, 'lena-portal-pass');
  });

  afterAll(async () => {
    await h?.close();
  });

  const login = async (password: string, remoteAddress: string) => {
    const response = await h.app.inject({
      method: 'POST',
      url: '/api/portal/v1/auth/login',
      payload: { email: 'lena@lockout.example', password },
      remoteAddress,
    });
    return { status: response.statusCode, retryAfter: response.headers['retry-after'] };
  };

  it('an attacker at one address gets 429 there while the contact signs in from another at once', async () => {
    const attacker = '198.51.100.99';
    for (let i = 0; i < 6; i++) expect((await login(`guess-${i}`, attacker)).status).toBe(401);
    expect(await login('guess-6', attacker)).toEqual({ status: 429, retryAfter: '2' });

    expect((await login('lena-portal-pass', '192.0.2.20')).status).toBe(200);
    expect(await login('lena-portal-pass', attacker)).toEqual({ status: 429, retryAfter: '2' });
    // Once the wait is over the attacker's next failure waits twice as long.
    h.clock.set(new Date(h.clock.now().getTime() + 3000).toISOString());
    expect((await login('guess-7', attacker)).status).toBe(401);
    expect(await login('lena-portal-pass', attacker)).toEqual({ status: 429, retryAfter: '4' });
    expect((await login('lena-portal-pass', '192.0.2.21')).status).toBe(200);
  }, 120_000);
});
