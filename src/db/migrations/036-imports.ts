import { type Kysely, sql } from 'kysely';

/**
 * CSV imports (services/imports/): one row per import that wrote records, naming the file by its SHA-256, the
 * mapping used and what was created. Historical invoices point at their import (invoices.import_batch_id), which
 * tells them apart from invoices Remit issued: they keep the number of the file and never took one from a counter.
 * Case-insensitive lookups of clients by name and email keep matching 10,000 invoice rows to clients set-based.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table import_batches (
      id uuid primary key,
      kind text not null check (kind in ('clients', 'items', 'invoices')),
      file_sha256 text not null,
      row_count int not null,
      created jsonb not null,
      mapping jsonb not null,
      preset text,
      created_by uuid references users(id) on delete set null,
      actor_name text not null,
      created_at timestamptz not null
    );
    create index imports_batches_created_at_idx on import_batches (created_at desc, id desc);

    alter table invoices add column import_batch_id uuid references import_batches(id);
    create index imports_invoices_batch_idx on invoices (import_batch_id) where import_batch_id is not null;
    create index imports_clients_lower_name_idx on clients (lower(name)) where archived_at is null;
    create index imports_clients_lower_email_idx on clients (lower(email)) where email <> '';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index imports_clients_lower_email_idx;
    drop index imports_clients_lower_name_idx;
    alter table invoices drop column import_batch_id;
    drop table import_batches;
  `.execute(db);
}
