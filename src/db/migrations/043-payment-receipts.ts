import { type Kysely, sql } from 'kysely';

/**
 * Payment receipts (issue 18). A message may carry a payment's receipt (receipt_payment_id), rendered as a PDF when
 * it leaves, as a statement's is. Gateway payments email one by themselves while `settings.send_payment_receipts`
 * is on (the default, as they always did before the setting existed).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table email_outbox
      add column receipt_payment_id uuid references payments(id) on delete cascade;
    create index email_outbox_receipt_payment_idx on email_outbox (receipt_payment_id)
      where receipt_payment_id is not null;
    alter table settings add column send_payment_receipts boolean not null default true;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table settings drop column send_payment_receipts;
    alter table email_outbox drop column receipt_payment_id;
  `.execute(db);
}
