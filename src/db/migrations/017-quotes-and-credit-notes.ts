import { type Kysely, sql } from 'kysely';

/**
 * Quotes and credit notes: two more kinds of commercial document with the invoice's body (same column names, so
 * services/documents/ serves all three) and their own numbering series, statuses and links.
 *
 * - A quote becomes an invoice once (quotes.invoice_id, invoices.quote_id). Expired is not stored: it is a Sent or
 *   Viewed quote whose valid-until date has passed (like Overdue for invoices).
 * - A credit note corrects one issued invoice of the same client and currency (BT-25). Issuing it applies its total
 *   to that invoice's balance (credit_allocations); what is left is client credit, applied to other invoices of the
 *   client or refunded (credit_refunds). invoices.amount_credited_minor caches the credit applied to an invoice,
 *   kept in the transactions that write allocations, as amount_paid_minor is for payments.
 * - document_events is the timeline of quotes and credit notes (invoices keep invoice_events).
 * - Outbox messages and portal links may belong to a quote or a credit note as well as to an invoice.
 * - "Corrections need a credit note" is on for new installs; an install that already issued invoices keeps Void
 *   until an admin turns it on.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table settings
      add column quote_number_pattern text not null default 'Q-{YYYY}-{SEQ:4}',
      add column quote_validity_days int not null default 30 check (quote_validity_days between 1 and 365),
      add column quote_auto_convert boolean not null default false,
      add column credit_note_number_pattern text not null default 'CN-{YYYY}-{SEQ:4}',
      add column corrections_need_credit_note boolean not null default true;
    update settings set corrections_need_credit_note = false
      where exists (select 1 from invoices where number is not null);

    create table quotes (
      id uuid primary key default gen_random_uuid(),
      number text unique,
      status text not null default 'draft'
        check (status in ('draft', 'sent', 'viewed', 'accepted', 'declined', 'invoiced')),
      client_id uuid not null references clients(id),
      project_id uuid,
      currency text not null,
      issue_date date not null,
      valid_until date not null,
      discount_kind text check (discount_kind in ('percent', 'fixed')),
      discount_value numeric(24, 6),
      taxes jsonb not null default '[]',
      notes text not null default '',
      terms text not null default '',
      tax_rounding text not null check (tax_rounding in ('per_document', 'per_line')),
      invoice_discount_mode text not null check (invoice_discount_mode in ('before_tax', 'after_tax')),
      total_minor bigint not null default 0,
      sent_at timestamptz,
      viewed_at timestamptz,
      -- the client's answer: who, when, from where (typed full name, optional note or reason)
      decided_at timestamptz,
      decided_by_name text,
      decided_by_contact_id uuid references contacts(id) on delete set null,
      decided_by_user_id uuid references users(id),
      decision_note text,
      decision_address text,
      invoice_id uuid unique,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      foreign key (project_id, client_id) references projects (id, client_id)
    );
    create index quotes_created_idx on quotes (created_at desc, id desc);
    create index quotes_client_idx on quotes (client_id, created_at desc);
    create index quotes_status_idx on quotes (status, valid_until);

    create table quote_lines (
      id uuid primary key default gen_random_uuid(),
      quote_id uuid not null references quotes(id) on delete cascade,
      position int not null,
      description text not null,
      quantity numeric(24, 6) not null,
      unit_price numeric(30, 6) not null,
      discount_kind text check (discount_kind in ('percent', 'fixed')),
      discount_value numeric(24, 6),
      taxes jsonb not null default '[]',
      unit text,
      item_id uuid references items (id),
      unique (quote_id, position)
    );

    alter table invoices add column quote_id uuid unique references quotes(id);
    alter table quotes add constraint quotes_invoice_fk foreign key (invoice_id) references invoices(id);

    create table credit_notes (
      id uuid primary key default gen_random_uuid(),
      number text unique,
      status text not null default 'draft' check (status in ('draft', 'issued')),
      invoice_id uuid not null references invoices(id),
      client_id uuid not null references clients(id),
      project_id uuid,
      currency text not null,
      issue_date date not null,
      reason text not null default '',
      discount_kind text check (discount_kind in ('percent', 'fixed')),
      discount_value numeric(24, 6),
      taxes jsonb not null default '[]',
      notes text not null default '',
      terms text not null default '',
      tax_rounding text not null check (tax_rounding in ('per_document', 'per_line')),
      invoice_discount_mode text not null check (invoice_discount_mode in ('before_tax', 'after_tax')),
      total_minor bigint not null default 0,
      -- caches of credit_allocations and credit_refunds, kept in the transactions that write them
      amount_applied_minor bigint not null default 0,
      amount_refunded_minor bigint not null default 0,
      issued_at timestamptz,
      sent_at timestamptz,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (amount_applied_minor >= 0 and amount_refunded_minor >= 0),
      check (amount_applied_minor + amount_refunded_minor <= greatest(total_minor, 0)),
      foreign key (project_id, client_id) references projects (id, client_id)
    );
    create index credit_notes_created_idx on credit_notes (created_at desc, id desc);
    create index credit_notes_invoice_idx on credit_notes (invoice_id);
    create index credit_notes_client_idx on credit_notes (client_id, created_at desc);

    create table credit_note_lines (
      id uuid primary key default gen_random_uuid(),
      credit_note_id uuid not null references credit_notes(id) on delete cascade,
      position int not null,
      description text not null,
      quantity numeric(24, 6) not null,
      unit_price numeric(30, 6) not null,
      discount_kind text check (discount_kind in ('percent', 'fixed')),
      discount_value numeric(24, 6),
      taxes jsonb not null default '[]',
      unit text,
      item_id uuid references items (id),
      -- the invoice line this line credits (chosen lines and quantities); null for a free amount
      invoice_line_id uuid references invoice_lines(id) on delete set null,
      unique (credit_note_id, position)
    );

    create table credit_allocations (
      id uuid primary key default gen_random_uuid(),
      credit_note_id uuid not null references credit_notes(id),
      invoice_id uuid not null references invoices(id),
      amount_minor bigint not null check (amount_minor > 0),
      created_by uuid references users(id),
      created_at timestamptz not null default now()
    );
    create index credit_allocations_note_idx on credit_allocations (credit_note_id);
    create index credit_allocations_invoice_idx on credit_allocations (invoice_id);

    create table credit_refunds (
      id uuid primary key default gen_random_uuid(),
      credit_note_id uuid not null references credit_notes(id),
      amount_minor bigint not null check (amount_minor > 0),
      method text not null,
      refunded_on date not null,
      reference text not null default '',
      -- set when the money went back through the gateway of this payment
      payment_id uuid references payments(id),
      created_by uuid references users(id),
      created_at timestamptz not null default now()
    );
    create index credit_refunds_note_idx on credit_refunds (credit_note_id);

    alter table invoices add column amount_credited_minor bigint not null default 0;
    alter table invoices drop constraint invoices_status_check;
    alter table invoices add constraint invoices_status_check
      check (status in ('draft', 'sent', 'viewed', 'partially_paid', 'paid', 'credited', 'void'));

    create table document_events (
      id bigserial primary key,
      document_kind text not null check (document_kind in ('quote', 'credit_note')),
      document_id uuid not null,
      type text not null,
      from_status text,
      to_status text,
      actor_type text not null check (actor_type in ('user', 'api_token', 'system', 'contact')),
      actor_id text,
      actor_name text not null default '',
      data jsonb not null default '{}',
      created_at timestamptz not null default now()
    );
    create index document_events_document_idx on document_events (document_kind, document_id, id);

    alter table email_outbox
      add column quote_id uuid references quotes(id) on delete cascade,
      add column credit_note_id uuid references credit_notes(id) on delete cascade;
    create index email_outbox_quote_idx on email_outbox (quote_id, created_at) where quote_id is not null;
    create index email_outbox_credit_note_idx on email_outbox (credit_note_id, created_at)
      where credit_note_id is not null;

    alter table invoice_links
      alter column invoice_id drop not null,
      add column quote_id uuid references quotes(id) on delete cascade,
      add column credit_note_id uuid references credit_notes(id) on delete cascade,
      add constraint invoice_links_one_document check (num_nonnulls(invoice_id, quote_id, credit_note_id) = 1);
    create index invoice_links_quote_idx on invoice_links (quote_id, contact_id) where quote_id is not null;
    create index invoice_links_credit_note_idx on invoice_links (credit_note_id, contact_id)
      where credit_note_id is not null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    delete from invoice_links where invoice_id is null;
    alter table invoice_links drop constraint invoice_links_one_document,
      drop column credit_note_id, drop column quote_id, alter column invoice_id set not null;
    alter table email_outbox drop column credit_note_id, drop column quote_id;
    drop table document_events;
    update invoices set status = 'paid' where status = 'credited';
    alter table invoices drop constraint invoices_status_check;
    alter table invoices add constraint invoices_status_check
      check (status in ('draft', 'sent', 'viewed', 'partially_paid', 'paid', 'void'));
    alter table invoices drop column amount_credited_minor;
    drop table credit_refunds, credit_allocations, credit_note_lines, credit_notes;
    alter table quotes drop constraint quotes_invoice_fk;
    alter table invoices drop column quote_id;
    drop table quote_lines, quotes;
    alter table settings drop column corrections_need_credit_note, drop column credit_note_number_pattern,
      drop column quote_auto_convert, drop column quote_validity_days, drop column quote_number_pattern;
  `.execute(db);
}
