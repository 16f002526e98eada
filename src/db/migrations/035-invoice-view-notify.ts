import { type Kysely, sql } from 'kysely';

/**
 * The staff read of one invoice is cached per process (src/services/invoices/invoice-view-cache.ts). Every change to
 * what that read shows sends NOTIFY remit_invoice_changed at commit, whoever makes it (a use case, a job, another
 * process, a hand-written UPDATE): the payload lists the ids of the invoices changed, or is `*` when too many changed
 * to list or when the change reaches every invoice (a client or project renamed, the time zone changed, a TRUNCATE).
 * Statement triggers with transition tables: one notice per statement, and NOTIFY folds repeats in a transaction.
 *
 * New invoices need no notice: no cache holds them yet. Lines are inserted with their invoice, so a line inserted for
 * an invoice row written by this same transaction (xmin is the current transaction: new, or updated, which the
 * invoices trigger announces) is left out; rows written in a savepoint have another xmin and are announced.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function remit_notify_invoice_ids(ids text[]) returns void language plpgsql as $$
    declare
      payload text := array_to_string(ids, ',');
    begin
      if payload is null or payload = '' then return; end if;
      -- NOTIFY payloads stop at 8,000 bytes: past that, every process forgets every invoice.
      if length(payload) > 7900 then payload := '*'; end if;
      perform pg_notify('remit_invoice_changed', payload);
    end $$;

    -- Static queries (no EXECUTE): PL/pgSQL keeps their plans, and this runs on every issue, payment and edit.
    create function remit_notify_invoices_changed() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        perform remit_notify_invoice_ids(array(select distinct id::text from old_table));
      else
        perform remit_notify_invoice_ids(array(select id::text from old_table union select id::text from new_table));
      end if;
      return null;
    end $$;

    -- Lines and credit notes: the invoices they belong to (before and after, for a row moved to another).
    create function remit_notify_invoice_parts_changed() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        perform remit_notify_invoice_ids(array(
          select distinct n.invoice_id::text from new_table n
            where not exists (select 1 from invoices i where i.id = n.invoice_id and age(i.xmin) = 0)));
      elsif tg_op = 'DELETE' then
        perform remit_notify_invoice_ids(array(select distinct invoice_id::text from old_table));
      else
        perform remit_notify_invoice_ids(array(
          select invoice_id::text from old_table union select invoice_id::text from new_table));
      end if;
      return null;
    end $$;

    create function remit_notify_all_invoices_changed() returns trigger language plpgsql as $$
    begin
      perform pg_notify('remit_invoice_changed', '*');
      return null;
    end $$;

    create trigger invoices_view_updated after update on invoices referencing old table as old_table
      new table as new_table for each statement execute function remit_notify_invoices_changed();
    create trigger invoices_view_deleted after delete on invoices referencing old table as old_table
      for each statement execute function remit_notify_invoices_changed();
    create trigger invoices_view_truncated after truncate on invoices
      for each statement execute function remit_notify_all_invoices_changed();

    create trigger invoice_lines_view_inserted after insert on invoice_lines referencing new table as new_table
      for each statement execute function remit_notify_invoice_parts_changed();
    create trigger invoice_lines_view_updated after update on invoice_lines referencing old table as old_table
      new table as new_table for each statement execute function remit_notify_invoice_parts_changed();
    create trigger invoice_lines_view_deleted after delete on invoice_lines referencing old table as old_table
      for each statement execute function remit_notify_invoice_parts_changed();
    create trigger invoice_lines_view_truncated after truncate on invoice_lines
      for each statement execute function remit_notify_all_invoices_changed();

    create trigger credit_notes_view_inserted after insert on credit_notes referencing new table as new_table
      for each statement execute function remit_notify_invoice_parts_changed();
    create trigger credit_notes_view_updated after update on credit_notes referencing old table as old_table
      new table as new_table for each statement execute function remit_notify_invoice_parts_changed();
    create trigger credit_notes_view_deleted after delete on credit_notes referencing old table as old_table
      for each statement execute function remit_notify_invoice_parts_changed();
    create trigger credit_notes_view_truncated after truncate on credit_notes
      for each statement execute function remit_notify_all_invoices_changed();

    create trigger clients_invoice_view_changed after update of name, company or delete or truncate on clients
      for each statement execute function remit_notify_all_invoices_changed();
    create trigger projects_invoice_view_changed after update of name or delete or truncate on projects
      for each statement execute function remit_notify_all_invoices_changed();
    create trigger settings_invoice_view_changed after update of time_zone or delete or truncate on settings
      for each statement execute function remit_notify_all_invoices_changed();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop trigger settings_invoice_view_changed on settings;
    drop trigger projects_invoice_view_changed on projects;
    drop trigger clients_invoice_view_changed on clients;
    drop trigger credit_notes_view_truncated on credit_notes;
    drop trigger credit_notes_view_deleted on credit_notes;
    drop trigger credit_notes_view_updated on credit_notes;
    drop trigger credit_notes_view_inserted on credit_notes;
    drop trigger invoice_lines_view_truncated on invoice_lines;
    drop trigger invoice_lines_view_deleted on invoice_lines;
    drop trigger invoice_lines_view_updated on invoice_lines;
    drop trigger invoice_lines_view_inserted on invoice_lines;
    drop trigger invoices_view_truncated on invoices;
    drop trigger invoices_view_deleted on invoices;
    drop trigger invoices_view_updated on invoices;
    drop function remit_notify_all_invoices_changed();
    drop function remit_notify_invoice_parts_changed();
    drop function remit_notify_invoices_changed();
    drop function remit_notify_invoice_ids(text[]);
  `.execute(db);
}
