import type { Logger } from '../logger.ts';
import type { EmbeddedDatabase } from './embedded.ts';

export interface Supervisor {
  /** Look now rather than at the next tick (e.g. right after a connection was lost). */
  check(): void;
  stop(): void;
}

const CHECK_INTERVAL_MS = 500;
const MAX_RETRY_DELAY_MS = 5_000;

/**
 * Remit owns its embedded PostgreSQL, so it also keeps it alive: if the server process dies (kill -9, a crash, the
 * OOM killer), it is started again and replays its write-ahead log, and the pool's next connections reach it. The
 * postmaster is not our child (pg_ctl detaches it), so it is watched through its pid file on a short timer; a lost
 * connection triggers a look at once.
 */
export function superviseEmbeddedDatabase(embedded: EmbeddedDatabase, log: Logger): Supervisor {
  let stopped = false;
  let running = false;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;

  const schedule = (delayMs: number) => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(tick, delayMs);
    timer.unref();
  };

  async function tick() {
    if (stopped || running) return;
    running = true;
    try {
      const outcome = await embedded.ensureRunning();
      if (outcome === 'restarted') log.warn({ failures }, 'embedded PostgreSQL is back after a restart');
      failures = 0;
      schedule(CHECK_INTERVAL_MS);
    } catch (error) {
      failures++;
      // Orphaned backends of the dead server may hold its shared memory for a moment: wait and try again.
      const delay = Math.min(200 * 2 ** (failures - 1), MAX_RETRY_DELAY_MS);
      log.warn(
        { err: error, attempt: failures, retryInMs: delay },
        'embedded PostgreSQL could not be restarted yet',
      );
      schedule(delay);
    } finally {
      running = false;
    }
  }

  schedule(CHECK_INTERVAL_MS);
  return {
    check: () => {
      if (!running) schedule(0);
    },
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
