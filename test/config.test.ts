import { availableParallelism } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

const SECRET = 'x'.repeat(32);

/** The ConfigError thrown by loadConfig for `env`, or a failure when it does not throw one. */
function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('uses the defaults for an empty environment', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '127.0.0.1',
      dataDir: path.resolve('./data'),
      databaseUrl: null,
      embeddedPgPort: 54329,
      appUrl: 'http://localhost:3000',
      appSecret: null,
      adminEmail: null,
      adminPassword: null,
      logLevel: 'info',
      trustProxy: false,
      http: {
        requestTimeoutMs: 30_000,
        headersTimeoutMs: 10_000,
        keepAliveTimeoutMs: 5_000,
        idleTimeoutMs: 60_000,
        maxConnections: 1_000,
      },
      pdf: { threads: null, queueLimit: null },
      smtp: { maxConnections: 5, ratePerSecond: 0 },
    });
  });

  it('treats empty strings as unset', () => {
    expect(
      loadConfig({
        PORT: '',
        HOST: '',
        DATABASE_URL: '',
        APP_URL: '',
        APP_SECRET: '',
        ADMIN_EMAIL: '',
        ADMIN_PASSWORD: '',
        LOG_LEVEL: '',
        EMBEDDED_PG_PORT: '',
      }),
    ).toEqual(loadConfig({}));
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATA_DIR: '/var/lib/remit',
      DATABASE_URL: 'postgresql://remit:pw@db:5432/remit',
      EMBEDDED_PG_PORT: '6543',
      APP_URL: 'https://billing.example.com///',
      APP_SECRET: SECRET,
      ADMIN_EMAIL: 'owner@example.com',
      ADMIN_PASSWORD: 'owner-password-1',
      LOG_LEVEL: 'debug',
      TRUST_PROXY: '10.0.0.5',
      HTTP_REQUEST_TIMEOUT_MS: '60000',
      HTTP_HEADERS_TIMEOUT_MS: '20000',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '65000',
      HTTP_IDLE_TIMEOUT_MS: '120000',
      HTTP_MAX_CONNECTIONS: '0',
      PDF_THREADS: '1',
      PDF_QUEUE_LIMIT: '50',
      SMTP_MAX_CONNECTIONS: '2',
      SMTP_RATE_PER_SECOND: '14',
    });
    expect(config).toEqual({
      port: 8080,
      host: '0.0.0.0',
      dataDir: '/var/lib/remit',
      databaseUrl: 'postgresql://remit:pw@db:5432/remit',
      embeddedPgPort: 6543,
      appUrl: 'https://billing.example.com',
      appSecret: SECRET,
      adminEmail: 'owner@example.com',
      adminPassword: 'owner-password-1',
      logLevel: 'debug',
      trustProxy: ['10.0.0.5'],
      http: {
        requestTimeoutMs: 60_000,
        headersTimeoutMs: 20_000,
        keepAliveTimeoutMs: 65_000,
        idleTimeoutMs: 120_000,
        maxConnections: 0,
      },
      pdf: { threads: 1, queueLimit: 50 },
      smtp: { maxConnections: 2, ratePerSecond: 14 },
    });
  });

  it('derives APP_URL from PORT when APP_URL is not set', () => {
    expect(loadConfig({ PORT: '4000' }).appUrl).toBe('http://localhost:4000');
  });

  it('accepts postgres:// as well as postgresql://', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).databaseUrl).toBe('postgres://u@h/db');
  });

  it.each(['abc', '70000', '0', '-1', '3000.5', ' 3000', '65536'])('refuses PORT=%j', (port) => {
    const error = configError({ PORT: port });
    expect(error.variable).toBe('PORT');
    expect(error.message).toMatch(/^PORT: /);
    expect(error.message).toContain(port);
  });

  it('accepts the extreme ports 1 and 65535', () => {
    expect(loadConfig({ PORT: '1' }).port).toBe(1);
    expect(loadConfig({ PORT: '65535' }).port).toBe(65535);
  });

  it('refuses a bad EMBEDDED_PG_PORT', () => {
    expect(configError({ EMBEDDED_PG_PORT: '99999' }).variable).toBe('EMBEDDED_PG_PORT');
  });

  it.each(['mysql://x', 'http://db:5432/remit', 'localhost:5432'])('refuses DATABASE_URL=%j', (url) => {
    const error = configError({ DATABASE_URL: url });
    expect(error.variable).toBe('DATABASE_URL');
    expect(error.message).toMatch(/postgres/);
  });

  it('refuses an APP_SECRET shorter than 32 characters', () => {
    const error = configError({ APP_SECRET: 'x'.repeat(31) });
    expect(error.variable).toBe('APP_SECRET');
    expect(error.message).toMatch(/32/);
    expect(loadConfig({ APP_SECRET: SECRET }).appSecret).toBe(SECRET);
  });

  it('wants ADMIN_EMAIL and ADMIN_PASSWORD together', () => {
    const noPassword = configError({ ADMIN_EMAIL: 'owner@example.com' });
    expect(noPassword.variable).toBe('ADMIN_PASSWORD');
    const noEmail = configError({ ADMIN_PASSWORD: 'owner-password-1' });
    expect(noEmail.variable).toBe('ADMIN_EMAIL');
  });

  it('refuses an unknown LOG_LEVEL', () => {
    const error = configError({ LOG_LEVEL: 'loud' });
    expect(error.variable).toBe('LOG_LEVEL');
    expect(error.message).toContain('info');
    for (const level of ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) {
      expect(loadConfig({ LOG_LEVEL: level }).logLevel).toBe(level);
    }
  });

  it.each(['ftp://x', 'billing.example.com', 'not a url', 'file:///etc/passwd'])(
    'refuses APP_URL=%j',
    (url) => {
      const error = configError({ APP_URL: url });
      expect(error.variable).toBe('APP_URL');
      expect(error.message).toContain(url);
    },
  );

  it('is a named Error subclass carrying the variable', () => {
    const error = configError({ PORT: 'abc' });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ConfigError');
  });
});

