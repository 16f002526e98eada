import { type Kysely, sql } from 'kysely';
import { computeTaxLedger, type LedgerKind, readyEntries, replaceTaxLedger } from '../tax-summary-ledger.ts';

/**
 * The tax report's summary (issue 17): taxable amount and tax per (basis, currency, tax, day), so a report over a
 * year adds up a few thousand rows instead of computing every document and payment of the year.
 *
 * - tax_summary_documents: what each document adds, per basis, day and tax (domain/reports/tax-ledger.ts: its figures
 *   on its issue date; the shares of its payments and refunds on their days, allocated as the report always did).
 *   Days are the documents' own calendar dates (already in the organisation's time zone), so any from/to range and
 *   any period can be answered, and a change of time zone changes no stored figure.
 * - tax_summary: the same summed per (basis, currency, tax, day), with the number of entries (a tax shows in a
 *   period whenever a document there has it, even at zero, as the report always did). Statement triggers on tax_summary_documents append
 *   the net change of each statement (as dashboard_figures does); the fill folds the rows into one per key.
 * - tax_summary_pending: documents whose entries may be out of date. Triggers queue a document in the transaction
 *   that changes anything its entries depend on: its status, issue date, currency or total, its figures per tax
 *   (document_tax_amounts rows forgotten), its payments, refunds and credit refunds, or the VAT category of a tax
 *   rate it uses. Each queueing draws a new `seq`, so a fill that computed an older state leaves it queued.
 *   The allocation runs in Node (the same rounding as the report), so the triggers only queue; the
 *   `fill-report-tax-amounts` job and the report itself compute the queued ones, and the report adjusts for any
 *   still queued when it reads (services/reports/tax-summary-figures.ts), so its figures are exact at all times.
 *
 * The backfill computes every issued document in batches of BATCH, set-based per batch; documents whose figures
 * per tax are not computed yet (report_tax_pending) are queued instead.
 */

const BATCH = 5000;

const TAX_KEY = 'basis, currency, day, name, rate, inclusive, compound, vat_category';

function queueFunction(name: string, select: string): string {
  return `
    create function ${name}() returns trigger language plpgsql as $body$
    begin
      insert into tax_summary_pending (document_kind, document_id)
      select distinct kind, id from (${select}) as changed (kind, id) where id is not null
      order by 1, 2
      on conflict (document_kind, document_id) do update set seq = excluded.seq;
      return null;
    end
    $body$;`;
}

const QUEUES: { table: string; insert?: string; delete?: string; update?: string }[] = [
  {
    table: 'invoices',
    insert: `select 'invoice', id from changed_rows where status <> 'draft'`,
    delete: `select 'invoice', id from changed_rows`,
    update: `select 'invoice', n.id from new_rows as n join old_rows as o on o.id = n.id
      where (n.status in ('draft', 'void')) <> (o.status in ('draft', 'void'))
        or n.issue_date is distinct from o.issue_date or n.currency <> o.currency or n.total_minor <> o.total_minor`,
  },
  {
    table: 'credit_notes',
    insert: `select 'credit_note', id from changed_rows where status = 'issued'`,
    delete: `select 'credit_note', id from changed_rows`,
    update: `select 'credit_note', n.id from new_rows as n join old_rows as o on o.id = n.id
      where (n.status = 'issued') <> (o.status = 'issued')
        or n.issue_date is distinct from o.issue_date or n.currency <> o.currency or n.total_minor <> o.total_minor`,
  },
  {
    table: 'payments',
    insert: `select 'invoice', invoice_id from changed_rows`,
    delete: `select 'invoice', invoice_id from changed_rows`,
    update: `select 'invoice', x.invoice_id from new_rows as n join old_rows as o on o.id = n.id
      cross join lateral (values (n.invoice_id), (o.invoice_id)) as x (invoice_id)
      where (n.invoice_id, n.status, n.deleted_at, n.amount_minor, n.paid_on, n.seq)
        is distinct from (o.invoice_id, o.status, o.deleted_at, o.amount_minor, o.paid_on, o.seq)`,
  },
  {
    table: 'payment_refunds',
    insert: `select 'invoice', invoice_id from changed_rows`,
    delete: `select 'invoice', invoice_id from changed_rows`,
    update: `select 'invoice', x.invoice_id from new_rows as n join old_rows as o on o.id = n.id
      cross join lateral (values (n.invoice_id), (o.invoice_id)) as x (invoice_id)
      where (n.invoice_id, n.payment_id, n.amount_minor, n.refunded_on, n.seq)
        is distinct from (o.invoice_id, o.payment_id, o.amount_minor, o.refunded_on, o.seq)`,
  },
  {
    table: 'credit_refunds',
    insert: `select 'credit_note', credit_note_id from changed_rows`,
    delete: `select 'credit_note', credit_note_id from changed_rows`,
    update: `select 'credit_note', x.id from new_rows as n join old_rows as o on o.id = n.id
      cross join lateral (values (n.credit_note_id), (o.credit_note_id)) as x (id)
      where (n.credit_note_id, n.amount_minor, n.refunded_on, n.created_at)
        is distinct from (o.credit_note_id, o.amount_minor, o.refunded_on, o.created_at)`,
  },
  {
    table: 'document_tax_amounts',
    delete: `select document_kind, document_id from changed_rows`,
  },
  {
    table: 'tax_rates',
    delete: `select t.document_kind, t.document_id from document_tax_amounts as t
      where t.tax_rate_id in (select id from changed_rows)`,
    update: `select t.document_kind, t.document_id from document_tax_amounts as t
      where t.tax_rate_id in (
        select n.id from new_rows as n join old_rows as o on o.id = n.id
        where n.vat_category is distinct from o.vat_category)`,
  },
];

