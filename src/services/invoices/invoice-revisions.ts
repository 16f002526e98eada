import { sql } from 'kysely';
import type { Db, Trx } from '../../db/client.ts';
import type { InvoiceRow } from '../../db/schema.ts';
import {
  type FirstVersion,
  REVISION_COLUMNS,
  type RevisionStore,
  revisionColumns,
  storedRevisionOf,
} from '../documents/revisions.ts';

/** Who issued the invoice and when, from its timeline: the author of revision 1 ("as issued"). */
export async function issuingOf(db: Db | Trx, invoice: InvoiceRow): Promise<FirstVersion> {
  const event = await db
    .selectFrom('invoice_events')
    .select(['actor_type', 'actor_id', 'actor_name', 'created_at'])
    .where('invoice_id', '=', invoice.id)
    .where('from_status', '=', 'draft')
    .where('to_status', '=', 'sent')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return {
    author: event
      ? { type: event.actor_type, id: event.actor_id, name: event.actor_name }
      : { type: 'system', id: null, name: '' },
    at: invoice.sent_at ?? event?.created_at ?? invoice.created_at,
    note: 'As issued',
  };
}

/** Invoices keep their revisions in `invoice_revisions`. */
export const invoiceRevisionStore: RevisionStore = {
  async last(db, invoiceId) {
    const row = await db
      .selectFrom('invoice_revisions')
      .select(sql<number>`coalesce(max(revision), 0)::int`.as('last'))
      .where('invoice_id', '=', invoiceId)
      .executeTakeFirstOrThrow();
    return row.last;
  },
  async list(db, invoiceId) {
    const rows = await db
      .selectFrom('invoice_revisions')
      .select(REVISION_COLUMNS)
      .where('invoice_id', '=', invoiceId)
      .orderBy('revision')
      .execute();
    return rows.map(storedRevisionOf);
  },
  async find(db, invoiceId, revision) {
    const row = await db
      .selectFrom('invoice_revisions')
      .select(REVISION_COLUMNS)
      .where('invoice_id', '=', invoiceId)
      .where('revision', '=', revision)
      .executeTakeFirst();
    return row && storedRevisionOf(row);
  },
  async insert(trx, invoiceId, revision) {
    await trx
      .insertInto('invoice_revisions')
      .values({ invoice_id: invoiceId, ...revisionColumns(revision) })
      .execute();
  },
};
