import { sql } from 'kysely';
import { currencyExponent, formatMinor } from '../../domain/currency.ts';
import { addDays, todayIn } from '../../domain/dates.ts';
import {
  AGING_BUCKETS,
  type AgingBucket,
  agingBucket,
  type BucketAmounts,
  daysPastDue,
  foldAging,
} from '../../domain/reports/aging.ts';
import type { ServiceDeps } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { getSettings } from '../settings/get-settings.ts';

export interface AgingQuery {
  /** Default: the organisation's today. */
  asOf?: string;
  currency?: string;
  /** Drill down: this client's open invoices too. */
  clientId?: string;
}

export type BucketView = Record<AgingBucket, string>;

export interface AgingClientRow {
  clientId: string;
  clientName: string;
  currency: string;
  buckets: BucketView;
  total: string;
  invoiceCount: number;
}

export interface AgingInvoiceRow {
  id: string;
  number: string | null;
  clientId: string;
  currency: string;
  issueDate: string;
  dueDate: string;
  daysPastDue: number;
  bucket: AgingBucket;
  balance: string;
}

export interface AgingReport {
  asOf: string;
  timeZone: string;
  buckets: AgingBucket[];
  clients: AgingClientRow[];
  totals: { currency: string; buckets: BucketView; total: string; invoiceCount: number }[];
  /** Only with clientId (then every figure is that client's): its open invoices, oldest due first. */
  invoices?: AgingInvoiceRow[];
}

/** An open invoice (drill-down), or the open invoices of a client, currency and bucket (their earliest due date). */
interface BalanceRow {
  id: string;
  number: string | null;
  client_id: string;
  client_name: string;
  currency: string;
  issue_date: string;
  due_date: string;
  balance: string;
  invoice_count: number;
}

/**
 * Open balances per client and currency in buckets of days past due, as of a date. The balance as of that date is
 * the invoice's balance now with what happened after it taken back out: payments made after it added back, their
 * refunds after it taken away, credit applied after it added back. Only invoices that could have been open then are
 * read: those open now (an index-only scan of a partial index, migration 038), those with a movement after the date,
 * and those voided after it (they were owed on the day: statements show them until their void entry). Invoices
 * issued after the date, drafts and balances of nothing or less are left out.
 */
