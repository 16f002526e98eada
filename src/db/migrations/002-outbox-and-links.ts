import { type Kysely, sql } from 'kysely';

/**
 * The email outbox (every message is written here in the transaction that decides to send it, then delivered by a
 * worker, so none is lost or sent twice) and invoice links (random tokens in emails that open one invoice for one
 * contact; only their hash is stored).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table email_outbox (
      id uuid primary key default gen_random_uuid(),
      kind text not null,
      invoice_id uuid references invoices(id) on delete cascade,
      contact_id uuid references contacts(id) on delete set null,
      to_address text not null,
      to_name text not null default '',
      subject text not null,
      html text not null,
      text text not null,
      attach_invoice_pdf boolean not null default false,
      -- guards against enqueuing the same message twice (e.g. one reminder per invoice and slot)
      dedupe_key text unique,
      state text not null default 'queued'
        check (state in ('queued', 'sending', 'sent', 'retrying', 'failed', 'not_sent')),
      attempts int not null default 0,
      last_error text,
      next_attempt_at timestamptz not null default now(),
      sent_at timestamptz,
      message_id text,
      created_at timestamptz not null default now()
    );
    create index email_outbox_due_idx on email_outbox (next_attempt_at) where state in ('queued', 'retrying');
    create index email_outbox_invoice_idx on email_outbox (invoice_id, created_at);

    create table invoice_links (
      id uuid primary key default gen_random_uuid(),
      invoice_id uuid not null references invoices(id) on delete cascade,
      contact_id uuid not null references contacts(id) on delete cascade,
      token_hash text not null unique,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      revoked_at timestamptz,
      last_used_at timestamptz
    );
    create index invoice_links_invoice_idx on invoice_links (invoice_id, contact_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table invoice_links, email_outbox;`.execute(db);
}
