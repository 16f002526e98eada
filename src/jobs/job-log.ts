import type { BatchProgress } from '../services/batch-progress.ts';

/** The structured log the jobs write to (pino in the server). */
export interface JobLog {
  info(data: object, message: string): void;
  warn(data: object, message: string): void;
  error(data: object, message: string): void;
}

/** Logs each batch of a job that drains its work in batches. */
export function logBatches(log: JobLog | undefined, job: string): BatchProgress | undefined {
  if (!log) return undefined;
  return (progress) => log.info({ job, ...progress }, 'job batch done');
}
