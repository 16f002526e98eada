import { sql } from 'kysely';
import type { Logger } from '../logger.ts';
import type { Db } from './client.ts';
import { isDatabaseMisconfigured, isDatabaseUnavailable } from './connection-errors.ts';

export class DatabaseConfigurationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseConfigurationError';
  }
}

const FIRST_DELAY_MS = 500;
/**
 * At start the only peer is the database, so these mean it too: a host name that does not resolve yet (a
 * database container still starting) or a connection attempt that timed out.
 */
const NOT_THERE_YET = new Set(['ENOTFOUND', 'ETIMEDOUT']);
const MAX_DELAY_MS = 10_000;

/**
 * Waits until the database answers, retrying with a growing pause (0.5 s, 1 s, 2 s ... 10 s) and one log line per
 * try, for as long as it takes: a server started before its database (a reboot, a container restart) comes up by
 * itself. Errors no wait can cure (wrong password, no such database) stop at once with a plain message.
 */
export async function waitForDatabase(db: Db, description: string, logger?: Logger): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await sql`select 1`.execute(db);
      if (attempt > 1) logger?.info({ attempts: attempt }, `${description} is reachable`);
      return;
    } catch (error) {
      if (isDatabaseMisconfigured(error)) {
        throw new DatabaseConfigurationError(`${description} refused Remit: ${(error as Error).message}`, {
          cause: error,
        });
      }
      if (!isDatabaseUnavailable(error) && !NOT_THERE_YET.has(String((error as { code?: unknown }).code)))
        throw error;
      const delay = Math.min(FIRST_DELAY_MS * 2 ** (attempt - 1), MAX_DELAY_MS);
      const reason = (error as { code?: string }).code ?? (error as Error).message;
      logger?.warn(
        { attempt, retryInMs: delay, reason },
        `${description} is not reachable (${reason}); trying again in ${delay / 1000} s`,
      );
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