function queueTriggers(): string {
  return QUEUES.flatMap(({ table, ...events }) =>
    (['insert', 'update', 'delete'] as const).flatMap((event) => {
      const select = events[event];
      if (!select) return [];
      const name = `tax_summary_queue_${table}_${event}`;
      const referencing =
        event === 'update'
          ? 'old table as old_rows new table as new_rows'
          : `${event === 'insert' ? 'new' : 'old'} table as changed_rows`;
      return [
        queueFunction(name, select),
        `create trigger ${name} after ${event} on ${table} referencing ${referencing}
          for each statement execute function ${name}();`,
      ];
    }),
  ).join('\n');
}

const summaryTriggers = `
  create function tax_summary_documents_changed() returns trigger language plpgsql as $body$
  begin
    if tg_op = 'INSERT' then
      insert into tax_summary (${TAX_KEY}, taxable_minor, tax_minor, entries)
      select ${TAX_KEY}, sum(taxable_minor), sum(tax_minor), count(*) from changed_rows group by ${TAX_KEY};
    else
      insert into tax_summary (${TAX_KEY}, taxable_minor, tax_minor, entries)
      select ${TAX_KEY}, -sum(taxable_minor), -sum(tax_minor), -count(*) from changed_rows group by ${TAX_KEY};
    end if;
    return null;
  end
  $body$;
  create trigger tax_summary_documents_insert after insert on tax_summary_documents
    referencing new table as changed_rows for each statement execute function tax_summary_documents_changed();
  create trigger tax_summary_documents_delete after delete on tax_summary_documents
    referencing old table as changed_rows for each statement execute function tax_summary_documents_changed();`;

async function backfill(db: Kysely<unknown>, kind: LedgerKind): Promise<void> {
  const ids =
    kind === 'invoice'
      ? (after: string) => sql<{ id: string }>`
          select id from invoices where status <> 'draft' and id > ${after}::uuid order by id limit ${BATCH}`
      : (after: string) => sql<{ id: string }>`
          select id from credit_notes where status = 'issued' and id > ${after}::uuid order by id limit ${BATCH}`;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const batch = (await ids(after).execute(db)).rows.map((row) => row.id);
    if (batch.length === 0) return;
    after = batch[batch.length - 1]!;
    const computed = await computeTaxLedger(db, kind, batch);
    const ready = readyEntries(computed);
    await replaceTaxLedger(db, kind, ready.ids, ready.entries);
    const waiting = batch.filter((id) => computed.get(id) === null);
    if (waiting.length > 0)
      await sql`
        insert into tax_summary_pending (document_kind, document_id)
        select ${kind}, unnest(${waiting}::uuid[]) on conflict do nothing`.execute(db);
  }
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table tax_summary_documents (
      id bigint generated always as identity primary key,
      document_kind text not null check (document_kind in ('invoice', 'credit_note')),
      document_id uuid not null,
      basis text not null check (basis in ('invoice', 'cash')),
      day date not null,
      currency text not null,
      name text not null,
      rate text not null,
      inclusive boolean not null,
      compound boolean not null,
      vat_category text,
      taxable_minor bigint not null,
      tax_minor bigint not null
    );
    create index tax_summary_documents_document_idx on tax_summary_documents (document_kind, document_id);

    create table tax_summary (
      id bigint generated always as identity primary key,
      basis text not null check (basis in ('invoice', 'cash')),
      currency text not null,
      day date not null,
      name text not null,
      rate text not null,
      inclusive boolean not null,
      compound boolean not null,
      vat_category text,
      taxable_minor bigint not null,
      tax_minor bigint not null,
      entries bigint not null
    );
    create index tax_summary_basis_day_idx on tax_summary (basis, day);

    create sequence tax_summary_pending_seq;
    create table tax_summary_pending (
      document_kind text not null check (document_kind in ('invoice', 'credit_note')),
      document_id uuid not null,
      seq bigint not null default nextval('tax_summary_pending_seq'),
      primary key (document_kind, document_id)
    );
    alter sequence tax_summary_pending_seq owned by tax_summary_pending.seq;
  `.execute(db);
  await sql.raw(queueTriggers()).execute(db);

  // Entries first, then their sums in one statement (rather than one row per batch and key from the triggers).
  await backfill(db, 'invoice');
  await backfill(db, 'credit_note');
  await sql`
    insert into tax_summary (${sql.raw(TAX_KEY)}, taxable_minor, tax_minor, entries)
    select ${sql.raw(TAX_KEY)}, sum(taxable_minor), sum(tax_minor), count(*) from tax_summary_documents
    group by ${sql.raw(TAX_KEY)}
  `.execute(db);
  await sql.raw(summaryTriggers).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const drops = QUEUES.flatMap(({ table, ...events }) =>
    (['insert', 'update', 'delete'] as const)
      .filter((event) => events[event])
      .map(
        (event) =>
          `drop trigger tax_summary_queue_${table}_${event} on ${table};
           drop function tax_summary_queue_${table}_${event}();`,
      ),
  );
  await sql
    .raw(`
      ${drops.join('\n')}
      drop table tax_summary_pending;
      drop table tax_summary_documents;
      drop function tax_summary_documents_changed();
      drop table tax_summary;
    `)
    .execute(db);
}
