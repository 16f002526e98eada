import type { Db, Trx } from '../../db/client.ts';
import {
  accountKey,
  clearRateLimit,
  ipKey,
  LOGIN_ACCOUNT_BRAKE_POLICY,
  LOGIN_IP_POLICY,
  LOGIN_PAIR_POLICY,
  pairKey,
  type RateLimitKey,
  readRateLimits,
  recordHit,
  throwIfBlocked,
} from '../rate-limit.ts';

/** Staff and portal logins count apart: a staff account and a contact may share an email. */
export type LoginScope = 'staff-login' | 'portal-login';

export interface LoginAttempt {
  email: string;
  ip: string;
}

function loginKeys(scope: LoginScope, attempt: LoginAttempt) {
  return {
    pair: { key: pairKey(scope, attempt.email, attempt.ip), policy: LOGIN_PAIR_POLICY },
    address: { key: ipKey(scope, attempt.ip), policy: LOGIN_IP_POLICY },
    account: { key: accountKey(scope, attempt.email), policy: LOGIN_ACCOUNT_BRAKE_POLICY },
  } satisfies Record<string, RateLimitKey>;
}

/**
 * Whether this address may try this account's password now (else RateLimitedError with the wait). Failures grow
 * waits per (account, address) pair and per address. The account's own count is only a brake on guessing spread
 * over many addresses, and holds back only addresses that failed on this account lately: an attacker can slow
 * down the addresses they use, never the owner signing in from another one.
 */
export async function assertLoginAllowed(
  db: Db | Trx,
  scope: LoginScope,
  attempt: LoginAttempt,
  now: Date,
): Promise<void> {
  const keys = loginKeys(scope, attempt);
  const states = await readRateLimits(db, [keys.pair.key, keys.address.key, keys.account.key]);
  const pair = states.get(keys.pair.key);
  const pairWindowStart = now.getTime() - LOGIN_PAIR_POLICY.windowMs;
  const failedHereLately =
    pair !== undefined &&
    (pair.windowStartedAt.getTime() > pairWindowStart || (pair.blockedUntil ?? now) > now);
  throwIfBlocked(
    [
      pair?.blockedUntil,
      states.get(keys.address.key)?.blockedUntil,
      failedHereLately ? states.get(keys.account.key)?.blockedUntil : null,
    ],
    now,
  );
}

/** Counts a failed password against the pair, the address and the account's brake. */
export async function recordLoginFailure(
  db: Db | Trx,
  scope: LoginScope,
  attempt: LoginAttempt,
  now: Date,
): Promise<void> {
  const keys = loginKeys(scope, attempt);
  await recordHit(db, [keys.pair, keys.address, keys.account], now);
}

/**
 * A correct password forgets the failures of this (account, address) pair: the owner's own typos. The address's
 * count and the account's brake stay, so a success does not lift waits an attacker earned elsewhere.
 */
export async function recordLoginSuccess(
  db: Db | Trx,
  scope: LoginScope,
  attempt: LoginAttempt,
): Promise<void> {
  await clearRateLimit(db, [loginKeys(scope, attempt).pair.key]);
}
