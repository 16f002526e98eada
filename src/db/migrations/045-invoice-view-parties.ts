import { type Kysely, sql } from 'kysely';

/**
 * The cached staff view of an invoice now carries its parties (seller and buyer blocks, payment terms text and
 * instructions, the reader's language), so any change to a client or to the settings reaches what the view shows.
 * Both are edited by people, rarely, so every update announces `*` rather than the columns the parties read today.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop trigger clients_invoice_view_changed on clients;
    drop trigger settings_invoice_view_changed on settings;
    create trigger clients_invoice_view_changed after update or delete or truncate on clients
      for each statement execute function remit_notify_all_invoices_changed();
    create trigger settings_invoice_view_changed after update or delete or truncate on settings
      for each statement execute function remit_notify_all_invoices_changed();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop trigger clients_invoice_view_changed on clients;
    drop trigger settings_invoice_view_changed on settings;
    create trigger clients_invoice_view_changed after update of name, company or delete or truncate on clients
      for each statement execute function remit_notify_all_invoices_changed();
    create trigger settings_invoice_view_changed after update of time_zone or delete or truncate on settings
      for each statement execute function remit_notify_all_invoices_changed();
  `.execute(db);
}
