import { listenOnChannel } from '../db/listen-channel.ts';

/** A per-process cache that may serve only while its change notices are heard. */
export interface ListenedCache {
  /** The listener is connected: start serving, from empty. */
  activate(): void;
  /** The listener is lost: notices could be missed, so serve nothing. */
  deactivate(): void;
}

export interface CacheListener {
  stop(): Promise<void>;
}

export interface CacheListenerOptions {
  connectionString: string;
  /** The channel the database's triggers notify. */
  channel: string;
  /** How the connection shows in pg_stat_activity. */
  applicationName: string;
  cache: ListenedCache;
  /** Applies one notice to the cache. */
  onNotice: (payload: string) => void;
  /** Logged (with the reason) when the cache goes off, e.g. 'authentication cache'. */
  what: string;
  log: { warn(data: object, message: string): void };
}

/**
 * Keeps a per-process cache honest across processes: LISTENs on its own connection (the pool's come and go) and
 * applies every notice. The cache serves only while this connection listens; when it is lost the cache is switched
 * off and the connection is retried with backoff, then the cache starts empty.
 */
export function listenForCacheChanges(options: CacheListenerOptions): CacheListener {
  const { cache } = options;
  const listener = listenOnChannel({
    connectionString: options.connectionString,
    channel: options.channel,
    applicationName: options.applicationName,
    onNotification: options.onNotice,
    onListening: () => cache.activate(),
    onLost: (reason, retryInMs) => {
      cache.deactivate();
      options.log.warn({ reason, retryInMs }, `${options.what} is off until its listener reconnects`);
    },
  });
  return {
    async stop() {
      cache.deactivate();
      await listener.stop();
    },
  };
}
