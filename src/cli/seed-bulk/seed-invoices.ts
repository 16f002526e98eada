import { sql } from 'kysely';
import type { Db } from '../../db/client.ts';
import type { DocumentTemplate } from './document-templates.ts';
import { hashPick } from './seed-clients.ts';

/**
 * Invoices, their lines and payments, written a batch at a time (one transaction each) from the templates and the
 * seeded clients. Invoice i is issued on a day that grows with i, so numbers follow issue dates; its status depends
 * on its age (recent ones are often drafts or awaiting payment, older ones mostly paid), and an invoice awaiting
 * payment past its due date shows as overdue. Every stored figure is the template's engine total, and the amount
 * paid is the sum of the payments written with it.
 */

export interface InvoiceBatchPlan {
  /** Invoices in the whole run, and the first and last day of issue. */
  total: number;
  firstDay: string;
  today: string;
  perCurrency: number;
  clientCount: number;
  seed: number;
  /** The organisation's invoice number pattern, validated. */
  pattern: string;
}

export async function createTemplateTables(db: Db, templates: DocumentTemplate[]): Promise<void> {
  await sql`
    create temporary table seed_templates (
      currency text, k int, discount_kind text, discount_value numeric, taxes jsonb, tax_rounding text,
      invoice_discount_mode text, total_minor bigint, primary key (currency, k)
    ) on commit preserve rows;
    create temporary table seed_template_lines (
      currency text, k int, position int, description text, quantity numeric, unit_price numeric,
      discount_kind text, discount_value numeric, taxes jsonb, unit text
    ) on commit preserve rows;
    create temporary table seed_batch (
      i bigint primary key, id uuid not null, client_id uuid not null, currency text not null, k int not null,
      status text not null, issue_date date not null, due_date date not null, payment_terms text not null,
      created_at timestamptz not null, sent_at timestamptz, viewed_at timestamptz, scope text, number text,
      total_minor bigint not null, first_payment bigint not null, second_payment bigint not null,
      first_paid_on date, second_paid_on date
    ) on commit preserve rows;
  `.execute(db);
  const rows = templates.map((t) => ({
    currency: t.currency,
    k: t.index,
    discount_kind: t.discount?.kind ?? null,
    discount_value: t.discount?.value ?? null,
    taxes: t.taxes,
    tax_rounding: t.taxRounding,
    invoice_discount_mode: t.invoiceDiscountMode,
    total_minor: t.totalMinor.toString(),
  }));
  await sql`
    insert into seed_templates
    select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as t(
      currency text, k int, discount_kind text, discount_value numeric, taxes jsonb, tax_rounding text,
      invoice_discount_mode text, total_minor bigint)
  `.execute(db);
  const lines = templates.flatMap((t) =>
    t.lines.map((line, position) => ({
      currency: t.currency,
      k: t.index,
      position,
      description: line.description,
      quantity: line.quantity,
      unit_price: line.unitPrice,
      discount_kind: line.discount?.kind ?? null,
      discount_value: line.discount?.value ?? null,
      taxes: line.taxes,
      unit: line.unit,
    })),
  );
  await sql`
    insert into seed_template_lines
    select * from jsonb_to_recordset(${JSON.stringify(lines)}::jsonb) as t(
      currency text, k int, position int, description text, quantity numeric, unit_price numeric,
      discount_kind text, discount_value numeric, taxes jsonb, unit text)
  `.execute(db);
}

/** The SQL that gives an issue date's counter scope, as counterScope (domain/numbering.ts) names it. */
function scopeExpression(pattern: string) {
  const hasYear = pattern.includes('{YYYY}') || pattern.includes('{YY}');
  if (!hasYear) return sql`'all'`;
  return pattern.includes('{MM}')
    ? sql`to_char(b.issue_date, 'YYYY-MM')`
    : sql`to_char(b.issue_date, 'YYYY')`;
}

