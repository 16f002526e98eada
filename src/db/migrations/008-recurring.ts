import { type Kysely, sql } from 'kysely';

/**
 * Recurring invoices: profiles (an invoice template plus its schedule), one row per handled period, and the
 * organisation's catch-up rule after downtime.
 *
 * `recurring_periods` has the key (profile_id, period_date): whatever the number of workers or restarts, a period is
 * generated, skipped or marked missed once. Its invoice link survives deleting the profile's history through the
 * invoice (`on delete set null`), so a deleted draft is not generated again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table recurring_settings (
      id smallint primary key default 1 check (id = 1),
      catch_up text not null default 'all' check (catch_up in ('all', 'latest')),
      updated_at timestamptz not null default now()
    );
    insert into recurring_settings (id) values (1);

    create table recurring_profiles (
      id uuid primary key default gen_random_uuid(),
      name text not null default '',
      client_id uuid not null references clients(id) on delete cascade,
      project_id uuid references projects(id) on delete set null,
      currency text not null,
      payment_terms text not null,
      -- {kind, value} with the value as a decimal string; null for none
      discount jsonb,
      -- tax snapshots as on invoices (StoredTax[]), and lines {description, quantity, unitPrice, discount, taxes}
      taxes jsonb not null default '[]',
      lines jsonb not null,
      notes text not null default '',
      terms text not null default '',
      frequency text not null check (frequency in ('daily', 'weekly', 'monthly', 'quarterly', 'yearly')),
      interval int not null default 1 check (interval >= 1),
      day_of_month smallint check (day_of_month between 1 and 31),
      on_last_day boolean not null default false,
      start_date date not null,
      end_after_count int check (end_after_count >= 1),
      end_date date check (end_date >= start_date),
      auto_send boolean not null default false,
      status text not null default 'active' check (status in ('active', 'paused', 'finished')),
      -- the next period to handle; null once the schedule has ended
      next_run_date date,
      generated_count int not null default 0,
      last_error text,
      created_by uuid references users(id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (end_after_count is null or end_date is null),
      check (not (on_last_day and day_of_month is not null))
    );
    create index recurring_profiles_due_idx on recurring_profiles (next_run_date) where status = 'active';
    create index recurring_profiles_client_idx on recurring_profiles (client_id);

    create table recurring_periods (
      profile_id uuid not null references recurring_profiles(id) on delete cascade,
      period_date date not null,
      outcome text not null check (outcome in ('generated', 'skipped', 'missed')),
      invoice_id uuid unique references invoices(id) on delete set null,
      -- auto-send still to do for this period's invoice (set in the generating transaction, cleared once sent)
      send_pending boolean not null default false,
      send_error text,
      created_at timestamptz not null default now(),
      primary key (profile_id, period_date)
    );
    create index recurring_periods_send_pending_idx on recurring_periods (profile_id) where send_pending;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table recurring_periods, recurring_profiles, recurring_settings`.execute(db);
}
