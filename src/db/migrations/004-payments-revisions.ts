import { type Kysely, sql } from 'kysely';

/**
 * Payments, refunds and revisions of issued invoices.
 *
 * - A payment is never removed: deleting one (a payment recorded by mistake) sets `deleted_at`, a refund adds a
 *   `payment_refunds` row and raises the payment's `refunded_minor` cache. What counts towards an invoice is
 *   `amount_minor - refunded_minor` of its succeeded, not deleted payments; `invoices.amount_paid_minor` caches that
 *   sum and is rewritten in the same transaction as every change here.
 * - Online gateways fit the same rows: `provider` names where the money came from ('offline' for payments staff
 *   record by hand), `provider_payment_id` its id there, unique per provider so a replayed webhook cannot record a
 *   payment twice; `status` holds a gateway payment that is not settled yet (only 'succeeded' counts).
 * - Payments and refunds reference their invoice without a cascade: the books keep them even if someone tries to
 *   delete the invoice (only drafts can be deleted, and drafts take no payments).
 * - `invoice_revisions` holds every version of an issued invoice that was edited, as a JSON snapshot of the stored
 *   invoice and its lines; the invoice row always holds the latest version.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table payments (
      id uuid primary key default gen_random_uuid(),
      -- recording order, for listing: two payments can carry the same timestamp
      seq bigint generated always as identity,
      invoice_id uuid not null references invoices(id),
      amount_minor bigint not null check (amount_minor > 0),
      currency text not null,
      paid_on date not null,
      method text not null check (method in ('bank_transfer', 'cheque', 'cash', 'card', 'other')),
      reference text not null default '',
      note text not null default '',
      provider text not null default 'offline' check (provider ~ '^[a-z0-9_]{1,40}$'),
      provider_payment_id text,
      status text not null default 'succeeded' check (status in ('pending', 'succeeded', 'failed')),
      refunded_minor bigint not null default 0 check (refunded_minor >= 0 and refunded_minor <= amount_minor),
      deleted_at timestamptz,
      deleted_by uuid references users(id),
      delete_reason text,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (provider, provider_payment_id)
    );
    create index payments_invoice_idx on payments (invoice_id, seq);

    create table payment_refunds (
      id uuid primary key default gen_random_uuid(),
      seq bigint generated always as identity,
      payment_id uuid not null references payments(id),
      invoice_id uuid not null references invoices(id),
      amount_minor bigint not null check (amount_minor > 0),
      refunded_on date not null,
      reason text not null default '',
      provider text not null default 'offline' check (provider ~ '^[a-z0-9_]{1,40}$'),
      provider_refund_id text,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      unique (provider, provider_refund_id)
    );
    create index payment_refunds_payment_idx on payment_refunds (payment_id, seq);
    create index payment_refunds_invoice_idx on payment_refunds (invoice_id, seq);

    create table invoice_revisions (
      id uuid primary key default gen_random_uuid(),
      invoice_id uuid not null references invoices(id) on delete cascade,
      revision int not null check (revision >= 1),
      snapshot jsonb not null,
      note text not null default '',
      actor_type text not null check (actor_type in ('user', 'api_token', 'system', 'contact')),
      actor_id text,
      actor_name text not null default '',
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      unique (invoice_id, revision)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table invoice_revisions, payment_refunds, payments;`.execute(db);
}
