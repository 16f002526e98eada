import { describe, expect, it } from 'vitest';
import { delayFor, LOGIN_ACCOUNT_POLICY, type RateLimitPolicy } from '../../src/services/rate-limit.ts';

describe('growing delay', () => {
  const policy: RateLimitPolicy = { free: 3, windowMs: 60_000, baseDelayMs: 1000, maxDelayMs: 10_000 };

  it('is free within the allowance, then doubles with each attempt up to the ceiling', () => {
    expect([1, 2, 3].map((hits) => delayFor(policy, hits))).toEqual([0, 0, 0]);
    expect([4, 5, 6, 7, 8, 50].map((hits) => delayFor(policy, hits))).toEqual([
      1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
  });

  it('never overflows for absurd counts', () => {
    expect(delayFor(LOGIN_ACCOUNT_POLICY, 1_000_000)).toBe(LOGIN_ACCOUNT_POLICY.maxDelayMs);
  });
});
