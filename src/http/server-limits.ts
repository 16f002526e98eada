/**
 * How long the HTTP server waits for slow clients, and how many connections it keeps at once. Without these, a
 * client sending a byte every few seconds holds its connection (and a file descriptor) for ever.
 */
import http from 'node:http';
import type { Socket } from 'node:net';
import type { ConnectionError, FastifyInstance } from 'fastify';
import type { HttpLimits } from '../config.ts';
import type { Problem } from './problem.ts';

/** Fastify's and Node's server options for these limits. */
export function serverLimitOptions(limits: HttpLimits): {
  connectionTimeout: number;
  requestTimeout: number;
  keepAliveTimeout: number;
  http: http.ServerOptions;
  clientErrorHandler: (error: ConnectionError, socket: Socket) => void;
} {
  return {
    // Nothing moving either way on a connection for this long: it is destroyed (also a client that stops reading).
    connectionTimeout: limits.idleTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    http: {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      // Node checks the two timeouts above on this interval (30 s by default, which would let a 10 s limit run
      // to 40 s): a quarter of the shorter one, at most a second.
      connectionsCheckingInterval: Math.max(
        10,
        Math.min(1_000, Math.floor(Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) / 4)),
      ),
    },
    clientErrorHandler,
  };
}

/** Applies the connection cap to the server Fastify created (0: no cap). */
export function capConnections(app: FastifyInstance, limits: HttpLimits): void {
  if (limits.maxConnections > 0) app.server.maxConnections = limits.maxConnections;
}

const CLIENT_ERRORS: Record<string, { status: number; code: string; title: string; detail: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    code: 'request_timeout',
    title: 'Request timeout',
    detail: 'The request was not received in time; send it again at a normal pace',
  },
  HPE_HEADER_OVERFLOW: {
    status: 431,
    code: 'headers_too_large',
    title: 'Request headers too large',
    detail: 'The request headers are larger than the server accepts',
  },
};

const MALFORMED = {
  status: 400,
  code: 'malformed_request',
  title: 'Bad request',
  detail: 'The request is not valid HTTP',
};

/**
 * Errors on a connection before a route could answer (timeouts, unparseable HTTP): a problem+json response where
 * one can still be written, then the connection is closed.
 */
function clientErrorHandler(this: FastifyInstance, error: ConnectionError, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const known = CLIENT_ERRORS[error.code] ?? MALFORMED;
  this.log.info(
    { code: error.code, remoteAddress: socket.remoteAddress },
    `connection closed: ${known.title.toLowerCase()}`,
  );
  // As Node does: no response while one is already being written on this connection, or the peer would read a
  // corrupted stream.
  const inFlight = (socket as Socket & { _httpMessage?: http.ServerResponse | null })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) {
    const problem: Problem = { type: `https://remit.invalid/problems/${known.code}`, ...known };
    const body = JSON.stringify(problem);
    socket.write(
      `HTTP/1.1 ${known.status} ${http.STATUS_CODES[known.status]}\r\n` +
        'Content-Type: application/problem+json\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  }
  socket.destroy(error);
}
