import { type Kysely, sql } from 'kysely';

/**
 * Sending invoices: SMTP settings (the password encrypted with the app key, see services/settings/secret-box.ts),
 * the reminder schedule, when an invoice was first opened by a client, which reminder slots were sent (one row per
 * invoice and slot: the unique key is what makes a reminder go out once even with two workers), and an overdue event
 * recorded once per invoice and due date.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table smtp_settings (
      id smallint primary key default 1 check (id = 1),
      host text not null,
      port int not null check (port between 1 and 65535),
      security text not null check (security in ('none', 'starttls', 'tls')),
      username text not null default '',
      password_encrypted text,
      from_name text not null default '',
      from_address text not null,
      reply_to text not null default '',
      updated_at timestamptz not null default now()
    );

    create table reminder_settings (
      id smallint primary key default 1 check (id = 1),
      enabled boolean not null default false,
      days_before_due int check (days_before_due between 1 and 365),
      on_due_date boolean not null default true,
      every_days_after int check (every_days_after between 1 and 365),
      max_after int not null default 3 check (max_after between 0 and 52),
      updated_at timestamptz not null default now()
    );
    insert into reminder_settings (id, every_days_after) values (1, 7);

    alter table invoices add column if not exists viewed_at timestamptz;
    alter table invoices add column if not exists view_count int not null default 0;
    alter table invoices add column if not exists last_viewed_at timestamptz;

    create table invoice_reminders (
      invoice_id uuid not null references invoices(id) on delete cascade,
      -- e.g. '2026-12-01/before:3', '2026-12-01/due', '2026-12-01/after:2', 'manual:<uuid>'
      slot text not null,
      created_at timestamptz not null default now(),
      primary key (invoice_id, slot)
    );

    -- The sweep inserts 'overdue' events with ON CONFLICT DO NOTHING: one per invoice and due date.
    create unique index invoice_events_overdue_once on invoice_events (invoice_id, (data ->> 'dueDate'))
      where type = 'overdue';
    -- Rows a crashed worker left in 'sending' are found again once their lease (next_attempt_at) passes.
    create index email_outbox_sending_idx on email_outbox (next_attempt_at) where state = 'sending';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index email_outbox_sending_idx;
    drop index invoice_events_overdue_once;
    drop table invoice_reminders, reminder_settings, smtp_settings;
    alter table invoices drop column last_viewed_at, drop column view_count, drop column viewed_at;
  `.execute(db);
}
