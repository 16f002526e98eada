import { isIP } from 'node:net';
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
}

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
  };
}
