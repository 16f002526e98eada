import pg from 'pg';

/** The channel the email_outbox trigger notifies at the commit of every queued email (migration 012). */
export const EMAIL_QUEUED_CHANNEL = 'remit_email_queued';
/** How the listener's connection shows in pg_stat_activity. */
export const LISTENER_APPLICATION_NAME = 'remit-outbox-listener';

export interface OutboxListenerOptions {
  connectionString: string;
  /** Wakes delivery. Notifications that arrive while it runs are folded into one more call after it. */
  onQueued: () => Promise<void>;
  log: {
    info(data: object, message: string): void;
    warn?(data: object, message: string): void;
  };
  /** Backoff between reconnection attempts: doubles from the first delay up to the last. */
  firstDelayMs?: number;
  maxDelayMs?: number;
}

export interface OutboxListener {
  stop(): Promise<void>;
}

/**
 * Delivers email as soon as it is queued, whoever queued it and in whichever process: every insert into the outbox
 * sends NOTIFY at commit, and this LISTENs on its own connection (LISTEN needs one that stays open, so not the
 * pool's). When the connection is lost (database restart, failover, terminated backend) it reconnects with backoff,
 * for as long as the process runs, and on every (re)connection wakes delivery once for what was queued meanwhile.
 * A missed notification only delays a message to the next scheduled delivery run.
 */
export function listenForQueuedEmail(options: OutboxListenerOptions): OutboxListener {
  const firstDelay = options.firstDelayMs ?? 250;
  const maxDelay = options.maxDelayMs ?? 10_000;
  const warn = (options.log.warn ?? options.log.info).bind(options.log);
  let stopped = false;
  let client: pg.Client | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let failures = 0;
  let waking: Promise<void> | null = null;
  let wakeAgain = false;

  const wake = () => {
    if (waking) {
      wakeAgain = true;
      return;
    }
    waking = options
      .onQueued()
      .catch(() => {})
      .finally(() => {
        waking = null;
        if (wakeAgain && !stopped) {
          wakeAgain = false;
          wake();
        }
      });
  };

  const reconnectLater = (reason: string) => {
    if (stopped || retryTimer) return;
    const delay = Math.min(firstDelay * 2 ** failures, maxDelay);
    failures += 1;
    warn({ reason, retryInMs: delay, attempt: failures }, 'email queue listener reconnects to the database');
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connect();
    }, delay);
  };

  const connect = async () => {
    const next = new pg.Client({
      connectionString: options.connectionString,
      application_name: LISTENER_APPLICATION_NAME,
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
    next.on('notification', wake);
    try {
      await next.connect();
      await next.query(`listen ${EMAIL_QUEUED_CHANNEL}`);
    } catch (error) {
      onLost((error as Error).message);
      return;
    }
    if (stopped) {
      await next.end().catch(() => {});
      return;
    }
    client = next;
    if (failures > 0) options.log.info({ attempts: failures }, 'email queue listener reconnected');
    failures = 0;
    wake();
  };

  void connect();
  return {
    async stop() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      const current = client;
      client = null;
      await current?.end().catch(() => {});
      await waking;
    },
  };
}
