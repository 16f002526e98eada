import { isDatabaseUnavailable } from '../db/connection-errors.ts';
import type { Logger } from '../logger.ts';

/**
 * Node ends the process on a promise rejection nobody handles. Libraries sometimes start a query without waiting
 * for it (pg-boss marks a job failed or completed that way), and while the database is away such a query rejects
 * with nobody listening: that must not take the server down. Any other unhandled rejection is a bug and still ends
 * the process, after a log line saying what it was.
 */
export function surviveDatabaseOutages(log: Logger): void {
  process.on('unhandledRejection', (reason) => {
    if (isDatabaseUnavailable(reason)) {
      log.warn(
        { reason: (reason as Error).message },
        'a background database call failed while the database was away',
      );
      return;
    }
    log.fatal({ err: reason }, 'unhandled promise rejection');
    process.exit(1);
  });
}
