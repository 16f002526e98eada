import PgBoss from 'pg-boss';
import { createNodeWebhookTransport } from '../adapters/webhooks/node-webhook-transport.ts';
import { isDatabaseUnavailable } from '../db/connection-errors.ts';
import type { Mailer, WebhookTransport } from '../ports.ts';
import type { DocumentAttachmentSources } from '../services/email/document-attachments.ts';
import type { SendingDeps } from '../services/sending/sending-deps.ts';
import { WEBHOOK_QUEUED_CHANNEL } from '../services/webhooks/webhook-deps.ts';
import { BULK_SENDS, bulkSendsHandler } from './handlers/bulk-sends.ts';
import { DELIVER_EMAILS, deliverEmailsHandler } from './handlers/deliver-emails.ts';
import { DELIVER_WEBHOOKS, deliverWebhooksHandler } from './handlers/deliver-webhooks.ts';
import { FILL_REPORT_TAX_AMOUNTS, fillReportTaxAmountsHandler } from './handlers/fill-report-tax-amounts.ts';
import { FOLD_DASHBOARD_FIGURES, foldDashboardFiguresHandler } from './handlers/fold-dashboard-figures.ts';
import { OVERDUE_SWEEP, overdueSweepHandler } from './handlers/overdue-sweep.ts';
import { PROCESS_WEBHOOKS, processWebhooksHandler } from './handlers/process-webhooks.ts';
import { PURGE_AUDIT_LOG, purgeAuditLogHandler } from './handlers/purge-audit-log.ts';
import { PURGE_EMAIL_BODIES, purgeEmailBodiesHandler } from './handlers/purge-email-bodies.ts';
import { PURGE_IDEMPOTENCY_KEYS, purgeIdempotencyKeysHandler } from './handlers/purge-idempotency-keys.ts';
import { PURGE_PORTAL_RECORDS, purgePortalRecordsHandler } from './handlers/purge-portal-records.ts';
import {
  PURGE_WEBHOOK_DELIVERIES,
  purgeWebhookDeliveriesHandler,
} from './handlers/purge-webhook-deliveries.ts';
import { RECURRING_INVOICES, recurringInvoicesHandler } from './handlers/recurring-invoices.ts';
import { remindersHandler, SEND_REMINDERS } from './handlers/reminders.ts';
import type { JobLog } from './job-log.ts';
import { listenForQueuedEmail } from './outbox-listener.ts';
import { SCHEDULES } from './schedule.ts';

export interface JobsOptions {
  /** The application's database: pg-boss keeps its tables in a schema of its own (`pgboss`) there. */
  connectionString: string;
  deps: SendingDeps;
  mailer: Mailer;
  /** Makes the files emails attach (PDFs, e-invoices); without it they go without (see document-attachments.ts). */
  attachments?: DocumentAttachmentSources;
  log: JobLog;
  /** Outgoing webhooks' name resolution and HTTP; default node:http(s) and the system resolver. */
  webhookTransport?: WebhookTransport;
  /** Seconds to let running jobs finish on stop. */
  stopTimeoutSeconds?: number;
}

export interface Jobs {
  /** Deliver queued email now. Every queued email already does this at commit (see outbox-listener.ts). */
  nudgeDelivery(): void;
  /** Process stored payment webhooks now (called after a new event was stored). */
  nudgeWebhooks(): void;
  /** Work on recorded bulk sends now (called after one was recorded). */
  nudgeBulkSends(): void;
  /** Stops taking jobs and waits for running ones to finish. */
  stop(): Promise<void>;
}

/**
 * Starts the background jobs on pg-boss: email delivery, the overdue sweep, reminders, recurring invoices, payment
 * webhooks and the purge of spent portal records. Every process may run them; the queues are 'stately' (at most one
 * running and one waiting per queue across all processes), and the work itself is safe to run twice at once (row
 * claims and unique keys), so nothing depends on that limit.
 */
export async function startJobs(options: JobsOptions): Promise<Jobs> {
  const boss = new PgBoss({
    connectionString: options.connectionString,
    max: 4,
    application_name: 'remit-jobs',
  });
  boss.on('error', (error) => {
    // While the database is away every poll fails; pg-boss keeps polling and carries on once it is back.
    if (isDatabaseUnavailable(error))
      options.log.warn({ reason: error.message }, 'job queue waits for the database');
    else options.log.error({ err: error }, 'job queue error');
  });
  try {
    await boss.start();
    return await registerJobs(boss, options);
  } catch (error) {
    // Nothing half-started stays behind: the caller may try again (see start-jobs-when-reachable.ts).
    await boss.stop({ graceful: false, wait: true, timeout: 1000 }).catch(() => {});
    throw error;
  }
}

