import { type Kysely, sql } from 'kysely';

/**
 * The dashboard's figures kept current by the database, and the overdue sweep made incremental.
 *
 * dashboard_figures holds signed amounts per (currency, figure, day):
 * - open: balance due of issued, unpaid, non-void invoices, by due date (overdue is the part before "today");
 * - draft: draft invoices (count only);
 * - credit: credit left on issued credit notes;
 * - invoiced: totals of issued non-void invoices less issued credit notes, by month of issue (first day);
 * - received: succeeded, non-deleted payments by month paid, less their refunds by month refunded.
 * Days are the documents' own calendar dates, so a change of the organisation's time zone changes only which months
 * the dashboard shows and which day is "today", never a stored figure.
 *
 * Triggers write them, in the transaction of the change: a future write path (a new use case, a job, a bulk import,
 * a hand-written UPDATE) cannot forget them, which service code could. Each statement appends one row per figure
 * it changes (new contribution minus old, netted; nothing when nothing changed) instead of updating a shared row,
 * so concurrent transactions never wait on each other or deadlock over the same currency and month. Readers sum the
 * rows; a job (dashboard-compact) folds them into one row per (currency, figure, day).
 *
 * Statement-level triggers with transition tables keep bulk writes set-based. A payment's figures include its
 * refunds; a payment deleted outright (a cascade) is taken out by a row-level BEFORE DELETE trigger, while its
 * refunds still exist to be counted.
 *
 * Overdue sweep: invoices.overdue_noted_due_date is the due date the sweep last recorded as overdue. A partial index
 * holds the open invoices with a balance not noted for their current due date, so the sweep reads only those past
 * due (nothing when nothing is new), and a revision that moves the due date, or a refund that reopens an invoice,
 * brings it back in by itself.
 */

const OPEN = `('sent', 'viewed', 'partially_paid')`;

/** Nets the contributions of the changed rows: new ones added, old ones taken away. */
function netInsert(figures: (rows: string) => string, sides: { rows: string; sign: 1 | -1 }[]): string {
  const parts = sides.map(
    ({ rows, sign }) =>
      `select currency, figure, day, ${sign} * amount_minor as amount_minor, ${sign} * count as count from (${figures(rows)}) as ${rows}_figures`,
  );
  return `
    insert into dashboard_figures (currency, figure, day, amount_minor, count)
    select currency, figure, day, sum(amount_minor), sum(count)
    from (${parts.join(' union all ')}) as changes
    group by currency, figure, day
    having sum(amount_minor) <> 0 or sum(count) <> 0;`;
}

/** A statement-level trigger function for INSERT, UPDATE and DELETE over transition tables new_rows / old_rows. */
function statementTriggerFunction(name: string, figures: (rows: string) => string, deletes = true): string {
  return `
    create function ${name}() returns trigger language plpgsql as $body$
    begin
      if tg_op = 'INSERT' then
        ${netInsert(figures, [{ rows: 'new_rows', sign: 1 }])}
      elsif tg_op = 'UPDATE' then
        ${netInsert(figures, [
          { rows: 'new_rows', sign: 1 },
          { rows: 'old_rows', sign: -1 },
        ])}
      ${deletes ? `elsif tg_op = 'DELETE' then ${netInsert(figures, [{ rows: 'old_rows', sign: -1 }])}` : ''}
      end if;
      return null;
    end
    $body$;`;
}

function statementTriggers(table: string, fn: string, events: ('insert' | 'update' | 'delete')[]): string {
  return events
    .map((event) => {
      const referencing =
        event === 'insert'
          ? 'new table as new_rows'
          : event === 'delete'
            ? 'old table as old_rows'
            : 'old table as old_rows new table as new_rows';
      return `create trigger ${table}_dashboard_${event} after ${event} on ${table}
        referencing ${referencing} for each statement execute function ${fn}();`;
    })
    .join('\n');
}

const invoiceFigures = (rows: string) => `
  select f.* from ${rows} as i cross join lateral dashboard_invoice_figures(
    i.status, i.currency, i.total_minor, i.amount_paid_minor, i.amount_credited_minor, i.issue_date, i.due_date) as f`;
const creditNoteFigures = (rows: string) => `
  select f.* from ${rows} as c cross join lateral dashboard_credit_note_figures(
    c.status, c.currency, c.total_minor, c.amount_applied_minor, c.amount_refunded_minor, c.issue_date) as f`;
const paymentFigures = (rows: string) => `
  select f.* from ${rows} as p cross join lateral dashboard_payment_figures(
    p.id, p.status, p.deleted_at, p.currency, p.amount_minor, p.paid_on) as f`;
