import nodemailer, { type Transporter } from 'nodemailer';
import { MailDeliveryError, type Mailer, type MailMessage, type SmtpServer } from '../../ports.ts';

/** Timeouts set explicitly: nodemailer's defaults (2 min / 30 s / 10 min) would hold a worker for minutes. */
export interface SmtpTimeouts {
  connectionMs: number;
  greetingMs: number;
  socketMs: number;
}

export const DEFAULT_SMTP_TIMEOUTS: SmtpTimeouts = {
  connectionMs: 10_000,
  greetingMs: 10_000,
  socketMs: 30_000,
};

/** The connection pool kept per SMTP server (SMTP_MAX_CONNECTIONS, SMTP_RATE_PER_SECOND in config.ts). */
export interface SmtpPoolOptions {
  /** Connections open at once to the server, and so messages in flight. */
  maxConnections: number;
  /** Messages handed to the server per second across the pool; 0 for no limit (providers often set one). */
  ratePerSecond: number;
  /** An unused connection is closed after this; the next message opens a new one. */
  idleMs: number;
}

export const DEFAULT_SMTP_POOL: SmtpPoolOptions = { maxConnections: 5, ratePerSecond: 0, idleMs: 60_000 };

interface NodemailerError {
  code?: string;
  errno?: string | number;
  syscall?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

const SYSTEM_REFUSED = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Turns a nodemailer error into a plain sentence. nodemailer wraps socket errors as ESOCKET/ECONNECTION but keeps
 * the system error's name in the message or `errno`, which tells a refused connection from the rest.
 */
export function describeSmtpError(
  error: unknown,
  server: Pick<SmtpServer, 'host' | 'port'>,
): MailDeliveryError {
  if (error instanceof MailDeliveryError) return error;
  const e = (error ?? {}) as NodemailerError;
  const message = String(e.message ?? error);
  const where = `${server.host}:${server.port}`;
  const system = [e.errno, e.code, ...(message.match(/\bE[A-Z]{4,}\b/g) ?? [])].map(String);
  if (system.some((code) => SYSTEM_REFUSED.has(code))) {
    return new MailDeliveryError(
      'connection_refused',
      `Connection refused by ${where}: check the host and port, and that the SMTP server is running`,
      false,
    );
  }
  if (system.includes('ETIMEDOUT') || /timeout|timed out/i.test(message)) {
    return new MailDeliveryError(
      'timeout',
      `Timed out talking to ${where}: the server did not answer (a firewall, or the wrong port or security setting)`,
      false,
    );
  }
  if (e.code === 'EDNS' || system.includes('ENOTFOUND') || system.includes('EAI_AGAIN')) {
    return new MailDeliveryError('dns', `The host name ${server.host} could not be found`, false);
  }
  if (e.code === 'EAUTH' || e.code === 'ENOAUTH' || e.responseCode === 535) {
    return new MailDeliveryError(
      'authentication',
      `Authentication failed at ${where}: the server rejected the user name or password${e.response ? ` (${e.response})` : ''}`,
      false,
    );
  }
  if (
    e.code === 'ETLS' ||
    /\b(TLS|SSL)\b|certificate|wrong version number|self[- ]signed|handshake/i.test(message)
  ) {
    return new MailDeliveryError(
      'tls',
      `TLS error with ${where}: ${message} (check the security setting: TLS for port 465, STARTTLS for 587, none for plain)`,
      false,
    );
  }
  if (typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode !== 503) {
    return new MailDeliveryError(
      'rejected',
      `The server rejected the message: ${e.response ?? message}`,
      true,
    );
  }
  if (typeof e.responseCode === 'number' && e.responseCode >= 400) {
    return new MailDeliveryError(
      'rejected',
      `The server deferred the message: ${e.response ?? message}`,
      false,
    );
  }
  return new MailDeliveryError('other', `Sending through ${where} failed: ${message}`, false);
}

function transportOptions(server: SmtpServer, timeouts: SmtpTimeouts) {
  return {
    host: server.host,
    port: server.port,
    // `secure` is TLS from the first byte (465); STARTTLS upgrades a plain connection and is then required.
    secure: server.security === 'tls',
    requireTLS: server.security === 'starttls',
    ignoreTLS: server.security === 'none',
    auth: server.username ? { user: server.username, pass: server.password ?? '' } : undefined,
    connectionTimeout: timeouts.connectionMs,
    greetingTimeout: timeouts.greetingMs,
    socketTimeout: timeouts.socketMs,
    tls: { minVersion: 'TLSv1.2' as const, servername: server.host },
  };
}

function mailOf(message: MailMessage) {
  return {
    from: { name: message.from.name, address: message.from.address },
    replyTo: message.replyTo || undefined,
    to: { name: message.to.name, address: message.to.address },
    // Copies are envelope recipients too; BCC addresses never appear in the headers.
    ...(message.cc?.length ? { cc: message.cc } : {}),
    ...(message.bcc?.length ? { bcc: message.bcc } : {}),
    subject: message.subject,
    html: message.html,
    text: message.text,
    attachments: message.attachments?.map((a) => ({
      filename: a.filename,
      content: a.content,
      contentType: a.contentType,
    })),
  };
}

interface ServerPool {
  transport: Transporter;
  inFlight: number;
  retired: boolean;
}

export interface SmtpMailerOptions {
  timeouts?: SmtpTimeouts;
  pool?: Partial<SmtpPoolOptions>;
}

/**
 * The Mailer port over nodemailer, with one pool of connections per SMTP server configuration: messages reuse open
 * connections (up to `maxConnections`, paced by `ratePerSecond`) instead of a handshake each. Saving other SMTP
 * settings retires the old pool once its messages are out; close() ends them all (shutdown).
 *
 * Stale connections are nodemailer's to handle: a reused connection the server dropped while idle is replaced and
 * the message goes out over another one when not a byte of it was sent; otherwise the error reaches the outbox,
 * which retries (at least once, as for any failure after the server may have accepted it).
 */
export function createSmtpMailer(options: SmtpMailerOptions = {}): Mailer & { close(): Promise<void> } {
  const timeouts = options.timeouts ?? DEFAULT_SMTP_TIMEOUTS;
  const poolOptions = { ...DEFAULT_SMTP_POOL, ...options.pool };
  const pools = new Map<string, ServerPool>();

  const closeIfDone = (key: string, pool: ServerPool) => {
    if (!pool.retired || pool.inFlight > 0) return;
    pool.transport.close();
    if (pools.get(key) === pool) pools.delete(key);
  };

  const poolFor = (server: SmtpServer): [string, ServerPool] => {
    const settings = transportOptions(server, timeouts);
    const key = JSON.stringify(settings);
    let pool = pools.get(key);
    if (pool && !pool.retired) return [key, pool];
    // Other settings were saved: the old server's connections close once their messages are out.
    for (const [oldKey, old] of pools) {
      if (oldKey === key) continue;
      old.retired = true;
      closeIfDone(oldKey, old);
    }
    if (pool) pool.retired = false;
    else {
      pool = {
        transport: nodemailer.createTransport({
          ...settings,
          pool: true,
          maxConnections: poolOptions.maxConnections,
          ...(poolOptions.ratePerSecond > 0 ? { rateLimit: poolOptions.ratePerSecond, rateDelta: 1000 } : {}),
          idleTimeout: poolOptions.idleMs,
        }),
        inFlight: 0,
        retired: false,
      };
      pools.set(key, pool);
    }
    return [key, pool];
  };

  return {
    parallelism: poolOptions.maxConnections,
    async send(server: SmtpServer, message: MailMessage) {
      const [key, pool] = poolFor(server);
      pool.inFlight += 1;
      try {
        const info = await pool.transport.sendMail(mailOf(message));
        return { messageId: String(info.messageId ?? '') };
      } catch (error) {
        throw describeSmtpError(error, server);
      } finally {
        pool.inFlight -= 1;
        closeIfDone(key, pool);
      }
    },
    // A check of the settings opens a connection of its own: it must not wait behind queued messages.
    async verify(server: SmtpServer) {
      const transport = nodemailer.createTransport(transportOptions(server, timeouts));
      try {
        await transport.verify();
      } catch (error) {
        throw describeSmtpError(error, server);
      } finally {
        transport.close();
      }
    },
    async close() {
      for (const [key, pool] of pools) {
        pool.retired = true;
        closeIfDone(key, pool);
      }
    },
  };
}
