import { type Kysely, sql } from 'kysely';

/**
 * The initial schema. Money is stored as bigint minor units, quantities/prices/rates as NUMERIC (exact),
 * calendar dates as DATE, instants as timestamptz. Taxes on lines are stored as JSONB snapshots so that
 * editing a tax rate later never changes an invoice already written.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table settings (
      id smallint primary key default 1 check (id = 1),
      business_name text not null default '',
      address_line1 text not null default '',
      address_line2 text not null default '',
      city text not null default '',
      region text not null default '',
      postal_code text not null default '',
      country text not null default '',
      email text not null default '',
      phone text not null default '',
      tax_id text not null default '',
      default_currency text not null default 'USD',
      locale text not null default 'en-US',
      time_zone text not null default 'UTC',
      default_payment_terms text not null default 'net_30',
      invoice_number_pattern text not null default 'INV-{YYYY}-{SEQ:4}',
      default_notes text not null default '',
      default_terms text not null default '',
      tax_rounding text not null default 'per_document' check (tax_rounding in ('per_document', 'per_line')),
      invoice_discount_mode text not null default 'before_tax' check (invoice_discount_mode in ('before_tax', 'after_tax')),
      updated_at timestamptz not null default now()
    );
    insert into settings (id) values (1);

    create table users (
      id uuid primary key default gen_random_uuid(),
      email text not null,
      name text not null default '',
      role text not null check (role in ('admin', 'finance')),
      password_hash text not null,
      active boolean not null default true,
      created_at timestamptz not null default now()
    );
    create unique index users_email_key on users (lower(email));

    create table sessions (
      token_hash text primary key,
      user_id uuid not null references users(id) on delete cascade,
      csrf_token text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null
    );
    create index sessions_user_idx on sessions (user_id);

    create table api_tokens (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users(id) on delete cascade,
      name text not null,
      token_hash text not null unique,
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      revoked_at timestamptz
    );

    create table clients (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      company text not null default '',
      email text not null default '',
      phone text not null default '',
      address_line1 text not null default '',
      address_line2 text not null default '',
      city text not null default '',
      region text not null default '',
      postal_code text not null default '',
      country text not null default '',
      currency text,
      tax_id text not null default '',
      notes text not null default '',
      archived_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index clients_created_idx on clients (created_at desc, id desc);

    create table contacts (
      id uuid primary key default gen_random_uuid(),
      client_id uuid not null references clients(id) on delete cascade,
      name text not null,
      email text not null default '',
      phone text not null default '',
      position int not null default 0,
      created_at timestamptz not null default now()
    );
    create index contacts_client_idx on contacts (client_id, position);

    create table projects (
      id uuid primary key default gen_random_uuid(),
      client_id uuid not null references clients(id),
      name text not null,
      archived_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index projects_client_idx on projects (client_id);
    -- lets invoices reference (project, client) so a project of another client cannot be attached
    create unique index projects_id_client_key on projects (id, client_id);

    create table tax_rates (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      rate numeric(9, 6) not null check (rate >= 0 and rate <= 100),
      inclusive boolean not null default false,
      compound boolean not null default false,
      is_default boolean not null default false,
      archived_at timestamptz,
      created_at timestamptz not null default now()
    );

    create table invoice_counters (
      scope text primary key,
      last_value bigint not null
    );

    create table invoices (
      id uuid primary key default gen_random_uuid(),
      number text unique,
      status text not null default 'draft'
        check (status in ('draft', 'sent', 'viewed', 'partially_paid', 'paid', 'void')),
      client_id uuid not null references clients(id),
      project_id uuid,
      currency text not null,
      issue_date date not null,
      due_date date not null,
      payment_terms text not null,
      discount_kind text check (discount_kind in ('percent', 'fixed')),
      discount_value numeric(24, 6),
      taxes jsonb not null default '[]',
      notes text not null default '',
      terms text not null default '',
      tax_rounding text not null check (tax_rounding in ('per_document', 'per_line')),
      invoice_discount_mode text not null check (invoice_discount_mode in ('before_tax', 'after_tax')),
      -- caches of the totals engine's output, rewritten in the same transaction as the lines
      total_minor bigint not null default 0,
      amount_paid_minor bigint not null default 0,
      sent_at timestamptz,
      voided_at timestamptz,
      void_reason text,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      foreign key (project_id, client_id) references projects (id, client_id)
    );
    create index invoices_created_idx on invoices (created_at desc, id desc);
    create index invoices_client_idx on invoices (client_id, created_at desc);
    create index invoices_status_idx on invoices (status, due_date);

    create table invoice_lines (
      id uuid primary key default gen_random_uuid(),
      invoice_id uuid not null references invoices(id) on delete cascade,
      position int not null,
      description text not null,
      quantity numeric(24, 6) not null,
      unit_price numeric(30, 6) not null,
      discount_kind text check (discount_kind in ('percent', 'fixed')),
      discount_value numeric(24, 6),
      taxes jsonb not null default '[]',
      unique (invoice_id, position)
    );

    create table invoice_events (
      id bigserial primary key,
      invoice_id uuid not null references invoices(id) on delete cascade,
      type text not null,
      from_status text,
      to_status text,
      actor_type text not null check (actor_type in ('user', 'api_token', 'system', 'contact')),
      actor_id text,
      actor_name text not null default '',
      data jsonb not null default '{}',
      created_at timestamptz not null default now()
    );
    create index invoice_events_invoice_idx on invoice_events (invoice_id, id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table invoice_events, invoice_lines, invoices, invoice_counters, tax_rates, projects, contacts, clients,
      api_tokens, sessions, users, settings;
  `.execute(db);
}
