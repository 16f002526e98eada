import { type Kysely, sql } from 'kysely';

/**
 * Email at volume.
 *
 * - The outbox claim reads pending rows through an index: `email_outbox_due_idx` (002) left out 'sending', which the
 *   claim also takes back once a lease has passed, so the planner could not use it and scanned every delivered row.
 *   The new partial index holds only rows still on their way, in the claim's order.
 * - Bulk sending (POST /api/v1/invoices/bulk-send): one row per request, one item per invoice it named saying
 *   whether its emails were queued or why it was skipped; the emails point back at it for the progress counts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index email_outbox_due_idx;
    create index email_outbox_pending_idx on email_outbox (next_attempt_at, created_at)
      where state in ('queued', 'retrying', 'sending');

    create table bulk_sends (
      id uuid primary key default gen_random_uuid(),
      created_by_user_id uuid references users(id) on delete set null,
      created_by_name text not null,
      issue_drafts boolean not null,
      created_at timestamptz not null default now()
    );
    create table bulk_send_items (
      bulk_send_id uuid not null references bulk_sends(id) on delete cascade,
      invoice_id uuid not null, -- no reference: an id that names no invoice is reported as not_found
      position int not null,
      outcome text not null check (outcome in ('queued', 'skipped')),
      skip_reason text,
      skip_message text,
      primary key (bulk_send_id, invoice_id)
    );
    alter table email_outbox add column bulk_send_id uuid references bulk_sends(id) on delete set null;
    create index email_outbox_bulk_send_idx on email_outbox (bulk_send_id) where bulk_send_id is not null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index email_outbox_bulk_send_idx;
    alter table email_outbox drop column bulk_send_id;
    drop table bulk_send_items, bulk_sends;
    drop index email_outbox_pending_idx;
    create index email_outbox_due_idx on email_outbox (next_attempt_at) where state in ('queued', 'retrying');
  `.execute(db);
}