export async function getAgingReport(deps: ServiceDeps, query: AgingQuery): Promise<AgingReport> {
  if (query.currency !== undefined) currencyExponent(query.currency, 'currency');
  const settings = await getSettings(deps.db);
  const asOf = query.asOf ?? todayIn(settings.time_zone, deps.clock.now());
  if (query.clientId !== undefined) {
    const client = await deps.db
      .selectFrom('clients')
      .select('id')
      .where('id', '=', query.clientId)
      .executeTakeFirst();
    if (!client) throw new NotFoundError('Client');
  }
  // The first instant after the day, in the organisation's time zone: credit applied from then on came later.
  const dayEnd = sql`(${addDays(asOf, 1)}::date)::timestamp at time zone ${settings.time_zone}`;
  const counted = sql`p.status = 'succeeded' and p.deleted_at is null`;
  // The whole report sums in PostgreSQL per client, currency and bucket (a million invoices can have hundreds of
  // thousands open); a client's drill-down lists its invoices.
  const drillDown = query.clientId !== undefined;
  const balanceColumns = sql`i.id, i.number, i.client_id, i.currency, i.issue_date, i.due_date,
    i.total_minor - i.amount_paid_minor - i.amount_credited_minor as balance`;
  const result = await sql<BalanceRow>`
    with later as (
      select p.invoice_id as id, p.amount_minor as amount from payments as p
      where ${counted} and p.paid_on > ${asOf}::date
      union all
      select p.invoice_id, -r.amount_minor from payment_refunds as r join payments as p on p.id = r.payment_id
      where ${counted} and r.refunded_on > ${asOf}::date
      union all
      select a.invoice_id, a.amount_minor from credit_allocations as a where a.created_at >= ${dayEnd}
    ), later_sums as (
      select id, sum(amount) as amount from later group by id
    ), balances as (
      -- Three disjoint sets: open now (read from the partial index alone), not open now but moved after the day,
      -- voided after the day without such a movement.
      select ${balanceColumns} from invoices as i where i.status in ('sent', 'viewed', 'partially_paid')
      union all
      select ${balanceColumns} from invoices as i
      where i.id in (select id from later_sums) and i.status not in ('draft', 'sent', 'viewed', 'partially_paid')
      union all
      select ${balanceColumns} from invoices as i
      where i.status = 'void' and i.voided_at >= ${dayEnd} and i.id not in (select id from later_sums)
    )
    select ${
      drillDown
        ? sql`b.id, b.number, b.client_id, c.name as client_name, b.currency, b.issue_date, b.due_date,
           (b.balance + coalesce(l.amount, 0))::text as balance, 1 as invoice_count`
        : sql`b.client_id, c.name as client_name, b.currency, min(b.due_date) as due_date,
           sum(b.balance + coalesce(l.amount, 0))::text as balance, count(*)::int as invoice_count`
    }
    from balances as b
    join clients as c on c.id = b.client_id
    left join later_sums as l on l.id = b.id
    where b.number is not null and b.issue_date <= ${asOf}::date and b.balance + coalesce(l.amount, 0) > 0
      ${query.currency === undefined ? sql`` : sql`and b.currency = ${query.currency}`}
      ${drillDown ? sql`and b.client_id = ${query.clientId}` : sql``}
    ${drillDown ? sql`order by b.due_date, b.number` : sql`group by b.client_id, c.name, b.currency, ${bucketOf(asOf)}`}`.execute(
    deps.db,
  );

  const names = new Map(result.rows.map((row) => [row.client_id, row.client_name]));
  const folded = foldAging(
    result.rows.map((row) => ({
      clientId: row.client_id,
      currency: row.currency,
      dueDate: row.due_date,
      balanceMinor: BigInt(row.balance),
      invoiceCount: row.invoice_count,
    })),
    asOf,
  );
  const clients = folded.rows
    .map((row) => ({
      clientId: row.clientId,
      clientName: names.get(row.clientId) ?? '',
      currency: row.currency,
      buckets: bucketView(row.buckets, row.currency),
      total: show(row.total, row.currency),
      invoiceCount: row.invoiceCount,
    }))
    .sort((a, b) => a.clientName.localeCompare(b.clientName) || a.currency.localeCompare(b.currency));
  const report: AgingReport = {
    asOf,
    timeZone: settings.time_zone,
    buckets: [...AGING_BUCKETS],
    clients,
    totals: folded.totals.map((total) => ({
      currency: total.currency,
      buckets: bucketView(total.buckets, total.currency),
      total: show(total.total, total.currency),
      invoiceCount: total.invoiceCount,
    })),
  };
  if (query.clientId !== undefined) {
    report.invoices = result.rows.map((row) => {
      const days = daysPastDue(row.due_date, asOf);
      return {
        id: row.id,
        number: row.number,
        clientId: row.client_id,
        currency: row.currency,
        issueDate: row.issue_date,
        dueDate: row.due_date,
        daysPastDue: Math.max(0, days),
        bucket: agingBucket(days),
        balance: show(BigInt(row.balance), row.currency),
      };
    });
  }
  return report;
}

/**
 * The bucket of a due date as of `asOf`, as domain/reports/aging.ts draws them (days past due: 0 or less, up to 30,
 * 60, 90, more); a group's earliest due date then falls in the group's bucket.
 */
const bucketOf = (asOf: string) => sql`case when b.due_date >= ${asOf}::date then 0
  when b.due_date >= ${asOf}::date - 30 then 1 when b.due_date >= ${asOf}::date - 60 then 2
  when b.due_date >= ${asOf}::date - 90 then 3 else 4 end`;

const show = (minor: bigint, currency: string) => formatMinor(minor, currencyExponent(currency));

function bucketView(buckets: BucketAmounts, currency: string): BucketView {
  return Object.fromEntries(
    AGING_BUCKETS.map((bucket) => [bucket, show(buckets[bucket], currency)]),
  ) as BucketView;
}