describe('TRUST_PROXY', () => {
  it('trusts no proxy unless told', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
  });

  it('takes a number of proxies, or their addresses, ranges and named ranges', () => {
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,fd00::1' }).trustProxy).toEqual([
      'loopback',
      '10.0.0.0/8',
      'fd00::1',
    ]);
  });

  it.each([
    ['true', 'trusting every address'],
    ['0', 'between 1 and 20'],
    ['10.0.0.0/33', '"10.0.0.0/33"'],
    ['proxy.internal', '"proxy.internal"'],
    ['10.0.0.1,', '""'],
  ])('refuses TRUST_PROXY=%j', (value, message) => {
    const error = configError({ TRUST_PROXY: value });
    expect(error.variable).toBe('TRUST_PROXY');
    expect(error.message).toContain(message);
  });
});

describe('HTTP limits', () => {
  it.each([
    ['HTTP_REQUEST_TIMEOUT_MS', '0'],
    ['HTTP_REQUEST_TIMEOUT_MS', '999'],
    ['HTTP_HEADERS_TIMEOUT_MS', '10s'],
    ['HTTP_KEEP_ALIVE_TIMEOUT_MS', '-5'],
    ['HTTP_IDLE_TIMEOUT_MS', '3600001'],
    ['HTTP_MAX_CONNECTIONS', '1.5'],
  ])('refuses %s=%j', (variable, value) => {
    const error = configError({ [variable]: value });
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(`"${value}"`);
  });

  it('refuses a headers timeout longer than the request timeout (Node would refuse to start)', () => {
    const error = configError({ HTTP_REQUEST_TIMEOUT_MS: '5000', HTTP_HEADERS_TIMEOUT_MS: '6000' });
    expect(error.variable).toBe('HTTP_HEADERS_TIMEOUT_MS');
    expect(error.message).toContain('HTTP_REQUEST_TIMEOUT_MS');
  });
});

describe('PDF worker pool', () => {
  it('allows at most one thread per core', () => {
    const cores = availableParallelism();
    expect(loadConfig({ PDF_THREADS: String(cores) }).pdf.threads).toBe(cores);
    const error = configError({ PDF_THREADS: String(cores + 1) });
    expect(error.variable).toBe('PDF_THREADS');
    expect(error.message).toContain(`between 1 and ${cores}`);
  });

  it.each([
    ['PDF_THREADS', '0'],
    ['PDF_QUEUE_LIMIT', '-1'],
    ['PDF_QUEUE_LIMIT', 'many'],
    ['SMTP_MAX_CONNECTIONS', '0'],
    ['SMTP_MAX_CONNECTIONS', '101'],
    ['SMTP_RATE_PER_SECOND', '2.5'],
  ])('refuses %s=%j', (variable, value) => {
    expect(configError({ [variable]: value }).variable).toBe(variable);
  });

  it('takes a queue limit of 0: no render waits', () => {
    expect(loadConfig({ PDF_QUEUE_LIMIT: '0' }).pdf.queueLimit).toBe(0);
  });
});