/** The SQL that writes a number as formatDocumentNumber does: date tokens, then the sequence padded (never cut). */
function numberExpression(pattern: string) {
  const seqToken = /\{SEQ(?::(\d{1,2}))?\}/.exec(pattern)!;
  const width = Number(seqToken[1] ?? 1);
  const dated = sql`replace(replace(replace(replace(${pattern}::text,
    '{YYYY}', to_char(b.issue_date, 'YYYY')), '{YY}', to_char(b.issue_date, 'YY')),
    '{MM}', to_char(b.issue_date, 'MM')), '{DD}', to_char(b.issue_date, 'DD'))`;
  return sql`replace(${dated}, ${seqToken[0]}::text,
    case when length(x.seq::text) >= ${width} then x.seq::text else lpad(x.seq::text, ${width}, '0') end)`;
}

/** Writes invoices [from, to) of the plan in one transaction. */
export async function seedInvoiceBatch(
  db: Db,
  plan: InvoiceBatchPlan,
  from: number,
  to: number,
): Promise<void> {
  const s = plan.seed * 64 + 20;
  const spanDays = sql`(${plan.today}::date - ${plan.firstDay}::date)`;
  await db.transaction().execute(async (trx) => {
    await sql`truncate seed_batch`.execute(trx);
    await sql`
      with drawn as (
        select i,
          ${plan.firstDay}::date + (i * ${spanDays} / ${plan.total})::int as issue_date,
          ${hashPick('i', s + 1, plan.clientCount)} as client_k,
          ${hashPick('i', s + 2, 100)} as status_roll,
          ${hashPick('i', s + 3, plan.perCurrency)} as k,
          ${hashPick('i', s + 4, 100)} as pay_roll,
          (array[0, 14, 30, 30, 45])[1 + ${hashPick('i', s + 5, 5)}] as term_days
        from generate_series(${from}::bigint, ${to - 1}::bigint) i
      ), statused as (
        select d.*, c.id as client_id, c.currency,
          case when d.issue_date > ${plan.today}::date - 45 then
            case when status_roll < 20 then 'draft' when status_roll < 50 then 'sent' when status_roll < 70 then 'viewed'
              when status_roll < 80 then 'partially_paid' when status_roll < 95 then 'paid' else 'void' end
          else
            case when status_roll < 4 then 'draft' when status_roll < 74 then 'paid' when status_roll < 82 then 'sent'
              when status_roll < 86 then 'viewed' when status_roll < 94 then 'partially_paid' else 'void' end
          end as status
        from drawn d join seed_clients c on c.k = d.client_k
      ), timed as (
        select st.*, t.total_minor,
          least(now(), st.issue_date + make_interval(hours => 8, mins => (i % 600)::int)) as created_at
        from statused st join seed_templates t on t.currency = st.currency and t.k = st.k
      )
      insert into seed_batch (i, id, client_id, currency, k, status, issue_date, due_date, payment_terms, created_at,
        sent_at, viewed_at, total_minor, first_payment, second_payment, first_paid_on, second_paid_on)
      select i, gen_random_uuid(), client_id, currency, k, status, issue_date, issue_date + term_days,
        case when term_days = 0 then 'due_on_receipt' else 'net_' || term_days end,
        created_at,
        case when status <> 'draft' then least(now(), created_at + interval '1 hour') end,
        case when status = 'viewed' or (status in ('partially_paid', 'paid') and pay_roll % 2 = 0)
          then least(now(), created_at + interval '1 day') end,
        total_minor,
        case when status = 'paid' and pay_roll < 30 then total_minor * (30 + pay_roll) / 100
          when status = 'paid' then total_minor
          when status = 'partially_paid' then least(total_minor - 1, greatest(1, total_minor * (10 + pay_roll % 80) / 100))
          else 0 end,
        case when status = 'paid' and pay_roll < 30 then total_minor - total_minor * (30 + pay_roll) / 100 else 0 end,
        case when status in ('paid', 'partially_paid')
          then least(${plan.today}::date, issue_date + (pay_roll % (term_days + 10))) end,
        case when status = 'paid' and pay_roll < 30
          then least(${plan.today}::date, issue_date + (pay_roll % (term_days + 10)) + 7) end
      from timed
    `.execute(trx);
    await numberBatch(trx, plan.pattern);
    await insertBatchRows(trx);
  });
}

