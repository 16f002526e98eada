import { type Kysely, sql } from 'kysely';

/**
 * Send dialog and receipts (issue 18).
 *
 * Copies: a document send may name CC and BCC addresses; they ride on the first recipient's message (cc, bcc), so
 * each copy is made once whatever the number of contacts. Empty lists for every other message.
 *
 * Receipts: a message may carry a payment's receipt (receipt_payment_id), rendered as a PDF when it leaves, like a
 * statement's. Gateway payments email one by themselves while `settings.send_payment_receipts` is on (default).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table email_outbox
      add column cc text[] not null default '{}',
      add column bcc text[] not null default '{}',
      add column receipt_payment_id uuid references payments(id) on delete cascade;
    create index email_outbox_receipt_payment_idx on email_outbox (receipt_payment_id)
      where receipt_payment_id is not null;
    alter table settings add column send_payment_receipts boolean not null default true;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table settings drop column send_payment_receipts;
    alter table email_outbox drop column receipt_payment_id, drop column bcc, drop column cc;
  `.execute(db);
}
