import { BULK_SENDS } from './handlers/bulk-sends.ts';
import { DELIVER_EMAILS } from './handlers/deliver-emails.ts';
import { DELIVER_WEBHOOKS } from './handlers/deliver-webhooks.ts';
import { FILL_REPORT_TAX_AMOUNTS } from './handlers/fill-report-tax-amounts.ts';
import { FOLD_DASHBOARD_FIGURES } from './handlers/fold-dashboard-figures.ts';
import { OVERDUE_SWEEP } from './handlers/overdue-sweep.ts';
import { PROCESS_WEBHOOKS } from './handlers/process-webhooks.ts';
import { PURGE_AUDIT_LOG } from './handlers/purge-audit-log.ts';
import { PURGE_EMAIL_BODIES } from './handlers/purge-email-bodies.ts';
import { PURGE_IDEMPOTENCY_KEYS } from './handlers/purge-idempotency-keys.ts';
import { PURGE_PORTAL_RECORDS } from './handlers/purge-portal-records.ts';
import { PURGE_WEBHOOK_DELIVERIES } from './handlers/purge-webhook-deliveries.ts';
import { RECURRING_INVOICES } from './handlers/recurring-invoices.ts';
import { SEND_REMINDERS } from './handlers/reminders.ts';

/**
 * When pg-boss triggers each job (cron, UTC). The jobs decide what is due from the injected clock and the
 * organisation's time zone, so running them often only costs a cheap query when nothing is due.
 */
export const SCHEDULES: { name: string; cron: string }[] = [
  // Catches retries that came due; new messages wake delivery at commit (jobs/outbox-listener.ts).
  { name: DELIVER_EMAILS, cron: '* * * * *' },
  { name: OVERDUE_SWEEP, cron: '*/5 * * * *' },
  // The dashboard's figures: rows appended by the writes of the last minute folded into one per currency and day.
  { name: FOLD_DASHBOARD_FIGURES, cron: '* * * * *' },
  // Payment webhooks are processed at once via a nudge after they are stored; this catches retries.
  { name: PROCESS_WEBHOOKS, cron: '* * * * *' },
  // Outgoing webhooks: new deliveries wake it at commit (NOTIFY remit_webhook_queued); this catches retries.
  { name: DELIVER_WEBHOOKS, cron: '* * * * *' },
  { name: SEND_REMINDERS, cron: '*/5 * * * *' },
  // The tax report's figures per document and its summary per day (migration 042), computed for documents queued by
  // the write paths' triggers (and once at start); a run stops after a few minutes and the next carries on.
  { name: FILL_REPORT_TAX_AMOUNTS, cron: '* * * * *' },
  // Every few minutes, so a new day in the organisation's time zone is picked up soon after midnight.
  { name: RECURRING_INVOICES, cron: '*/5 * * * *' },
  // Bulk sends start when recorded (a nudge); this resumes one whose process stopped part way.
  { name: BULK_SENDS, cron: '* * * * *' },
  // Bodies of email finished longer ago than the retention setting; hourly keeps each run small.
  { name: PURGE_EMAIL_BODIES, cron: '41 * * * *' },
  // Expired portal sessions, spent one-time tokens and dead rate-limit counters; hourly keeps the tables small.
  { name: PURGE_PORTAL_RECORDS, cron: '17 * * * *' },
  // Idempotency keys a day old no longer replay; hourly keeps the table to about a day of POSTs.
  { name: PURGE_IDEMPOTENCY_KEYS, cron: '23 * * * *' },
  // Audit log entries past settings.audit_retention_days (default 400); hourly keeps each run small.
  { name: PURGE_AUDIT_LOG, cron: '29 * * * *' },
  // Webhook deliveries delivered longer ago than settings.webhook_retention_days (default 30), and their events.
  { name: PURGE_WEBHOOK_DELIVERIES, cron: '37 * * * *' },
];
