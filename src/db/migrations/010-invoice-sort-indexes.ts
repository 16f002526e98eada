import { type Kysely, sql } from 'kysely';

/**
 * Indexes for the orders the invoice list offers (services/invoices/list-invoices.ts), each ending with the id as
 * the list's keyset does, so a page in any order reads its 25 rows along an index instead of sorting every invoice.
 * The expressions are written exactly as the list orders by them. Sorting by client name goes through the join and
 * is left to the planner.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index invoices_number_sort_idx on invoices ((coalesce(number, '')), id);
    create index invoices_issue_date_sort_idx on invoices (issue_date, id);
    create index invoices_due_date_sort_idx on invoices (due_date, id);
    create index invoices_total_sort_idx on invoices (currency, total_minor, id);
    create index invoices_balance_sort_idx on invoices (currency, (total_minor - amount_paid_minor), id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index invoices_balance_sort_idx, invoices_total_sort_idx, invoices_due_date_sort_idx,
      invoices_issue_date_sort_idx, invoices_number_sort_idx;
  `.execute(db);
}
