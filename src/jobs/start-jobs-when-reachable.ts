import { isDatabaseUnavailable } from '../db/connection-errors.ts';
import type { Logger } from '../logger.ts';
import { type Jobs, type JobsOptions, startJobs } from './queue.ts';

const MAX_DELAY_MS = 10_000;

/**
 * Starts the background jobs, waiting out a database that drops away while they start (a restart right after the
 * server came up): the server must not exit for that. Any other failure is a real fault and is thrown.
 * Resolves to null when the process began stopping meanwhile.
 */
export async function startJobsWhenReachable(
  logger: Logger,
  isStopping: () => boolean,
  options: JobsOptions,
): Promise<Jobs | null> {
  for (let attempt = 1; ; attempt++) {
    if (isStopping()) return null;
    try {
      return await startJobs(options);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      const delay = Math.min(500 * 2 ** (attempt - 1), MAX_DELAY_MS);
      logger.warn(
        { attempt, retryInMs: delay, reason: (error as Error).message },
        'background jobs wait for the database',
      );
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
