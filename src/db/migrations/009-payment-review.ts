import { type Kysely, sql } from 'kysely';

/**
 * Staff decide on gateway payments held for review (amount or currency not as asked, invoice void...): accepted,
 * the payment counts towards the invoice; rejected, it never does (the money is returned at the provider). Who
 * decided, when and why stays on the payment.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table payments add column reviewed_at timestamptz;
    alter table payments add column reviewed_by uuid references users(id);
    alter table payments add column review_decision text check (review_decision in ('accepted', 'rejected'));
    alter table payments add column review_note text not null default '';
    create index payments_in_review_idx on payments (created_at) where review_reason is not null and reviewed_at is null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index payments_in_review_idx;
    alter table payments drop column review_note, drop column review_decision, drop column reviewed_by,
      drop column reviewed_at;
  `.execute(db);
}
