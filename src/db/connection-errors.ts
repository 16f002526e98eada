/**
 * Which errors mean "the database is not reachable right now" (restart, failover, dropped connections, a server
 * still starting) as opposed to a bad query or bad data. Those are worth waiting for and answer 503, never 500.
 */

/** SQLSTATE classes and codes of a database that went away or is not accepting connections yet. */
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown: pg_terminate_backend, fast shutdown
  '57P02', // crash_shutdown: another backend crashed, the server restarts
  '57P03', // cannot_connect_now: starting up, shutting down, in recovery
  '53300', // too_many_connections
]);

/**
 * Socket errors as pg passes them on when it cannot connect or loses its connection. Taken only from the error
 * itself, never from a `cause`: fetch (payment gateways) wraps its socket errors in a cause, and SMTP's timeouts
 * (ETIMEDOUT) are left out, so their failures are not mistaken for the database's.
 */
const UNAVAILABLE_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** Messages pg and pg-pool give when a connection ends under a query or cannot be made in time. */
const UNAVAILABLE_MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /not queryable/i,
  /terminating connection/i,
  /the database system is (starting up|shutting down|in recovery mode|not yet accepting connections)/i,
];

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { code, message, errors } = error as { code?: unknown; message?: unknown; errors?: unknown };
  if (typeof code === 'string') {
    if (UNAVAILABLE_SOCKET_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code)) return true;
    if (/^08[0-9A-Z]{3}$/.test(code)) return true; // SQLSTATE class 08: connection_exception
  }
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message)))
    return true;
  // AggregateError: every address of a host name refused the connection.
  return Array.isArray(errors) && errors.length > 0 && errors.every((inner) => isDatabaseUnavailable(inner));
}

/**
 * Errors that no wait will cure (wrong password, no such database or role): starting must stop and say so instead
 * of retrying for ever.
 */
export function isDatabaseMisconfigured(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === '28P01' || code === '28000' || code === '3D000' || code === '42501';
}