async function registerJobs(boss: PgBoss, options: JobsOptions): Promise<Jobs> {
  let deliveryWorker: string | null = null;
  let webhookWorker: string | null = null;
  // Queues a delivery run (at most one waits) and has this process's worker take it now rather than at its next poll.
  const wakeDelivery = async () => {
    try {
      await boss.send(DELIVER_EMAILS, {});
      if (deliveryWorker) boss.notifyWorker(deliveryWorker);
    } catch (error) {
      options.log.error({ err: error }, 'could not queue delivery');
    }
  };
  const nudgeDelivery = () => void wakeDelivery();
  // Long jobs (a bulk send) look at this between batches, so stopping does not wait for all their work.
  let stopping = false;
  const wakeWebhooks = async () => {
    try {
      await boss.send(DELIVER_WEBHOOKS, {});
      if (webhookWorker) boss.notifyWorker(webhookWorker);
    } catch (error) {
      options.log.error({ err: error }, 'could not queue webhook delivery');
    }
  };
  const webhookDeps = {
    ...options.deps,
    transport: options.webhookTransport ?? createNodeWebhookTransport(),
  };
  const handlers: Record<string, () => Promise<object>> = {
    [DELIVER_EMAILS]: deliverEmailsHandler(options.deps, options.mailer, options.attachments ?? {}),
    [OVERDUE_SWEEP]: overdueSweepHandler(options.deps, options.log),
    [SEND_REMINDERS]: remindersHandler(options.deps, options.log),
    [RECURRING_INVOICES]: recurringInvoicesHandler(options.deps, options.log),
    [PROCESS_WEBHOOKS]: processWebhooksHandler(options.deps),
    [DELIVER_WEBHOOKS]: deliverWebhooksHandler(webhookDeps),
    [PURGE_EMAIL_BODIES]: purgeEmailBodiesHandler(options.deps),
    [PURGE_PORTAL_RECORDS]: purgePortalRecordsHandler(options.deps),
    [PURGE_IDEMPOTENCY_KEYS]: purgeIdempotencyKeysHandler(options.deps),
    [PURGE_AUDIT_LOG]: purgeAuditLogHandler(options.deps),
    [PURGE_WEBHOOK_DELIVERIES]: purgeWebhookDeliveriesHandler(options.deps),
    [FOLD_DASHBOARD_FIGURES]: foldDashboardFiguresHandler(options.deps),
    [BULK_SENDS]: bulkSendsHandler(options.deps, options.log, () => stopping),
    [FILL_REPORT_TAX_AMOUNTS]: fillReportTaxAmountsHandler(options.deps, () => stopping),
  };
  for (const { name, cron } of SCHEDULES) {
    // 'short': at most one run waits per queue, however often it is nudged. Not 'stately' (which also allows one
    // active run at most): a run whose completion was lost with the database connection stays 'active' until it
    // expires, and would block its queue that long. Two runs at once are safe (row claims, unique keys).
    const queue = { name, policy: 'short', retryLimit: 0, expireInSeconds: 15 * 60 } as const;
    await boss.createQueue(name, queue);
    await boss.updateQueue(name, queue); // installs made with 'stately' before
    await boss.schedule(name, cron);
    const worker = await boss.work(name, { pollingIntervalSeconds: 2 }, async () => {
      const run = handlers[name];
      if (!run) return;
      try {
        const report = await run();
        // Most runs find nothing to do; only those that did something are worth a log line.
        if (Object.values(report).some((count) => count !== 0))
          options.log.info({ job: name, ...report }, 'job done');
      } catch (error) {
        options.log.error({ job: name, err: error }, 'job failed');
        throw error;
      }
    });
    if (name === DELIVER_EMAILS) deliveryWorker = worker;
    if (name === DELIVER_WEBHOOKS) webhookWorker = worker;
  }
  // Every queued email wakes delivery at commit, in every process (NOTIFY from the outbox). On connecting, the
  // listener also wakes it for mail queued while the process was down.
  const listener = listenForQueuedEmail({
    connectionString: options.connectionString,
    onQueued: wakeDelivery,
    log: options.log,
  });
  const webhookListener = listenForQueuedEmail({
    connectionString: options.connectionString,
    channel: WEBHOOK_QUEUED_CHANNEL,
    outboxName: 'webhook queue',
    applicationName: 'remit-webhook-listener',
    onQueued: wakeWebhooks,
    log: options.log,
  });

  const nudge = (name: string, what: string) => {
    boss.send(name, {}).catch((error) => options.log.error({ err: error }, `could not queue ${what}`));
  };
  // Bulk sends left running by a stopped process resume now rather than at the next minute.
  nudge(BULK_SENDS, 'bulk sends');
  // Documents queued for the tax report's figures (after a migration queued the existing ones) are filled now.
  nudge(FILL_REPORT_TAX_AMOUNTS, 'the tax figures fill');

  return {
    nudgeDelivery,
    nudgeWebhooks: () => nudge(PROCESS_WEBHOOKS, 'webhooks'),
    nudgeBulkSends: () => nudge(BULK_SENDS, 'bulk sends'),
    async stop() {
      stopping = true;
      await Promise.all([listener.stop(), webhookListener.stop()]);
      await boss.stop({ graceful: true, wait: true, timeout: (options.stopTimeoutSeconds ?? 30) * 1000 });
    },
  };
}
