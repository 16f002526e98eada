import { type Kysely, sql } from 'kysely';

/**
 * The email outbox without usable secrets, retention of delivered email, and a wake-up call on every queued email.
 *
 * - A link token (invoice link, portal invitation, password reset, sign-in link) is no longer written into the
 *   stored body: the body holds a placeholder and the token sits beside it encrypted with the app key
 *   (`link_token_encrypted`, see services/email/link-token.ts) until the message is sent or given up, then it is
 *   wiped. `link_kind` says what kind of token the message carries, so "retry now" can issue a fresh one.
 * - Bodies of finished messages are emptied (`body_purged_at`) after `settings.email_retention_days`; the row itself
 *   stays for the invoice's email list. Rows written before this migration are scrubbed of tokens here.
 * - `requeued_at`: a message queued again by hand gets a new day of retries counted from then.
 * - Inserting (or re-queuing) a message sends NOTIFY remit_email_queued at commit; the jobs process listens and
 *   delivers at once (jobs/outbox-listener.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table email_outbox
      add column link_kind text
        check (link_kind in ('invoice_link', 'portal_invite', 'portal_reset', 'portal_magic')),
      add column link_token_encrypted text,
      add column requeued_at timestamptz,
      add column body_purged_at timestamptz;

    update email_outbox
    set html = regexp_replace(html, '(rl|rp[irm])_[A-Za-z0-9_-]{43}', '(link removed)', 'g'),
        text = regexp_replace(text, '(rl|rp[irm])_[A-Za-z0-9_-]{43}', '(link removed)', 'g')
    where state in ('sent', 'failed', 'not_sent');

    create index email_outbox_finished_idx on email_outbox (coalesce(sent_at, created_at))
      where body_purged_at is null and state in ('sent', 'failed', 'not_sent');

    alter table settings
      add column email_retention_days int not null default 90
        check (email_retention_days between 1 and 3650);

    create function remit_notify_email_queued() returns trigger language plpgsql as $$
    begin
      perform pg_notify('remit_email_queued', '');
      return null;
    end
    $$;
    create trigger email_outbox_queued after insert or update of state on email_outbox
      for each row when (new.state = 'queued') execute function remit_notify_email_queued();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop trigger email_outbox_queued on email_outbox;
    drop function remit_notify_email_queued();
    alter table settings drop column email_retention_days;
    drop index email_outbox_finished_idx;
    alter table email_outbox
      drop column body_purged_at,
      drop column requeued_at,
      drop column link_token_encrypted,
      drop column link_kind;
  `.execute(db);
}
