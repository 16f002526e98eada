import { type Kysely, sql } from 'kysely';

/**
 * Finishing reports and outgoing webhooks (issue 17).
 *
 * Webhook retention: `settings.webhook_retention_days` (default 30). The hourly purge (services/webhooks/
 * purge-webhook-deliveries.ts) deletes deliveries delivered longer ago, with their attempts, and then the events no
 * delivery needs any more; deliveries not delivered (pending, retrying, failed) stay for redelivery.
 *
 * document_tax_amounts filled in the background: `report_tax_pending` lists the documents whose figures per tax are
 * missing. The triggers of migration 029 that forget a document's figures now also queue it there, in the same
 * transaction; the `fill-report-tax-amounts` job computes the figures of the issued ones and takes them off the
 * list. The documents issued before this migration are queued here once.
 *
 * Aging: the open invoices' partial index now also holds id and number, so the aging report reads today's open
 * balances from it alone (an index-only scan) instead of joining the candidates back to every invoice; voided
 * invoices are found by when they were voided (aging as of a day before the void counts them).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table settings add column webhook_retention_days int not null default 30
      check (webhook_retention_days between 1 and 3650);
    create index webhook_deliveries_delivered_idx on webhook_deliveries (delivered_at) where state = 'delivered';

    create index invoices_aging_open_idx on invoices (currency, client_id)
      include (id, number, due_date, issue_date, total_minor, amount_paid_minor, amount_credited_minor)
      where status in ('sent', 'viewed', 'partially_paid');
    drop index invoices_open_aging_idx;
    create index invoices_aging_voided_idx on invoices (voided_at) where status = 'void';

    create table report_tax_pending (
      document_kind text not null check (document_kind in ('invoice', 'credit_note')),
      document_id uuid not null,
      primary key (document_kind, document_id)
    );

    create or replace function report_forget_document_taxes() returns trigger language plpgsql as $body$
    begin
      if tg_table_name = 'invoice_lines' then
        delete from document_tax_amounts
        where document_kind = 'invoice' and document_id in (select invoice_id from changed_rows);
        insert into report_tax_pending (document_kind, document_id)
        select distinct 'invoice', c.invoice_id from changed_rows as c
        where exists (select 1 from invoices as i where i.id = c.invoice_id)
        on conflict do nothing;
      elsif tg_table_name = 'credit_note_lines' then
        delete from document_tax_amounts
        where document_kind = 'credit_note' and document_id in (select credit_note_id from changed_rows);
        insert into report_tax_pending (document_kind, document_id)
        select distinct 'credit_note', c.credit_note_id from changed_rows as c
        where exists (select 1 from credit_notes as d where d.id = c.credit_note_id)
        on conflict do nothing;
      elsif tg_table_name = 'invoices' then
        delete from document_tax_amounts
        where document_kind = 'invoice' and document_id in (select id from changed_rows);
        delete from report_tax_pending
        where document_kind = 'invoice' and document_id in (select id from changed_rows);
      else
        delete from document_tax_amounts
        where document_kind = 'credit_note' and document_id in (select id from changed_rows);
        delete from report_tax_pending
        where document_kind = 'credit_note' and document_id in (select id from changed_rows);
      end if;
      return null;
    end
    $body$;

    create or replace function report_forget_body_taxes() returns trigger language plpgsql as $body$
    declare
      kind text := case tg_table_name when 'invoices' then 'invoice' else 'credit_note' end;
    begin
      delete from document_tax_amounts where document_kind = kind and document_id = new.id;
      insert into report_tax_pending (document_kind, document_id) values (kind, new.id) on conflict do nothing;
      return null;
    end
    $body$;

    insert into report_tax_pending (document_kind, document_id)
    select 'invoice', i.id from invoices as i
    where i.status <> 'draft'
      and not exists (select 1 from document_tax_amounts as t where t.document_kind = 'invoice' and t.document_id = i.id)
    union all
    select 'credit_note', c.id from credit_notes as c
    where c.status <> 'draft'
      and not exists (
        select 1 from document_tax_amounts as t where t.document_kind = 'credit_note' and t.document_id = c.id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    create or replace function report_forget_body_taxes() returns trigger language plpgsql as $body$
    begin
      delete from document_tax_amounts
      where document_kind = case tg_table_name when 'invoices' then 'invoice' else 'credit_note' end
        and document_id = new.id;
      return null;
    end
    $body$;

    create or replace function report_forget_document_taxes() returns trigger language plpgsql as $body$
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
        delete from document_tax_amounts where document_kind = 'invoice' and document_id in (select id from changed_rows);
      else
        delete from document_tax_amounts
        where document_kind = 'credit_note' and document_id in (select id from changed_rows);
      end if;
      return null;
    end
    $body$;

    drop table report_tax_pending;
    drop index invoices_aging_voided_idx;
    create index invoices_open_aging_idx on invoices (currency, client_id)
      include (due_date, issue_date, total_minor, amount_paid_minor, amount_credited_minor)
      where status in ('sent', 'viewed', 'partially_paid');
    drop index invoices_aging_open_idx;
    drop index webhook_deliveries_delivered_idx;
    alter table settings drop column webhook_retention_days;
  `.execute(db);
}
