import { type Logger, pino } from 'pino';

export type { Logger };

/**
 * The process's one logger: JSON lines on stdout. The HTTP app logs through it too, so the lines written while the
 * database is awaited or restarted look like every other line. Credentials in request headers are never written.
 */
export function createLogger(level = 'info', destination?: NodeJS.WritableStream): Logger {
  const options = {
    level,
    redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]'],
  };
  return destination ? pino(options, destination) : pino(options);
}
