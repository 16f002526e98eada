import { sql } from 'kysely';
import type { BulkSendSkipReason, BulkSendState } from '../../db/schema.ts';
import type { ServiceDeps } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import type { InvoiceFilter } from './list-invoices.ts';

export interface BulkSendView {
  id: string;
  /** queued (waiting for the worker), running, done (every invoice handled), failed (see `error`). */
  state: BulkSendState;
  createdAt: string;
  createdBy: string;
  startedAt: string | null;
  finishedAt: string | null;
  issueDrafts: boolean;
  /** The list filter the invoices were chosen by; null when they were named. */
  filter: BulkSendFilter | null;
  /** The invoices it named or matched, by what became of them so far. */
  invoices: { total: number; pending: number; sent: number; skipped: number; failed: number };
  /** The emails it queued, by where they are now: waiting (queued or being retried), sent, failed, not sent. */
  emails: { total: number; waiting: number; sent: number; failed: number; notSent: number };
  /** The job has finished and no email of it is waiting any more. */
  done: boolean;
  /** Why the job stopped before handling every invoice (state failed). */
  error: string | null;
  skipped: { invoiceId: string; number: string | null; reason: BulkSendSkipReason; message: string }[];
  failed: { invoiceId: string; number: string | null; message: string }[];
}

/** The invoice list's filters a bulk send can take instead of ids. */
export type BulkSendFilter = Pick<
  InvoiceFilter,
  'status' | 'clientId' | 'projectId' | 'issuedFrom' | 'issuedTo' | 'q'
>;

/** A bulk send's progress: its counts (kept on the job row as batches commit) and its emails' states now. */
export async function getBulkSend(deps: ServiceDeps, id: string): Promise<BulkSendView> {
  const bulk = await deps.db.selectFrom('bulk_sends').selectAll().where('id', '=', id).executeTakeFirst();
  if (!bulk) throw new NotFoundError('Bulk send');
  const [items, emails] = await Promise.all([
    deps.db
      .selectFrom('bulk_send_items')
      .leftJoin('invoices', 'invoices.id', 'bulk_send_items.invoice_id')
      .select([
        'bulk_send_items.invoice_id',
        'bulk_send_items.outcome',
        'bulk_send_items.skip_reason',
        'bulk_send_items.skip_message',
        'invoices.number',
      ])
      .where('bulk_send_items.bulk_send_id', '=', id)
      .where('bulk_send_items.outcome', 'in', ['skipped', 'failed'])
      .orderBy('bulk_send_items.position')
      .execute(),
    deps.db
      .selectFrom('email_outbox')
      .select(['state', sql<number>`count(*)::int`.as('count')])
      .where('bulk_send_id', '=', id)
      .groupBy('state')
      .execute(),
  ]);
  const count = (...states: string[]) =>
    emails.filter((row) => states.includes(row.state)).reduce((sum, row) => sum + row.count, 0);
  const waiting = count('queued', 'retrying', 'sending');
  const finished = bulk.state === 'done' || bulk.state === 'failed';
  return {
    id: bulk.id,
    state: bulk.state,
    createdAt: bulk.created_at.toISOString(),
    createdBy: bulk.created_by_name,
    startedAt: bulk.started_at?.toISOString() ?? null,
    finishedAt: bulk.finished_at?.toISOString() ?? null,
    issueDrafts: bulk.issue_drafts,
    filter: bulk.filter as BulkSendFilter | null,
    invoices: {
      total: bulk.total,
      pending: bulk.total - bulk.sent - bulk.skipped - bulk.failed,
      sent: bulk.sent,
      skipped: bulk.skipped,
      failed: bulk.failed,
    },
    emails: {
      total: count('queued', 'retrying', 'sending', 'sent', 'failed', 'not_sent'),
      waiting,
      sent: count('sent'),
      failed: count('failed'),
      notSent: count('not_sent'),
    },
    done: finished && waiting === 0,
    error: bulk.state === 'failed' ? bulk.last_error : null,
    skipped: items
      .filter((item) => item.outcome === 'skipped')
      .map((item) => ({
        invoiceId: item.invoice_id,
        number: item.number,
        reason: item.skip_reason!,
        message: item.skip_message ?? '',
      })),
    failed: items
      .filter((item) => item.outcome === 'failed')
      .map((item) => ({ invoiceId: item.invoice_id, number: item.number, message: item.skip_message ?? '' })),
  };
}
