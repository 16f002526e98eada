import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { buildApp } from '../../src/http/app.ts';
import { TestClock } from '../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

/**
 * TRUST_PROXY decides whose word the client's address is: the socket's, or a trusted proxy's X-Forwarded-For. The
 * address recorded for a refused webhook delivery shows which one the app used.
 */
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.close();
});

async function recordedAddress(trustProxy: string | undefined, socketAddress: string): Promise<string> {
  const app = await buildApp({
    deps: { db: database.db, clock: new TestClock() },
    appUrl: 'http://localhost:3000',
    logLevel: 'silent',
    trustProxy: loadConfig({ TRUST_PROXY: trustProxy }).trustProxy,
  });
  try {
    const response = await app.inject({
      method: 'POST',
      url: '/api/webhooks/stripe',
      remoteAddress: socketAddress,
      headers: {
        'content-type': 'application/json',
        'stripe-signature': 't=1,v1=forged',
        'x-forwarded-for': '203.0.113.9, 198.51.100.20',
      },
      payload: '{"id":"evt_forged"}',
    });
    expect(response.statusCode).toBe(400);
    const row = await database.db
      .selectFrom('webhook_rejections')
      .select('remote_address')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    return row.remote_address;
  } finally {
    await app.close();
  }
}

describe('TRUST_PROXY', () => {
  it('by default ignores X-Forwarded-For: the socket address counts', async () => {
    expect(await recordedAddress(undefined, '127.0.0.1')).toBe('127.0.0.1');
  });

  it('takes the client address from a proxy it trusts by address', async () => {
    // The proxy at 127.0.0.1 appended 198.51.100.20, which is not trusted: that is the client.
    expect(await recordedAddress('loopback', '127.0.0.1')).toBe('198.51.100.20');
    expect(await recordedAddress('127.0.0.1, 198.51.100.0/24', '127.0.0.1')).toBe('203.0.113.9');
  });

  it('ignores X-Forwarded-For from an address it does not trust', async () => {
    expect(await recordedAddress('10.0.0.5', '127.0.0.1')).toBe('127.0.0.1');
  });

  it('trusts the given number of proxies in front', async () => {
    expect(await recordedAddress('1', '127.0.0.1')).toBe('198.51.100.20');
    expect(await recordedAddress('2', '127.0.0.1')).toBe('203.0.113.9');
  });
});
