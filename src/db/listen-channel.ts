import pg from 'pg';

export interface ChannelListenerOptions {
  connectionString: string;
  channel: string;
  /** How the connection shows in pg_stat_activity. */
  applicationName: string;
  /** Each notice on the channel, with its payload ('' when none was given). */
  onNotification: (payload: string) => void;
  /** Listening (again): `attempts` is how many connections failed before this one (0 on a first success). */
  onListening: (attempts: number) => void;
  /** The connection is lost or could not be made; it is tried again after `retryInMs`. */
  onLost: (reason: string, retryInMs: number, attempt: number) => void;
  /** Backoff between reconnection attempts: doubles from the first delay up to the last. */
  firstDelayMs?: number;
  maxDelayMs?: number;
}

export interface ChannelListener {
  stop(): Promise<void>;
}

/**
 * LISTENs on a PostgreSQL channel over a connection of its own (LISTEN needs one that stays open, so not the
 * pool's). When the connection is lost (database restart, failover, terminated backend) it reconnects with backoff
 * for as long as the process runs; callers hear of each loss and each (re)connection, since notifications sent
 * meanwhile are missed.
 */
export function listenOnChannel(options: ChannelListenerOptions): ChannelListener {
  const firstDelay = options.firstDelayMs ?? 250;
  const maxDelay = options.maxDelayMs ?? 10_000;
  let stopped = false;
  let client: pg.Client | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let failures = 0;

  const reconnectLater = (reason: string) => {
    if (stopped || retryTimer) return;
    const delay = Math.min(firstDelay * 2 ** failures, maxDelay);
    failures += 1;
    options.onLost(reason, delay, failures);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connect();
    }, delay);
  };

  const connect = async () => {
    const next = new pg.Client({
      connectionString: options.connectionString,
      application_name: options.applicationName,
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
    next.on('notification', (message) => options.onNotification(message.payload ?? ''));
    try {
      await next.connect();
      await next.query(`listen ${options.channel}`);
    } catch (error) {
      onLost((error as Error).message);
      return;
    }
    if (stopped) {
      await next.end().catch(() => {});
      return;
    }
    client = next;
    const attempts = failures;
    failures = 0;
    options.onListening(attempts);
  };

  void connect();
  return {
    async stop() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      const current = client;
      client = null;
      await current?.end().catch(() => {});
    },
  };
}
