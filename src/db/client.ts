import { Kysely, Migrator, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import * as initial from './migrations/001-initial.ts';
import * as outboxAndLinks from './migrations/002-outbox-and-links.ts';
import * as branding from './migrations/003-branding.ts';
import * as paymentsRevisions from './migrations/004-payments-revisions.ts';
import * as sending from './migrations/005-sending.ts';
import * as portal from './migrations/006-portal.ts';
import * as gateways from './migrations/007-gateways.ts';
import * as recurring from './migrations/008-recurring.ts';
import * as paymentReview from './migrations/009-payment-review.ts';
import * as invoiceSortIndexes from './migrations/010-invoice-sort-indexes.ts';
import * as idempotencyKeys from './migrations/011-idempotency-keys.ts';
import * as outboxSecrets from './migrations/012-outbox-secrets-and-retention.ts';
import * as webhookIgnoredReason from './migrations/014-webhook-ignored-reason.ts';
import * as items from './migrations/015-items.ts';
import * as scrubTokensLeftSince012 from './migrations/016-scrub-tokens-left-since-012.ts';
import * as quotesAndCreditNotes from './migrations/017-quotes-and-credit-notes.ts';
import * as einvoiceData from './migrations/020-einvoice-data.ts';
import * as documentRevisions from './migrations/021-document-revisions.ts';
import * as creditGatewayRefunds from './migrations/022-credit-gateway-refunds.ts';
import * as emailEInvoiceAttachments from './migrations/023-email-einvoice-attachments.ts';
import * as searchAndClientSort from './migrations/024-search-and-client-sort.ts';
import * as dashboardFigures from './migrations/025-dashboard-figures.ts';
import * as emailAtVolume from './migrations/026-email-at-volume.ts';
import * as authChangeNotify from './migrations/027-auth-change-notify.ts';
import * as bulkSendJobs from './migrations/028-bulk-send-jobs.ts';
import * as reports from './migrations/029-reports.ts';
import * as outgoingWebhooks from './migrations/030-outgoing-webhooks.ts';
import * as auditLog from './migrations/031-audit-log.ts';
import * as invoiceViewNotify from './migrations/035-invoice-view-notify.ts';
import * as imports from './migrations/036-imports.ts';
import * as statementEmails from './migrations/037-statement-emails.ts';
import * as booksRetentionAndReportFill from './migrations/038-books-retention-and-report-fill.ts';
import * as clientLanguage from './migrations/039-client-language.ts';
import * as paperSize from './migrations/040-paper-size.ts';
import * as sendCopies from './migrations/041-send-copies.ts';
import * as taxSummary from './migrations/042-tax-summary.ts';
import * as paymentReceipts from './migrations/043-payment-receipts.ts';
import * as emailTemplatesAndPreviews from './migrations/044-email-templates-and-previews.ts';
import * as invoiceViewParties from './migrations/045-invoice-view-parties.ts';
import { pipelineTransactionEdges } from './pipelined-transactions.ts';
import { namePreparedStatements } from './prepared-statements.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;

const INT8_OID = 20;
const DATE_OID = 1082;

/**
 * pg returns int8 and numeric as strings. Decided once here: int8 (money in minor units, counters) becomes a
 * JS bigint; numeric stays a decimal string (exact); DATE stays 'YYYY-MM-DD' (a calendar day has no time zone).
 */
const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID) return (value: string) => BigInt(value);
    if (oid === DATE_OID) return (value: string) => value;
    return pg.types.getTypeParser(oid, format);
  },
};

export interface DatabaseHandle {
  db: Db;
  pool: pg.Pool;
  close(): Promise<void>;
}

export interface ConnectOptions {
  max?: number;
  /** Told of every connection the server dropped or lost (restart, failover, pg_terminate_backend). */
  onConnectionError?: (error: Error) => void;
}

export function connectDatabase(connectionString: string, options: ConnectOptions = {}): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    types: typeParsers as pg.CustomTypesConfig,
    connectionTimeoutMillis: 10_000,
    // A server that vanished without closing its sockets (failover, a host gone) is noticed by TCP keepalive
    // instead of leaving queries waiting on a dead connection.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
  const onConnectionError = options.onConnectionError ?? (() => {});
  // A connection the server drops must never crash the process. pg emits 'error' on the client: the pool listens
  // only while the client is idle, so a client held between two queries of a transaction needs a listener of its
  // own, or the event is unhandled and Node exits. The broken client is discarded when it goes back to the pool.
  pool.on('connect', (client) => {
    client.on('error', onConnectionError);
    namePreparedStatements(client);
    pipelineTransactionEdges(client);
  });
  pool.on('error', () => {}); // the same event, repeated by the pool for idle clients: reported above
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    pool,
    close: () => db.destroy(),
  };
}

const migrations = {
  '001-initial': initial,
  '002-outbox-and-links': outboxAndLinks,
  '003-branding': branding,
  '004-payments-revisions': paymentsRevisions,
  '006-portal': portal,
  '005-sending': sending,
  '007-gateways': gateways,
  '008-recurring': recurring,
  '009-payment-review': paymentReview,
  '010-invoice-sort-indexes': invoiceSortIndexes,
  '011-idempotency-keys': idempotencyKeys,
  '012-outbox-secrets-and-retention': outboxSecrets,
  // 013, 018 and 019 were never used. Kysely refuses a migration sorted before one already applied: new ones go
  // after the last.
  '014-webhook-ignored-reason': webhookIgnoredReason,
  '015-items': items,
  '016-scrub-tokens-left-since-012': scrubTokensLeftSince012,
  '017-quotes-and-credit-notes': quotesAndCreditNotes,
  '020-einvoice-data': einvoiceData,
  '021-document-revisions': documentRevisions,
  '022-credit-gateway-refunds': creditGatewayRefunds,
  '023-email-einvoice-attachments': emailEInvoiceAttachments,
  '024-search-and-client-sort': searchAndClientSort,
  '025-dashboard-figures': dashboardFigures,
  '026-email-at-volume': emailAtVolume,
  '027-auth-change-notify': authChangeNotify,
  '028-bulk-send-jobs': bulkSendJobs,
  '029-reports': reports,
  '030-outgoing-webhooks': outgoingWebhooks,
  '031-audit-log': auditLog,
  '035-invoice-view-notify': invoiceViewNotify,
  '036-imports': imports,
  '037-statement-emails': statementEmails,
  '038-books-retention-and-report-fill': booksRetentionAndReportFill,
  '039-client-language': clientLanguage,
  '040-paper-size': paperSize,
  '041-send-copies': sendCopies,
  '042-tax-summary': taxSummary,
  '043-payment-receipts': paymentReceipts,
  '044-email-templates-and-previews': emailTemplatesAndPreviews,
  '045-invoice-view-parties': invoiceViewParties,
};

/** Applies pending migrations. Kysely takes an advisory lock, so several processes starting at once are safe. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export async function pendingMigrations(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const all = await migrator.getMigrations();
  return all.filter((m) => !m.executedAt).map((m) => m.name);
}
