import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import path from 'node:path';

/** Typed configuration, read once from the environment and validated with messages a person can act on. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** External PostgreSQL; when absent the embedded server in DATA_DIR is used. */
  databaseUrl: string | null;
  embeddedPgPort: number;
  appUrl: string;
  /** Secret for encrypting settings secrets and signing; generated into DATA_DIR when not set. */
  appSecret: string | null;
  adminEmail: string | null;
  adminPassword: string | null;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /**
   * Which proxies may tell the client's address (X-Forwarded-For): none, the number of proxies in front, or their
   * addresses. Rate limits and logs use the address this yields.
   */
  trustProxy: false | number | string[];
  /** How long the HTTP server waits for slow clients, and how many connections it keeps (http/server-limits.ts). */
  http: HttpLimits;
  /** Invoice PDFs render in worker threads (adapters/pdf/pdf-worker-pool.ts); null: the pool's default. */
  pdf: { threads: number | null; queueLimit: number | null };
  /** The pool of SMTP connections email goes out through (adapters/mail/smtp-mailer.ts). */
  smtp: { maxConnections: number; ratePerSecond: number };
}

export interface HttpLimits {
  /** The whole request, headers and body, must arrive within this (HTTP_REQUEST_TIMEOUT_MS). */
  requestTimeoutMs: number;
  /** The request headers must arrive within this (HTTP_HEADERS_TIMEOUT_MS); at most the request timeout. */
  headersTimeoutMs: number;
  /** An open connection waiting for its next request is closed after this (HTTP_KEEP_ALIVE_TIMEOUT_MS). */
  keepAliveTimeoutMs: number;
  /** A connection on which nothing moves either way for this long is closed (HTTP_IDLE_TIMEOUT_MS). */
  idleTimeoutMs: number;
  /** Connections beyond this are closed at once, 0 for no cap (HTTP_MAX_CONNECTIONS). */
  maxConnections: number;
}

/**
 * 30 s lets a 2 MiB body (the largest accepted) arrive at about 560 kbit/s; 10 s for headers of a few KiB is
 * generous even on a poor mobile link; 5 s between requests is Node's own default and lets browsers reuse a
 * connection for a burst of requests; 60 s of silence covers the slowest report; 1,000 connections are far more
 * than a company's staff and clients open, and leave descriptors for the database, files and logs.
 */
export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  idleTimeoutMs: 60_000,
  maxConnections: 1_000,
};

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function readPort(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 65535) {
    throw new ConfigError(name, `must be a port number between 1 and 65535, got "${raw}"`);
  }
  return Number(raw);
}

function readInteger(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  range: { min: number; max: number; unit: string },
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < range.min || Number(raw) > range.max) {
    throw new ConfigError(
      name,
      `must be a whole number of ${range.unit} between ${range.min} and ${range.max}, got "${raw}"`,
    );
  }
  return Number(raw);
}

function readHttpLimits(env: NodeJS.ProcessEnv): HttpLimits {
  const ms = (name: string, fallback: number) =>
    readInteger(env, name, fallback, { min: 1_000, max: 3_600_000, unit: 'milliseconds' });
  const limits: HttpLimits = {
    requestTimeoutMs: ms('HTTP_REQUEST_TIMEOUT_MS', DEFAULT_HTTP_LIMITS.requestTimeoutMs),
    headersTimeoutMs: ms('HTTP_HEADERS_TIMEOUT_MS', DEFAULT_HTTP_LIMITS.headersTimeoutMs),
    keepAliveTimeoutMs: ms('HTTP_KEEP_ALIVE_TIMEOUT_MS', DEFAULT_HTTP_LIMITS.keepAliveTimeoutMs),
    idleTimeoutMs: ms('HTTP_IDLE_TIMEOUT_MS', DEFAULT_HTTP_LIMITS.idleTimeoutMs),
    maxConnections: readInteger(env, 'HTTP_MAX_CONNECTIONS', DEFAULT_HTTP_LIMITS.maxConnections, {
      min: 0,
      max: 1_000_000,
      unit: 'connections',
    }),
  };
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    throw new ConfigError(
      'HTTP_HEADERS_TIMEOUT_MS',
      `must not be longer than HTTP_REQUEST_TIMEOUT_MS (${limits.requestTimeoutMs}), got ${limits.headersTimeoutMs}`,
    );
  }
  return limits;
}

