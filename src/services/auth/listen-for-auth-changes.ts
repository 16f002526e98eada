import { listenOnChannel } from '../../db/listen-channel.ts';
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
  const listener = listenOnChannel({
    connectionString,
    channel: AUTH_CHANGED_CHANNEL,
    applicationName: 'remit-auth-listener',
    onNotification: () => cache.clear(),
    onListening: () => cache.activate(),
    onLost: (reason, retryInMs) => {
      cache.deactivate();
      log.warn({ reason, retryInMs }, 'authentication cache is off until its listener reconnects');
    },
  });
  return {
    async stop() {
      cache.deactivate();
      await listener.stop();
    },
  };
}
