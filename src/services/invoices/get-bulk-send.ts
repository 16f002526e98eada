import { sql } from 'kysely';
import type { BulkSendSkipReason } from '../../db/schema.ts';
import type { ServiceDeps } from '../context.ts';
import { NotFoundError } from '../errors.ts';

export interface BulkSendView {
  id: string;
  createdAt: string;
  createdBy: string;
  issueDrafts: boolean;
  invoices: { requested: number; queued: number; skipped: number };
  /** The emails it queued, by where they are now: waiting (queued or being retried), sent, failed, not sent. */
  emails: { total: number; waiting: number; sent: number; failed: number; notSent: number };
  /** Nothing is waiting any more: every email was sent, failed or not sent. */
  done: boolean;
  skipped: { invoiceId: string; number: string | null; reason: BulkSendSkipReason; message: string }[];
}

/** A bulk send's progress, counted from its emails' states in the outbox as they are now. */
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
  const skipped = items.filter((item) => item.outcome === 'skipped');
  return {
    id: bulk.id,
    createdAt: bulk.created_at.toISOString(),
    createdBy: bulk.created_by_name,
    issueDrafts: bulk.issue_drafts,
    invoices: { requested: items.length, queued: items.length - skipped.length, skipped: skipped.length },
    emails: {
      total: count('queued', 'retrying', 'sending', 'sent', 'failed', 'not_sent'),
      waiting,
      sent: count('sent'),
      failed: count('failed'),
      notSent: count('not_sent'),
    },
    done: waiting === 0,
    skipped: skipped.map((item) => ({
      invoiceId: item.invoice_id,
      number: item.number,
      reason: item.skip_reason!,
      message: item.skip_message ?? '',
    })),
  };
}
