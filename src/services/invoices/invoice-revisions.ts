import { sql } from 'kysely';
import type { Db, Trx } from '../../db/client.ts';
import type { InvoiceRow } from '../../db/schema.ts';
import type { Actor } from '../context.ts';
import { snapshotOf } from './invoice-snapshot.ts';
import type { InvoiceRecord } from './load-invoice.ts';

export interface RevisionAuthor {
  type: 'user' | 'api_token' | 'system' | 'contact';
  id: string | null;
  name: string;
}

/** Who issued the invoice and when, from its timeline: the author of revision 1 ("as issued"). */
export async function issuingOf(
  db: Db | Trx,
  invoice: InvoiceRow,
): Promise<{ author: RevisionAuthor; at: Date }> {
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
  };
}

/** Highest revision number stored for the invoice, 0 when it was never revised. */
export async function lastRevisionNumber(db: Db | Trx, invoiceId: string): Promise<number> {
  const row = await db
    .selectFrom('invoice_revisions')
    .select(sql<number>`coalesce(max(revision), 0)::int`.as('last'))
    .where('invoice_id', '=', invoiceId)
    .executeTakeFirstOrThrow();
  return row.last;
}

export async function insertRevision(
  trx: Trx,
  record: InvoiceRecord,
  revision: number,
  author: RevisionAuthor,
  createdBy: string | null,
  note: string,
  at: Date,
): Promise<void> {
  await trx
    .insertInto('invoice_revisions')
    .values({
      invoice_id: record.invoice.id,
      revision,
      snapshot: JSON.stringify(snapshotOf(record)),
      note,
      actor_type: author.type,
      actor_id: author.id,
      actor_name: author.name,
      created_by: createdBy,
      created_at: at,
    })
    .execute();
}

export function authorOf(actor: Actor): RevisionAuthor {
  return { type: actor.type, id: actor.id, name: actor.name };
}
