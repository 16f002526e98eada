import pg from 'pg';
import type { AuthCache } from './auth-cache.ts';

/** The channel migration 027's triggers notify when a token, session or user changes. */
export const AUTH_CHANGED_CHANNEL = 'remit_auth_changed';

export interface AuthChangeListener {
  stop(): Promise<void>;
}

/**
 * Keeps `cache` honest across processes: LISTENs on its own connection (the pool's come and go) and clears the cache
 * on every notice. The cache serves only while this connection listens; when it is lost the cache is switched off
 * and the connection is retried with backoff (as the email outbox listener does), then the cache starts empty.
 */
export function listenForAuthChanges(
  connectionString: string,
  cache: AuthCache,
  log: { warn(data: object, message: string): void },
): AuthChangeListener {
  let stopped = false;
  let client: pg.Client | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let failures = 0;

  const reconnectLater = (reason: string) => {
    cache.deactivate();
    if (stopped || retryTimer) return;
    const delay = Math.min(250 * 2 ** failures, 10_000);
    failures += 1;
    log.warn({ reason, retryInMs: delay }, 'authentication cache is off until its listener reconnects');
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connect();
    }, delay);
  };

  const connect = async () => {
    const next = new pg.Client({
      connectionString,
      application_name: 'remit-auth-listener',
      connectionTimeoutMillis: 10_000,
      keepAlive: true,
    });
    let lost = false;
    const onLost = (reason: string) => {
      if (lost) return;
      lost = true;
      if (client === next) client = null;
      next.end().catch(() => {});
      reconnectLater(reason);
    };
    next.on('error', (error) => onLost(error.message));
    next.on('end', () => onLost('connection closed'));
    next.on('notification', () => cache.clear());
    try {
      await next.connect();
      await next.query(`listen ${AUTH_CHANGED_CHANNEL}`);
    } catch (error) {
      onLost((error as Error).message);
      return;
    }
    if (stopped) {
      await next.end().catch(() => {});
      return;
    }
    client = next;
    failures = 0;
    cache.activate();
  };

  void connect();
  return {
    async stop() {
      stopped = true;
      cache.deactivate();
      if (retryTimer) clearTimeout(retryTimer);
      const current = client;
      client = null;
      await current?.end().catch(() => {});
    },
  };
}
