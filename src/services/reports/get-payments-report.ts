import { sql } from 'kysely';
import { currencyExponent, formatMinor } from '../../domain/currency.ts';
import { periodOf, type ReportPeriod } from '../../domain/reports/periods.ts';
import type { ServiceDeps } from '../context.ts';
import { getSettings } from '../settings/get-settings.ts';

export interface PaymentsQuery {
  from: string;
  to: string;
  period: ReportPeriod;
  currency?: string;
}

export interface PaymentsRow {
  period: string;
  currency: string;
  /** bank_transfer, cheque, cash, card or other. */
  method: string;
  /** 'offline' for payments staff recorded, else the gateway (stripe, paypal, twocheckout). */
  gateway: string;
  /** Payments received in the period. */
  count: number;
  received: string;
  /** Refunds given back in the period on payments of this method and gateway. */
  refunded: string;
  /** received − refunded. */
  net: string;
  /** Gateway fees; null: not reported (no gateway Remit talks to reports its fees yet). */
  fees: string | null;
}

export interface PaymentsReport {
  from: string;
  to: string;
  period: ReportPeriod;
  timeZone: string;
  rows: PaymentsRow[];
  totals: { currency: string; count: number; received: string; refunded: string; net: string }[];
}

interface SumRow {
  month: string;
  currency: string;
  method: string;
  gateway: string;
  count: string;
  received: string;
  refunded: string;
}

/**
 * Payments received per period, currency, method and gateway: succeeded payments that are not deleted, by the day
 * paid; refunds by the day they were given back. Pending, failed, rejected and deleted payments do not count.
 */
export async function getPaymentsReport(deps: ServiceDeps, query: PaymentsQuery): Promise<PaymentsReport> {
  if (query.currency !== undefined) currencyExponent(query.currency, 'currency');
  const settings = await getSettings(deps.db);
  const range = (column: string) => sql`${sql.ref(column)} between ${query.from}::date and ${query.to}::date`;
  const counted = sql`p.status = 'succeeded' and p.deleted_at is null`;
  const result = await sql<SumRow>`
    select to_char(m.day, 'YYYY-MM') as month, m.currency, m.method, m.gateway, sum(m.count)::text as count,
           sum(m.received)::text as received, sum(m.refunded)::text as refunded
    from (
      select p.paid_on as day, p.currency, p.method, p.provider as gateway, 1 as count, p.amount_minor as received,
             0::bigint as refunded
      from payments as p where ${counted} and ${range('p.paid_on')}
      union all
      select r.refunded_on, p.currency, p.method, p.provider, 0, 0, r.amount_minor
      from payment_refunds as r join payments as p on p.id = r.payment_id where ${counted} and ${range('r.refunded_on')}
    ) as m
    ${query.currency === undefined ? sql`` : sql`where m.currency = ${query.currency}`}
    group by 1, 2, 3, 4`.execute(deps.db);

  const sums = new Map<string, { row: Omit<SumRow, 'month'> & { period: string }; figures: bigint[] }>();
  for (const row of result.rows) {
    const period = periodOf(`${row.month}-01`, query.period);
    const key = JSON.stringify([period, row.currency, row.method, row.gateway]);
    const sum = sums.get(key) ?? { row: { ...row, period }, figures: [0n, 0n, 0n] };
    sum.figures[0]! += BigInt(row.count);
    sum.figures[1]! += BigInt(row.received);
    sum.figures[2]! += BigInt(row.refunded);
    sums.set(key, sum);
  }
  const rows = [...sums.values()].sort(
    (a, b) =>
      a.row.period.localeCompare(b.row.period) ||
      a.row.currency.localeCompare(b.row.currency) ||
      a.row.method.localeCompare(b.row.method) ||
      a.row.gateway.localeCompare(b.row.gateway),
  );
  const totals = new Map<string, bigint[]>();
  for (const { row, figures } of rows) {
    const total = totals.get(row.currency) ?? [0n, 0n, 0n];
    figures.forEach((figure, index) => {
      total[index]! += figure;
    });
    totals.set(row.currency, total);
  }
  return {
    from: query.from,
    to: query.to,
    period: query.period,
    timeZone: settings.time_zone,
    rows: rows.map(({ row, figures: [count, received, refunded] }) => ({
      period: row.period,
      currency: row.currency,
      method: row.method,
      gateway: row.gateway,
      count: Number(count),
      received: show(received!, row.currency),
      refunded: show(refunded!, row.currency),
      net: show(received! - refunded!, row.currency),
      fees: null,
    })),
    totals: [...totals.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, [count, received, refunded]]) => ({
        currency,
        count: Number(count),
        received: show(received!, currency),
        refunded: show(refunded!, currency),
        net: show(received! - refunded!, currency),
      })),
  };
}

const show = (minor: bigint, currency: string) => formatMinor(minor, currencyExponent(currency));
