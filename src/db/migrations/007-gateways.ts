import { type Kysely, sql } from 'kysely';

/**
 * Online payments through Stripe, PayPal and 2Checkout.
 *
 * - `gateway_settings`: one row per provider; the credentials (API keys, webhook secret) are one JSON object
 *   encrypted with the app key (services/settings/secret-box.ts) and never returned by the API.
 * - `gateway_checkouts`: each Pay Now started at a provider, so a return or a webhook can be tied to its invoice and
 *   a second click reuses the open checkout instead of starting another.
 * - `webhook_events`: every verified event, unique per (provider, event id), with its raw body; a job processes the
 *   `received` ones, so a duplicate delivery finds its row and changes nothing.
 * - `webhook_rejections`: deliveries whose signature did not verify. Only what helps an admin see an attack or a
 *   wrong secret (reason, source address, size and hash of the body) is kept, never the body itself.
 * - `payments.review_reason`: a gateway payment whose amount or currency does not match what was asked stays
 *   `pending` (it does not count) with the reason, for staff to look at.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table gateway_settings (
      provider text primary key check (provider in ('stripe', 'paypal', 'twocheckout')),
      enabled boolean not null default false,
      mode text not null default 'test' check (mode in ('test', 'live')),
      credentials_encrypted text,
      updated_by uuid references users(id) on delete set null,
      updated_at timestamptz not null default now()
    );

    create table gateway_checkouts (
      id uuid primary key default gen_random_uuid(),
      provider text not null check (provider in ('stripe', 'paypal', 'twocheckout')),
      checkout_id text not null,
      invoice_id uuid not null references invoices(id),
      contact_id uuid references contacts(id) on delete set null,
      amount_minor bigint not null check (amount_minor > 0),
      currency text not null,
      redirect_url text not null,
      state text not null default 'open' check (state in ('open', 'completed', 'cancelled')),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (provider, checkout_id)
    );
    create index gateway_checkouts_invoice_idx on gateway_checkouts (invoice_id, created_at desc);

    create table webhook_events (
      id uuid primary key default gen_random_uuid(),
      provider text not null check (provider in ('stripe', 'paypal', 'twocheckout')),
      event_id text not null,
      event_type text not null,
      raw_body text not null,
      -- the provider-neutral reading of the event (amounts as minor-unit strings)
      parsed jsonb not null,
      state text not null default 'received'
        check (state in ('received', 'processed', 'ignored', 'waiting', 'failed')),
      attempts int not null default 0,
      last_error text,
      received_at timestamptz not null default now(),
      processed_at timestamptz,
      unique (provider, event_id)
    );
    create index webhook_events_pending_idx on webhook_events (received_at) where state in ('received', 'waiting');

    create table webhook_rejections (
      id bigserial primary key,
      provider text not null,
      reason text not null,
      remote_address text not null default '',
      body_sha256 text not null,
      body_length int not null,
      received_at timestamptz not null default now()
    );

    alter table payments add column review_reason text;
    alter table payments add column gateway_checkout_id uuid references gateway_checkouts(id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table payments drop column gateway_checkout_id, drop column review_reason;
    drop table webhook_rejections, webhook_events, gateway_checkouts, gateway_settings;
  `.execute(db);
}