const refundFigures = (rows: string) => `
  select p.currency, 'received' as figure, dashboard_month(r.refunded_on) as day, -r.amount_minor as amount_minor,
         0::bigint as count
  from ${rows} as r join payments as p on p.id = r.payment_id
  where p.status = 'succeeded' and p.deleted_at is null`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table dashboard_figures (
      id bigint generated always as identity primary key,
      currency text not null,
      figure text not null check (figure in ('open', 'draft', 'credit', 'invoiced', 'received')),
      day date,
      amount_minor bigint not null,
      count bigint not null
    );
    create index dashboard_figures_key_idx on dashboard_figures (currency, figure, day);

    create function dashboard_month(d date) returns date language sql immutable strict
      as $$ select d - (extract(day from d)::int - 1) $$;

    create function dashboard_invoice_figures(
      p_status text, p_currency text, p_total bigint, p_paid bigint, p_credited bigint, p_issue_date date,
      p_due_date date)
    returns table (currency text, figure text, day date, amount_minor bigint, count bigint)
    language sql immutable as $$
      select $2, 'draft', null::date, 0::bigint, 1::bigint where $1 = 'draft'
      union all
      select $2, 'open', $7, $3 - $4 - $5, 1::bigint where $1 in ${sql.raw(OPEN)} and $3 - $4 - $5 > 0
      union all
      select $2, 'invoiced', dashboard_month($6), $3, 0::bigint where $1 not in ('draft', 'void')
    $$;

    create function dashboard_credit_note_figures(
      p_status text, p_currency text, p_total bigint, p_applied bigint, p_refunded bigint, p_issue_date date)
    returns table (currency text, figure text, day date, amount_minor bigint, count bigint)
    language sql immutable as $$
      select $2, 'credit', null::date, $3 - $4 - $5, 1::bigint where $1 = 'issued' and $3 - $4 - $5 > 0
      union all
      select $2, 'invoiced', dashboard_month($6), -$3, 0::bigint where $1 = 'issued'
    $$;

    -- A counted payment brings its refunds with it: they count (negatively) only while it does.
    create function dashboard_payment_figures(
      p_id uuid, p_status text, p_deleted_at timestamptz, p_currency text, p_amount bigint, p_paid_on date)
    returns table (currency text, figure text, day date, amount_minor bigint, count bigint)
    language sql stable as $$
      select $4, 'received', dashboard_month($6), $5, 0::bigint where $2 = 'succeeded' and $3 is null
      union all
      select $4, 'received', dashboard_month(r.refunded_on), -r.amount_minor, 0::bigint
      from payment_refunds as r where r.payment_id = $1 and $2 = 'succeeded' and $3 is null
    $$;

    ${sql.raw(statementTriggerFunction('dashboard_invoices_changed', invoiceFigures))}
    ${sql.raw(statementTriggers('invoices', 'dashboard_invoices_changed', ['insert', 'update', 'delete']))}
    ${sql.raw(statementTriggerFunction('dashboard_credit_notes_changed', creditNoteFigures))}
    ${sql.raw(statementTriggers('credit_notes', 'dashboard_credit_notes_changed', ['insert', 'update', 'delete']))}
    ${sql.raw(statementTriggerFunction('dashboard_refunds_changed', refundFigures))}
    ${sql.raw(statementTriggers('payment_refunds', 'dashboard_refunds_changed', ['insert', 'update', 'delete']))}
    ${sql.raw(statementTriggerFunction('dashboard_payments_changed', paymentFigures, false))}
    ${sql.raw(statementTriggers('payments', 'dashboard_payments_changed', ['insert', 'update']))}

    create function dashboard_payment_deleting() returns trigger language plpgsql as $body$
    begin
      insert into dashboard_figures (currency, figure, day, amount_minor, count)
      select f.currency, f.figure, f.day, -sum(f.amount_minor), 0
      from dashboard_payment_figures(old.id, old.status, old.deleted_at, old.currency, old.amount_minor, old.paid_on) as f
      group by f.currency, f.figure, f.day
      having sum(f.amount_minor) <> 0;
      return old;
    end
    $body$;
    create trigger payments_dashboard_delete before delete on payments
      for each row execute function dashboard_payment_deleting();
  `.execute(db);

  // The figures of the existing documents, folded per (currency, figure, day).
  await sql`
    insert into dashboard_figures (currency, figure, day, amount_minor, count)
    select currency, figure, day, sum(amount_minor), sum(count)
    from (
      ${sql.raw(invoiceFigures('invoices'))}
      union all ${sql.raw(creditNoteFigures('credit_notes'))}
      union all ${sql.raw(paymentFigures('payments'))}
    ) as figures
    group by currency, figure, day
    having sum(amount_minor) <> 0 or sum(count) <> 0
  `.execute(db);

  await sql`
    alter table invoices add column overdue_noted_due_date date;
    update invoices as i set overdue_noted_due_date = i.due_date
    where exists (
      select 1 from invoice_events as e
      where e.invoice_id = i.id and e.type = 'overdue' and e.data ->> 'dueDate' = i.due_date::text
    );
    create index invoices_overdue_pending_idx on invoices (due_date)
      where status in ${sql.raw(OPEN)}
        and total_minor - amount_paid_minor - amount_credited_minor > 0
        and overdue_noted_due_date is distinct from due_date;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index invoices_overdue_pending_idx;
    alter table invoices drop column overdue_noted_due_date;
    drop trigger payments_dashboard_delete on payments;
    drop function dashboard_payment_deleting();
    drop trigger payments_dashboard_insert on payments;
    drop trigger payments_dashboard_update on payments;
    drop function dashboard_payments_changed();
    drop trigger payment_refunds_dashboard_insert on payment_refunds;
    drop trigger payment_refunds_dashboard_update on payment_refunds;
    drop trigger payment_refunds_dashboard_delete on payment_refunds;
    drop function dashboard_refunds_changed();
    drop trigger credit_notes_dashboard_insert on credit_notes;
    drop trigger credit_notes_dashboard_update on credit_notes;
    drop trigger credit_notes_dashboard_delete on credit_notes;
    drop function dashboard_credit_notes_changed();
    drop trigger invoices_dashboard_insert on invoices;
    drop trigger invoices_dashboard_update on invoices;
    drop trigger invoices_dashboard_delete on invoices;
    drop function dashboard_invoices_changed();
    drop function dashboard_payment_figures(uuid, text, timestamptz, text, bigint, date);
    drop function dashboard_credit_note_figures(text, text, bigint, bigint, bigint, date);
    drop function dashboard_invoice_figures(text, text, bigint, bigint, bigint, date, date);
    drop function dashboard_month(date);
    drop table dashboard_figures;
  `.execute(db);
}