/** Gapless numbers per counter scope, continuing each counter, which stays locked until the batch commits. */
async function numberBatch(trx: Db, pattern: string): Promise<void> {
  await sql`update seed_batch b set scope = ${scopeExpression(pattern)} where b.status <> 'draft'`.execute(
    trx,
  );
  await sql`
    insert into invoice_counters (scope, last_value)
    select distinct scope, 0 from seed_batch where scope is not null
    on conflict (scope) do nothing
  `.execute(trx);
  await sql`
    with locked as (
      select c.scope, c.last_value from invoice_counters c
      where c.scope in (select distinct scope from seed_batch where scope is not null)
      for update
    ), x as (
      select b.i, l.last_value + row_number() over (partition by b.scope order by b.issue_date, b.i) as seq
      from seed_batch b join locked l on l.scope = b.scope
    )
    update seed_batch b set number = ${numberExpression(pattern)}
    from x where x.i = b.i
  `.execute(trx);
  await sql`
    update invoice_counters c
    set last_value = c.last_value + n.numbered
    from (select scope, count(*) as numbered from seed_batch where scope is not null group by scope) n
    where n.scope = c.scope
  `.execute(trx);
}

async function insertBatchRows(trx: Db): Promise<void> {
  await sql`
    insert into invoices (id, number, status, client_id, currency, issue_date, due_date, payment_terms,
      discount_kind, discount_value, taxes, notes, terms, tax_rounding, invoice_discount_mode, total_minor,
      amount_paid_minor, sent_at, voided_at, void_reason, viewed_at, view_count, last_viewed_at, created_at,
      updated_at)
    select b.id, b.number, b.status, b.client_id, b.currency, b.issue_date, b.due_date, b.payment_terms,
      t.discount_kind, t.discount_value, t.taxes, 'Thank you for your business.', '', t.tax_rounding,
      t.invoice_discount_mode, b.total_minor, b.first_payment + b.second_payment, b.sent_at,
      case when b.status = 'void' then least(now(), b.created_at + interval '3 days') end,
      case when b.status = 'void' then 'Issued in error' end,
      b.viewed_at, case when b.viewed_at is null then 0 else 1 + b.i % 3 end::int, b.viewed_at,
      b.created_at, b.created_at
    from seed_batch b join seed_templates t on t.currency = b.currency and t.k = b.k
  `.execute(trx);
  await sql`
    insert into invoice_lines (invoice_id, position, description, quantity, unit_price, discount_kind,
      discount_value, taxes, unit)
    select b.id, l.position, l.description, l.quantity, l.unit_price, l.discount_kind, l.discount_value, l.taxes,
      l.unit
    from seed_batch b join seed_template_lines l on l.currency = b.currency and l.k = b.k
  `.execute(trx);
  await sql`
    insert into payments (invoice_id, amount_minor, currency, paid_on, method, reference, provider, status,
      created_at, updated_at)
    select b.id, p.amount, b.currency, p.paid_on, (array['bank_transfer', 'card', 'cheque', 'other'])[1 + b.i % 4],
      'PAY-' || b.i || '-' || p.n, 'offline', 'succeeded',
      p.paid_on + interval '12 hours', p.paid_on + interval '12 hours'
    from seed_batch b
    cross join lateral (values (1, b.first_payment, b.first_paid_on), (2, b.second_payment, b.second_paid_on))
      as p(n, amount, paid_on)
    where p.amount > 0
  `.execute(trx);
}
