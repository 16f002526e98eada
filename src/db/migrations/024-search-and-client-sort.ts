import { type Kysely, sql } from 'kysely';

/**
 * Search and the client order of the invoice and quote lists at scale (docs/performance.md):
 *
 * - pg_trgm GIN indexes on invoice and quote numbers and on the client's name, company and email, so a
 *   `%fragment%` search reads the index instead of every row (services/documents/document-search.ts).
 *   pg_trgm ships with PostgreSQL and is a trusted extension: the database's owner may create it.
 * - client_sort_key on invoices and quotes: lower(client name), the key the lists sort by client on, so that order
 *   is read along an index with keyset pagination like the others. Triggers keep it equal to the client's name in
 *   the same transaction whatever writes the row: a new document or a document moved to another client takes its
 *   client's key, and renaming a client rewrites its documents' keys.
 * - The balance order's index follows the balance the list sorts by since credit notes (017): less the credit.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create extension if not exists pg_trgm;
    create index invoices_number_trgm_idx on invoices using gin (number gin_trgm_ops);
    create index quotes_number_trgm_idx on quotes using gin (number gin_trgm_ops);
    create index clients_search_trgm_idx on clients
      using gin (name gin_trgm_ops, company gin_trgm_ops, email gin_trgm_ops);

    alter table invoices add column client_sort_key text;
    alter table quotes add column client_sort_key text;
    update invoices d set client_sort_key = lower(c.name) from clients c where c.id = d.client_id;
    update quotes d set client_sort_key = lower(c.name) from clients c where c.id = d.client_id;
    alter table invoices alter column client_sort_key set not null;
    alter table quotes alter column client_sort_key set not null;
    create index invoices_client_sort_idx on invoices (client_sort_key, id);
    create index quotes_client_sort_idx on quotes (client_sort_key, id);

    create function document_client_sort_key() returns trigger language plpgsql as $$
    begin
      -- No such client: '' here, and the foreign key refuses the row as it did before this trigger.
      new.client_sort_key := coalesce((select lower(c.name) from clients c where c.id = new.client_id), '');
      return new;
    end $$;
    create trigger invoices_client_sort_key before insert or update of client_id on invoices
      for each row execute function document_client_sort_key();
    create trigger quotes_client_sort_key before insert or update of client_id on quotes
      for each row execute function document_client_sort_key();

    create function client_renamed_sort_key() returns trigger language plpgsql as $$
    begin
      update invoices set client_sort_key = lower(new.name) where client_id = new.id;
      update quotes set client_sort_key = lower(new.name) where client_id = new.id;
      return null;
    end $$;
    create trigger clients_renamed_sort_key after update of name on clients
      for each row when (lower(old.name) is distinct from lower(new.name))
      execute function client_renamed_sort_key();

    drop index invoices_balance_sort_idx;
    create index invoices_balance_sort_idx
      on invoices (currency, (total_minor - amount_paid_minor - amount_credited_minor), id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index invoices_balance_sort_idx;
    create index invoices_balance_sort_idx on invoices (currency, (total_minor - amount_paid_minor), id);
    drop trigger clients_renamed_sort_key on clients;
    drop trigger quotes_client_sort_key on quotes;
    drop trigger invoices_client_sort_key on invoices;
    drop function client_renamed_sort_key(), document_client_sort_key();
    alter table quotes drop column client_sort_key;
    alter table invoices drop column client_sort_key;
    drop index clients_search_trgm_idx, quotes_number_trgm_idx, invoices_number_trgm_idx;
  `.execute(db);
}