/** PDF_THREADS (default: one per core, at most that) and PDF_QUEUE_LIMIT (default: 16 per thread). */
function readPdfPool(env: NodeJS.ProcessEnv): Config['pdf'] {
  const cores = availableParallelism();
  const threads = env.PDF_THREADS
    ? readInteger(env, 'PDF_THREADS', cores, {
        min: 1,
        max: cores,
        unit: 'threads, one per core at most,',
      })
    : null;
  const queueLimit = env.PDF_QUEUE_LIMIT
    ? readInteger(env, 'PDF_QUEUE_LIMIT', 0, { min: 0, max: 10_000, unit: 'renders' })
    : null;
  return { threads, queueLimit };
}

/**
 * SMTP_MAX_CONNECTIONS (default 5, as many messages in flight) and SMTP_RATE_PER_SECOND (default 0: no limit), for
 * a provider that limits either.
 */
function readSmtpPool(env: NodeJS.ProcessEnv): Config['smtp'] {
  return {
    maxConnections: readInteger(env, 'SMTP_MAX_CONNECTIONS', 5, { min: 1, max: 100, unit: 'connections' }),
    ratePerSecond: readInteger(env, 'SMTP_RATE_PER_SECOND', 0, {
      min: 0,
      max: 100_000,
      unit: 'messages a second (0 for no limit)',
    }),
  };
}

const PROXY_PRESETS = ['loopback', 'linklocal', 'uniquelocal'];

function readTrustProxy(raw: string | undefined): Config['trustProxy'] {
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops < 1 || hops > 20)
      throw new ConfigError('TRUST_PROXY', `must be between 1 and 20 proxies, got ${raw}`);
    return hops;
  }
  if (raw === 'true') {
    throw new ConfigError(
      'TRUST_PROXY',
      "trusting every address would let any client choose its own; give the proxies' addresses (e.g. 10.0.0.5 or loopback) or their number",
    );
  }
  const entries = raw.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    const [address, prefix, extra] = entry.split('/');
    const version = isIP(address ?? '');
    const prefixOk =
      prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (version === 6 ? 128 : 32));
    if (!PROXY_PRESETS.includes(entry) && (version === 0 || !prefixOk || extra !== undefined)) {
      throw new ConfigError(
        'TRUST_PROXY',
        `"${entry}" is not an IP address, a CIDR range or one of ${PROXY_PRESETS.join(', ')}`,
      );
    }
  }
  return entries;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = readPort(env, 'PORT', 3000);
  const host = env.HOST || '127.0.0.1';
  const dataDir = path.resolve(env.DATA_DIR || './data');

  const databaseUrl = env.DATABASE_URL || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL', 'must start with postgres:// or postgresql://');
  }

  const appUrl = (env.APP_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  try {
    const url = new URL(appUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
  } catch {
    throw new ConfigError(
      'APP_URL',
      `must be an http(s) URL such as https://billing.example.com, got "${appUrl}"`,
    );
  }

  const appSecret = env.APP_SECRET || null;
  if (appSecret !== null && appSecret.length < 32) {
    throw new ConfigError('APP_SECRET', 'must be at least 32 characters (e.g. `openssl rand -hex 32`)');
  }

  const adminEmail = env.ADMIN_EMAIL || null;
  const adminPassword = env.ADMIN_PASSWORD || null;
  if ((adminEmail === null) !== (adminPassword === null)) {
    throw new ConfigError(
      adminEmail ? 'ADMIN_PASSWORD' : 'ADMIN_EMAIL',
      'ADMIN_EMAIL and ADMIN_PASSWORD must be set together',
    );
  }

  const logLevel = (env.LOG_LEVEL || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  }

  return {
    port,
    host,
    dataDir,
    databaseUrl,
    embeddedPgPort: readPort(env, 'EMBEDDED_PG_PORT', 54329),
    appUrl,
    appSecret,
    adminEmail,
    adminPassword,
    logLevel,
    trustProxy: readTrustProxy(env.TRUST_PROXY),
    http: readHttpLimits(env),
    pdf: readPdfPool(env),
    smtp: readSmtpPool(env),
  };
}
