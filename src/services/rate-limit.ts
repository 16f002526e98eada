import { isIPv6 } from 'node:net';
import { sql } from 'kysely';
import type { Db, Trx } from '../db/client.ts';

/**
 * Rate limits kept in the database, so every server process sharing it counts the same attempts. A key allows
 * `free` hits per window; each hit beyond that blocks the key for a delay that doubles (`baseDelayMs`, 2x, 4x, ...)
 * up to `maxDelayMs`, which turns password guessing into a crawl without locking anyone out for long.
 */
export interface RateLimitPolicy {
  free: number;
  windowMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface RateLimitKey {
  key: string;
  policy: RateLimitPolicy;
}

/** Too many attempts: 429 with a Retry-After (seconds). */
export class RateLimitedError extends Error {
  readonly statusCode = 429;
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many attempts; try again in ${retryAfterSeconds} seconds`);
    this.name = 'RateLimitedError';
  }
}

const MINUTE = 60_000;

/**
 * Failed logins (staff and portal alike; how they combine is in auth/login-throttle.ts). Per (account, address)
 * pair 5 free failures in 15 minutes and per address 30, then 2 s, 4 s, ... up to 15 min. Per account alone, a
 * global brake ten times higher: it holds back only addresses that already failed on that account.
 */
export const LOGIN_PAIR_POLICY: RateLimitPolicy = {
  free: 5,
  windowMs: 15 * MINUTE,
  baseDelayMs: 2000,
  maxDelayMs: 15 * MINUTE,
};
export const LOGIN_IP_POLICY: RateLimitPolicy = {
  free: 30,
  windowMs: 15 * MINUTE,
  baseDelayMs: 2000,
  maxDelayMs: 15 * MINUTE,
};
export const LOGIN_ACCOUNT_BRAKE_POLICY: RateLimitPolicy = {
  free: 50,
  windowMs: 15 * MINUTE,
  baseDelayMs: 2000,
  maxDelayMs: 15 * MINUTE,
};
/** Requests that send an email (reset, passwordless login, fresh invoice link): 3 an hour per account, 20 per address. */
export const EMAIL_REQUEST_ACCOUNT_POLICY: RateLimitPolicy = {
  free: 3,
  windowMs: 60 * MINUTE,
  baseDelayMs: 60_000,
  maxDelayMs: 60 * MINUTE,
};
export const EMAIL_REQUEST_IP_POLICY: RateLimitPolicy = {
  free: 20,
  windowMs: 60 * MINUTE,
  baseDelayMs: 10_000,
  maxDelayMs: 60 * MINUTE,
};
/** Opening invoice links and one-time tokens by their secret: generous, but a guessing run slows down. */
export const TOKEN_IP_POLICY: RateLimitPolicy = {
  free: 60,
  windowMs: 15 * MINUTE,
  baseDelayMs: 1000,
  maxDelayMs: 15 * MINUTE,
};

export function delayFor(policy: RateLimitPolicy, hits: number): number {
  const excess = hits - policy.free;
  if (excess <= 0) return 0;
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(excess - 1, 30));
}

function retryAfterSeconds(until: Date, now: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
}

/** Throws when any key is still blocked; counts nothing. */
export async function assertNotRateLimited(db: Db | Trx, keys: RateLimitKey[], now: Date): Promise<void> {
  if (!keys.length) return;
  const blocked = await db
    .selectFrom('rate_limits')
    .select((eb) => eb.fn.max('blocked_until').as('until'))
    .where(
      'key',
      'in',
      keys.map((k) => k.key),
    )
    .where('blocked_until', '>', now)
    .executeTakeFirst();
  if (blocked?.until) throw new RateLimitedError(retryAfterSeconds(new Date(blocked.until), now));
}

export interface RateLimitState {
  hits: number;
  windowStartedAt: Date;
  blockedUntil: Date | null;
}

/** The counters of these keys as they stand (keys never hit are absent); for checks that combine keys. */
export async function readRateLimits(db: Db | Trx, keys: string[]): Promise<Map<string, RateLimitState>> {
  if (!keys.length) return new Map();
  const rows = await db
    .selectFrom('rate_limits')
    .select(['key', 'hits', 'window_started_at', 'blocked_until'])
    .where('key', 'in', keys)
    .execute();
  return new Map(
    rows.map((row) => [
      row.key,
      { hits: row.hits, windowStartedAt: row.window_started_at, blockedUntil: row.blocked_until },
    ]),
  );
}

/** Throws for the latest of these block ends still ahead of `now`. */
export function throwIfBlocked(blockedUntil: (Date | null | undefined)[], now: Date): void {
  const ahead = blockedUntil.filter((until): until is Date => !!until && until > now);
  if (!ahead.length) return;
  const latest = new Date(Math.max(...ahead.map((until) => until.getTime())));
  throw new RateLimitedError(retryAfterSeconds(latest, now));
}

/**
 * Counts one hit on every key (one atomic upsert each, so concurrent processes never lose a count) and sets the
 * key's block when it is over its allowance.
 */
export async function recordHit(db: Db | Trx, keys: RateLimitKey[], now: Date): Promise<void> {
  for (const { key, policy } of keys) {
    const windowStart = new Date(now.getTime() - policy.windowMs);
    const row = await db
      .insertInto('rate_limits')
      .values({ key, hits: 1, window_started_at: now, blocked_until: null })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          hits: sql`case when rate_limits.window_started_at < ${windowStart} then 1 else rate_limits.hits + 1 end`,
          window_started_at: sql`case when rate_limits.window_started_at < ${windowStart} then ${now}::timestamptz else rate_limits.window_started_at end`,
        }),
      )
      .returning('hits')
      .executeTakeFirstOrThrow();
    const delay = delayFor(policy, row.hits);
    if (delay > 0) {
      await db
        .updateTable('rate_limits')
        .set({ blocked_until: new Date(now.getTime() + delay) })
        .where('key', '=', key)
        .execute();
    }
  }
}

/** Checks, then counts: for requests where every attempt counts (emails sent, tokens tried). */
export async function consumeRateLimit(db: Db | Trx, keys: RateLimitKey[], now: Date): Promise<void> {
  await assertNotRateLimited(db, keys, now);
  await recordHit(db, keys, now);
}

/** Forgets these counters (a successful login forgets its (account, address) pair's failures). */
export async function clearRateLimit(db: Db | Trx, keys: string[]): Promise<void> {
  if (keys.length) await db.deleteFrom('rate_limits').where('key', 'in', keys).execute();
}

export function accountKey(scope: string, email: string): string {
  return `${scope}:account:${email.trim().toLowerCase()}`;
}

/**
 * The part of a client address that counts as one sender: an IPv4 address, or an IPv6 address's /64 network, since
 * one subscriber is usually given a whole /64 and could otherwise change address for every try.
 */
export function senderAddress(ip: string): string {
  if (!isIPv6(ip)) return ip;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  const [head = '', tail = ''] = ip.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const groups = ip.includes('::')
    ? [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups]
    : headGroups;
  return `${groups
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}

export function ipKey(scope: string, ip: string): string {
  return `${scope}:ip:${senderAddress(ip)}`;
}

/** One account from one address; an address never contains '|', so the key is unambiguous. */
export function pairKey(scope: string, email: string, ip: string): string {
  return `${scope}:pair:${senderAddress(ip)}|${email.trim().toLowerCase()}`;
}
