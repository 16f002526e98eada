import { listenOnChannel } from '../db/listen-channel.ts';

/** The channel the email_outbox trigger notifies at the commit of every queued email (migration 012). */
export const EMAIL_QUEUED_CHANNEL = 'remit_email_queued';
/** How the listener's connection shows in pg_stat_activity. */
export const LISTENER_APPLICATION_NAME = 'remit-outbox-listener';

export interface OutboxListenerOptions {
  connectionString: string;
  /** The outbox's channel, its name in log lines and its connection's; default the email outbox's. */
  channel?: string;
  outboxName?: string;
  applicationName?: string;
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
  const warn = (options.log.warn ?? options.log.info).bind(options.log);
  const name = options.outboxName ?? 'email queue';
  let stopped = false;
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

  const listener = listenOnChannel({
    connectionString: options.connectionString,
    channel: options.channel ?? EMAIL_QUEUED_CHANNEL,
    applicationName: options.applicationName ?? LISTENER_APPLICATION_NAME,
    firstDelayMs: options.firstDelayMs,
    maxDelayMs: options.maxDelayMs,
    onNotification: wake,
    onListening: (attempts) => {
      if (attempts > 0) options.log.info({ attempts }, `${name} listener reconnected`);
      // Whatever was queued while nobody listened goes out now.
      wake();
    },
    onLost: (reason, retryInMs, attempt) =>
      warn({ reason, retryInMs, attempt }, `${name} listener reconnects to the database`),
  });

  return {
    async stop() {
      stopped = true;
      await listener.stop();
      await waking;
    },
  };
}
