import { type CacheListener, listenForCacheChanges } from '../cache-listener.ts';
import type { AuthCache } from './auth-cache.ts';

/** The channel migration 027's triggers notify when a token, session or user changes. */
export const AUTH_CHANGED_CHANNEL = 'remit_auth_changed';

export type AuthChangeListener = CacheListener;

/**
 * Keeps `cache` honest across processes: clears it on every notice, and switches it off while the listening
 * connection is lost (see services/cache-listener.ts).
 */
export function listenForAuthChanges(
  connectionString: string,
  cache: AuthCache,
  log: { warn(data: object, message: string): void },
): AuthChangeListener {
  return listenForCacheChanges({
    connectionString,
    channel: AUTH_CHANGED_CHANNEL,
    applicationName: 'remit-auth-listener',
    cache,
    onNotice: () => cache.clear(),
    what: 'authentication cache',
    log,
  });
}
