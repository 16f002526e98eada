import { type Kysely, sql } from 'kysely';

/**
 * Reports at scale (services/reports/).
 *
 * document_tax_amounts: each issued document's figures per tax (taxable amount and tax, from the totals engine),
 * so the tax report sums rows instead of running the engine over every document. The engine runs in Node, not in
 * the database, so the report itself fills the rows of the documents it needs that have none yet (a document
 * without taxes gets one row with a null name, saying it was looked at). Triggers forget a document's rows in the
 * transaction that changes what its taxes depend on (its lines, discount, taxes, rounding, currency or total), so a
 * row is never stale; the report takes a share lock on the documents it fills, so it cannot write figures of a
 * version that a concurrent edit (which locks the document first) is replacing.
 *
 * Indexes: payments and refunds by the day they happened (payments report, cash-basis tax, collected revenue),
 * credit allocations by invoice and time (aging as of a past date), and the open invoices with their balance
 * (aging as of today reads only those).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table document_tax_amounts (
      document_kind text not null check (document_kind in ('invoice', 'credit_note')),
      document_id uuid not null,
      position smallint not null,
      tax_rate_id uuid,
      name text,
      rate text,
      inclusive boolean not null default false,
      compound boolean not null default false,
      taxable_minor bigint not null default 0,
      tax_minor bigint not null default 0,
      primary key (document_kind, document_id, position)
    );

    create function report_forget_document_taxes() returns trigger language plpgsql as $body$
    begin
      if tg_table_name = 'invoice_lines' then
        delete from document_tax_amounts
        where document_kind = 'invoice' and document_id in (
          select invoice_id from changed_rows);
      elsif tg_table_name = 'credit_note_lines' then
        delete from document_tax_amounts
        where document_kind = 'credit_note' and document_id in (
          select credit_note_id from changed_rows);
      elsif tg_table_name = 'invoices' then
        delete from document_tax_amounts
        where document_kind = 'invoice' and document_id in (select id from changed_rows);
      else
        delete from document_tax_amounts
        where document_kind = 'credit_note' and document_id in (select id from changed_rows);
      end if;
      return null;
    end
    $body$;

    create trigger invoice_lines_report_insert after insert on invoice_lines
      referencing new table as changed_rows for each statement execute function report_forget_document_taxes();
    create trigger invoice_lines_report_update after update on invoice_lines
      referencing new table as changed_rows for each statement execute function report_forget_document_taxes();
    create trigger invoice_lines_report_delete after delete on invoice_lines
      referencing old table as changed_rows for each statement execute function report_forget_document_taxes();
    create trigger credit_note_lines_report_insert after insert on credit_note_lines
      referencing new table as changed_rows for each statement execute function report_forget_document_taxes();
    create trigger credit_note_lines_report_update after update on credit_note_lines
      referencing new table as changed_rows for each statement execute function report_forget_document_taxes();
    create trigger credit_note_lines_report_delete after delete on credit_note_lines
      referencing old table as changed_rows for each statement execute function report_forget_document_taxes();
    create trigger invoices_report_delete after delete on invoices
      referencing old table as changed_rows for each statement execute function report_forget_document_taxes();
    create trigger credit_notes_report_delete after delete on credit_notes
      referencing old table as changed_rows for each statement execute function report_forget_document_taxes();

    create function report_forget_body_taxes() returns trigger language plpgsql as $body$
    begin
      delete from document_tax_amounts
      where document_kind = case tg_table_name when 'invoices' then 'invoice' else 'credit_note' end
        and document_id = new.id;
      return null;
    end
    $body$;
    create trigger invoices_report_body after update on invoices for each row
      when (old.taxes is distinct from new.taxes or old.discount_kind is distinct from new.discount_kind
        or old.discount_value is distinct from new.discount_value or old.tax_rounding is distinct from new.tax_rounding
        or old.invoice_discount_mode is distinct from new.invoice_discount_mode
        or old.currency is distinct from new.currency or old.total_minor is distinct from new.total_minor)
      execute function report_forget_body_taxes();
    create trigger credit_notes_report_body after update on credit_notes for each row
      when (old.taxes is distinct from new.taxes or old.discount_kind is distinct from new.discount_kind
        or old.discount_value is distinct from new.discount_value or old.tax_rounding is distinct from new.tax_rounding
        or old.invoice_discount_mode is distinct from new.invoice_discount_mode
        or old.currency is distinct from new.currency or old.total_minor is distinct from new.total_minor)
      execute function report_forget_body_taxes();

    create index payments_paid_on_idx on payments (paid_on, invoice_id)
      where status = 'succeeded' and deleted_at is null;
    create index payment_refunds_refunded_on_idx on payment_refunds (refunded_on);
    create index credit_allocations_invoice_time_idx on credit_allocations (invoice_id, created_at);
    create index invoices_open_aging_idx on invoices (currency, client_id)
      include (due_date, issue_date, total_minor, amount_paid_minor, amount_credited_minor)
      where status in ('sent', 'viewed', 'partially_paid');
    create index credit_notes_issue_date_idx on credit_notes (issue_date) where status = 'issued';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index credit_notes_issue_date_idx;
    drop index invoices_open_aging_idx;
    drop index credit_allocations_invoice_time_idx;
    drop index payment_refunds_refunded_on_idx;
    drop index payments_paid_on_idx;
    drop trigger credit_notes_report_body on credit_notes;
    drop trigger invoices_report_body on invoices;
    drop function report_forget_body_taxes();
    drop trigger credit_notes_report_delete on credit_notes;
    drop trigger invoices_report_delete on invoices;
    drop trigger credit_note_lines_report_delete on credit_note_lines;
    drop trigger credit_note_lines_report_update on credit_note_lines;
    drop trigger credit_note_lines_report_insert on credit_note_lines;
    drop trigger invoice_lines_report_delete on invoice_lines;
    drop trigger invoice_lines_report_update on invoice_lines;
    drop trigger invoice_lines_report_insert on invoice_lines;
    drop function report_forget_document_taxes();
    drop table document_tax_amounts;
  `.execute(db);
}
