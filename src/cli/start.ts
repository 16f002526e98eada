import { createSmtpMailer } from '../adapters/mail/smtp-mailer.ts';
import { PdfWorkerPool } from '../adapters/pdf/pdf-worker-pool.ts';
import type { Config } from '../config.ts';
import { buildApp } from '../http/app.ts';
import type { Jobs } from '../jobs/queue.ts';
import { startJobsWhenReachable } from '../jobs/start-jobs-when-reachable.ts';
import { createLogger } from '../logger.ts';
import { systemClock } from '../ports.ts';
import { openMigratedDatabase } from '../runtime.ts';
import { resolveSecretKey } from '../secret-key.ts';
import { documentAttachmentSources } from '../services/email/document-attachments.ts';
import { receiptAttachmentSource } from '../services/payments/render-receipt-pdf.ts';
import { statementAttachmentSource } from '../services/statements/render-client-statement-pdf.ts';
import { createUser } from '../services/users/create-user.ts';
import { recordRunningInstance } from './running-instance.ts';
import { surviveDatabaseOutages } from './unhandled-rejections.ts';

/** Creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD unless a user with that email already exists. */
async function ensureAdmin(config: Config, runtime: Awaited<ReturnType<typeof openMigratedDatabase>>) {
  if (config.adminEmail && config.adminPassword) {
    const existing = await runtime.db
      .selectFrom('users')
      .select('id')
      .where((eb) => eb(eb.fn('lower', ['email']), '=', config.adminEmail!.toLowerCase()))
      .executeTakeFirst();
    if (!existing) {
      try {
        await createUser(
          { db: runtime.db, clock: systemClock },
          {
            email: config.adminEmail,
            password: config.adminPassword,
            role: 'admin',
            name: 'Admin',
          },
        );
      } catch (error) {
        // A parallel process may have created it a moment ago; anything else is a real problem.
        if ((error as { code?: string }).code !== 'email_taken') throw error;
      }
    }
    return `Log in as ${config.adminEmail} with ADMIN_PASSWORD.`;
  }
  const users = await runtime.db.selectFrom('users').select('id').limit(1).execute();
  if (users.length) return 'Log in with your staff account.';
  return (
    'No user yet. Create the first admin with:\n' +
    '  npm run remit -- users:create --email you@example.com --role admin --password "a long password"\n' +
    'or start with ADMIN_EMAIL and ADMIN_PASSWORD set.'
  );
}

export async function start(config: Config): Promise<void> {
  const logger = createLogger(config.logLevel);
  surviveDatabaseOutages(logger);
  const runtime = await openMigratedDatabase(config, { logger, supervise: true });
  const loginHint = await ensureAdmin(config, runtime);
  const secretKey = await resolveSecretKey(config);
  const mailer = createSmtpMailer({ pool: config.smtp });
  // One pool of PDF threads for the HTTP app and the email jobs, closed after both.
  const pdfPool = new PdfWorkerPool({
    threads: config.pdf.threads ?? undefined,
    queueLimit: config.pdf.queueLimit ?? undefined,
  });
  let jobs: Jobs | null = null;
  const app = await buildApp({
    deps: { db: runtime.db, clock: systemClock },
    appUrl: config.appUrl,
    logger,
    trustProxy: config.trustProxy,
    httpLimits: config.http,
    pdfRenderer: pdfPool,
    sending: { secretKey, mailer, onBulkSendQueued: () => jobs?.nudgeBulkSends() },
    payments: { secretKey, onWebhookStored: () => jobs?.nudgeWebhooks() },
    authCache: { connectionString: String(runtime.pool.options.connectionString) },
    invoiceViewCache: { connectionString: String(runtime.pool.options.connectionString) },
  });

  let stopping = false;
  let forgetRunFile = async () => {};
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    // Stop accepting, let requests in flight finish, let running jobs finish, then close the pool and the
    // embedded database.
    await app.close();
    await forgetRunFile();
    await jobs?.stop();
    await mailer.close();
    await pdfPool.close();
    await runtime.shutdown();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await runtime.shutdown();
    if ((error as { code?: string }).code === 'EADDRINUSE') {
      throw new Error(`Port ${config.port} is already in use; set PORT to another port (e.g. PORT=3001).`);
    }
    throw error;
  }
  // Other terminals' commands find this server's data through it (see running-instance.ts); the server runs
  // without it, as before.
  try {
    forgetRunFile = await recordRunningInstance(config, {
      embeddedPgPort: Number(new URL(String(runtime.pool.options.connectionString)).port),
    });
  } catch (error) {
    app.log.warn({ reason: (error as Error).message }, 'other terminals will not find this server');
  }
  process.stdout.write(
    `\nRemit is running at ${config.appUrl}\n` +
      `  staff app:     ${config.appUrl}/app\n` +
      `  client portal: ${config.appUrl}/portal\n` +
      `  API docs:      ${config.appUrl}/api/docs\n` +
      `  database:      ${runtime.description}\n` +
      `  ${loginHint.replace(/\n/g, '\n  ')}\n\n`,
  );
  // Started after listening, so a port already taken fails fast without touching the job tables.
  try {
    jobs = await startJobsWhenReachable(logger, () => stopping, {
      connectionString: String(runtime.pool.options.connectionString),
      deps: { db: runtime.db, clock: systemClock, appUrl: config.appUrl, secretKey },
      mailer,
      // Emails carry their document as a PDF or an e-invoice, made when the message leaves.
      attachments: {
        ...documentAttachmentSources({ db: runtime.db, clock: systemClock, pdfRenderer: pdfPool.background }),
        statementPdf: statementAttachmentSource({
          db: runtime.db,
          clock: systemClock,
          statementRenderer: pdfPool.background,
        }),
        receiptPdf: receiptAttachmentSource({
          db: runtime.db,
          clock: systemClock,
          receiptRenderer: pdfPool.background,
        }),
      },
      log: app.log,
    });
  } catch (error) {
    if (stopping) return;
    // Without its jobs the server would issue invoices whose emails never leave: better not to run at all.
    app.log.error({ err: error }, 'background jobs could not start');
    stopping = true;
    await app.close();
    await forgetRunFile();
    await runtime.shutdown();
    throw error;
  }
}
