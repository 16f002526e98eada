import { sql } from 'kysely';
import { currencyExponent, formatMinor } from '../../domain/currency.ts';
import { periodsBetween } from '../../domain/reports/periods.ts';
import type { ServiceDeps } from '../context.ts';
import { getSettings } from '../settings/get-settings.ts';

export type RevenueGrouping = 'month' | 'client' | 'project';

export interface RevenueQuery {
  from: string;
  to: string;
  groupBy: RevenueGrouping;
  currency?: string;
}

export interface RevenueRow {
  /** YYYY-MM, a client id or a project id (null: invoices without a project). */
  key: string | null;
  /** The month again, the client's or the project's name ("" for no project). */
  label: string;
  currency: string;
  /** Totals of invoices issued in the range less credit notes issued in it (major units). */
  invoiced: string;
  /** Payments received in the range less refunds given back in it. */
  collected: string;
  /** What is still due today on the invoices issued in the range. */
  outstanding: string;
}

export interface RevenueReport {
  from: string;
  to: string;
  groupBy: RevenueGrouping;
  timeZone: string;
  rows: RevenueRow[];
  totals: { currency: string; invoiced: string; collected: string; outstanding: string }[];
}

interface SumRow {
  key: string | null;
  currency: string;
  invoiced: string;
  collected: string;
  outstanding: string;
}

/**
 * Invoiced, collected and outstanding per month, client or project, per currency (never added across currencies).
 * Months are the documents' own dates (issue date, day paid, day refunded), which are the organisation's calendar
 * days. Grouped by month, every month of the range has a row in each currency that has any figure.
 */
export async function getRevenueReport(deps: ServiceDeps, query: RevenueQuery): Promise<RevenueReport> {
  if (query.currency !== undefined) currencyExponent(query.currency, 'currency');
  const settings = await getSettings(deps.db);
  const range = (column: string) => sql`${sql.ref(column)} between ${query.from}::date and ${query.to}::date`;
  const counted = sql`p.status = 'succeeded' and p.deleted_at is null`;
  const key =
    query.groupBy === 'month'
      ? sql`to_char(m.day, 'YYYY-MM')`
      : query.groupBy === 'client'
        ? sql`m.client_id::text`
        : sql`m.project_id::text`;
  const result = await sql<SumRow>`
    with movements as (
      select i.client_id, i.project_id, i.currency, i.issue_date as day, i.total_minor as invoiced,
             0::bigint as collected,
             case when i.status in ('sent', 'viewed', 'partially_paid')
               then i.total_minor - i.amount_paid_minor - i.amount_credited_minor else 0 end as outstanding
      from invoices as i where i.status not in ('draft', 'void') and ${range('i.issue_date')}
      union all
      select c.client_id, c.project_id, c.currency, c.issue_date, -c.total_minor, 0, 0
      from credit_notes as c where c.status = 'issued' and ${range('c.issue_date')}
      union all
      select i.client_id, i.project_id, p.currency, p.paid_on, 0, p.amount_minor, 0
      from payments as p join invoices as i on i.id = p.invoice_id where ${counted} and ${range('p.paid_on')}
      union all
      select i.client_id, i.project_id, p.currency, r.refunded_on, 0, -r.amount_minor, 0
      from payment_refunds as r join payments as p on p.id = r.payment_id join invoices as i on i.id = p.invoice_id
      where ${counted} and ${range('r.refunded_on')}
    )
    select ${key} as key, m.currency, sum(m.invoiced)::text as invoiced, sum(m.collected)::text as collected,
           sum(m.outstanding)::text as outstanding
    from movements as m
    ${query.currency === undefined ? sql`` : sql`where m.currency = ${query.currency}`}
    group by 1, 2`.execute(deps.db);

  const labels = await labelsFor(deps, query.groupBy, result.rows);
  const rows = query.groupBy === 'month' ? everyMonth(query, result.rows) : result.rows;
  const totals = new Map<string, [bigint, bigint, bigint]>();
  for (const row of rows) {
    const sum = totals.get(row.currency) ?? [0n, 0n, 0n];
    sum[0] += BigInt(row.invoiced);
    sum[1] += BigInt(row.collected);
    sum[2] += BigInt(row.outstanding);
    totals.set(row.currency, sum);
  }
  return {
    from: query.from,
    to: query.to,
    groupBy: query.groupBy,
    timeZone: settings.time_zone,
    rows: rows
      .map((row) => ({
        key: row.key,
        label: labels.get(row.key) ?? '',
        currency: row.currency,
        invoiced: show(BigInt(row.invoiced), row.currency),
        collected: show(BigInt(row.collected), row.currency),
        outstanding: show(BigInt(row.outstanding), row.currency),
      }))
      .sort(
        (a, b) =>
          (query.groupBy === 'month' ? String(a.key).localeCompare(String(b.key)) : 0) ||
          a.label.localeCompare(b.label) ||
          a.currency.localeCompare(b.currency),
      ),
    totals: [...totals.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, [invoiced, collected, outstanding]]) => ({
        currency,
        invoiced: show(invoiced, currency),
        collected: show(collected, currency),
        outstanding: show(outstanding, currency),
      })),
  };
}

const show = (minor: bigint, currency: string) => formatMinor(minor, currencyExponent(currency));

/** Every month of the range for each currency present, zero where nothing happened (a chart's x axis). */
function everyMonth(query: RevenueQuery, rows: SumRow[]): SumRow[] {
  const found = new Map(rows.map((row) => [`${row.key}|${row.currency}`, row]));
  const currencies = [...new Set(rows.map((row) => row.currency))].sort();
  return periodsBetween(query.from, query.to, 'month').flatMap((month) =>
    currencies.map(
      (currency) =>
        found.get(`${month}|${currency}`) ?? {
          key: month,
          currency,
          invoiced: '0',
          collected: '0',
          outstanding: '0',
        },
    ),
  );
}

async function labelsFor(
  deps: ServiceDeps,
  groupBy: RevenueGrouping,
  rows: SumRow[],
): Promise<Map<string | null, string>> {
  const keys = [...new Set(rows.map((row) => row.key).filter((key): key is string => key !== null))];
  if (groupBy === 'month') return new Map(keys.map((key) => [key, key]));
  const table = groupBy === 'client' ? 'clients' : 'projects';
  const named = keys.length
    ? await deps.db.selectFrom(table).select(['id', 'name']).where('id', 'in', keys).execute()
    : [];
  return new Map<string | null, string>(named.map((row) => [row.id, row.name]));
}
