import { type Kysely, sql } from 'kysely';

/**
 * The client portal: contacts as portal users (accounts, sessions, one-time tokens for invitation, password reset
 * and passwordless login), database-backed rate limits shared by every server process, and a log of when each
 * contact opened each invoice. Secrets are stored as SHA-256 hashes only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table portal_accounts (
      contact_id uuid primary key references contacts(id) on delete cascade,
      password_hash text,
      invited_at timestamptz,
      activated_at timestamptz,
      deactivated_at timestamptz,
      last_login_at timestamptz,
      created_at timestamptz not null default now()
    );

    create table portal_sessions (
      token_hash text primary key,
      contact_id uuid not null references contacts(id) on delete cascade,
      csrf_token text not null,
      -- set when the session was opened by an invoice link: it then sees that one invoice only
      invoice_id uuid references invoices(id) on delete cascade,
      link_id uuid references invoice_links(id) on delete cascade,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null
    );
    create index portal_sessions_contact_idx on portal_sessions (contact_id);
    create index portal_sessions_link_idx on portal_sessions (link_id) where link_id is not null;

    create table portal_tokens (
      id uuid primary key default gen_random_uuid(),
      contact_id uuid not null references contacts(id) on delete cascade,
      purpose text not null check (purpose in ('invite', 'reset', 'magic')),
      token_hash text not null unique,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz
    );
    create index portal_tokens_contact_idx on portal_tokens (contact_id, purpose);

    create table rate_limits (
      key text primary key,
      hits int not null,
      window_started_at timestamptz not null,
      blocked_until timestamptz
    );

    create table portal_invoice_opens (
      id bigserial primary key,
      contact_id uuid not null references contacts(id) on delete cascade,
      invoice_id uuid not null references invoices(id) on delete cascade,
      via text not null check (via in ('link', 'portal')),
      opened_at timestamptz not null default now()
    );
    create index portal_invoice_opens_invoice_idx on portal_invoice_opens (invoice_id, contact_id, opened_at desc);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table portal_invoice_opens, rate_limits, portal_tokens, portal_sessions, portal_accounts;`.execute(
    db,
  );
}
