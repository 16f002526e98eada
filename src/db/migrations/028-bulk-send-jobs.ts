import { type Kysely, sql } from 'kysely';

/**
 * Bulk sends run in the background (services/invoices/run-bulk-sends.ts): the request records the job and answers
 * 202; a worker sends its invoices in batches, one transaction each, and keeps the counts on the job row in the
 * same transaction, so progress reads one row and a restart resumes from the items still pending.
 *
 * - bulk_sends: who asked (the actor its invoices' events name), what to send (the filter asked for, if any;
 *   subject, message), state queued -> running -> done (or failed after repeated errors that were not about one
 *   invoice), counts and timestamps.
 * - bulk_send_items: 'pending' until its batch commits; 'sent' (was 'queued'), 'skipped' with the reason, or
 *   'failed' (an unexpected error with that one invoice). Rows from before keep their outcome under the new names.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table bulk_sends
      add column state text not null default 'done' check (state in ('queued', 'running', 'done', 'failed')),
      add column actor jsonb,
      add column filter jsonb,
      add column subject text,
      add column message text,
      add column total int not null default 0,
      add column sent int not null default 0,
      add column skipped int not null default 0,
      add column failed int not null default 0,
      add column attempts int not null default 0,
      add column last_error text,
      add column started_at timestamptz,
      add column finished_at timestamptz,
      add column updated_at timestamptz not null default now();
    alter table bulk_sends alter column state set default 'queued';

    alter table bulk_send_items drop constraint bulk_send_items_outcome_check;
    update bulk_send_items set outcome = 'sent' where outcome = 'queued';
    alter table bulk_send_items add constraint bulk_send_items_outcome_check
      check (outcome in ('pending', 'sent', 'skipped', 'failed'));

    update bulk_sends set
      total = counts.total, sent = counts.sent, skipped = counts.skipped,
      started_at = bulk_sends.created_at, finished_at = bulk_sends.created_at
    from (
      select bulk_send_id,
        count(*)::int as total,
        (count(*) filter (where outcome = 'sent'))::int as sent,
        (count(*) filter (where outcome = 'skipped'))::int as skipped
      from bulk_send_items group by bulk_send_id
    ) counts
    where counts.bulk_send_id = bulk_sends.id;

    -- The worker's look-ups: unfinished jobs, and a job's pending items in order.
    create index bulk_sends_unfinished_idx on bulk_sends (created_at) where state in ('queued', 'running');
    create index bulk_send_items_pending_idx on bulk_send_items (bulk_send_id, position) where outcome = 'pending';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index bulk_send_items_pending_idx;
    drop index bulk_sends_unfinished_idx;
    delete from bulk_send_items where outcome in ('pending', 'failed');
    alter table bulk_send_items drop constraint bulk_send_items_outcome_check;
    update bulk_send_items set outcome = 'queued' where outcome = 'sent';
    alter table bulk_send_items add constraint bulk_send_items_outcome_check check (outcome in ('queued', 'skipped'));
    alter table bulk_sends
      drop column state, drop column actor, drop column filter, drop column subject, drop column message,
      drop column total, drop column sent, drop column skipped, drop column failed,
      drop column attempts, drop column last_error,
      drop column started_at, drop column finished_at, drop column updated_at;
  `.execute(db);
}
