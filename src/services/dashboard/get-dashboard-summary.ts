import { sql } from 'kysely';
import type { Db } from '../../db/client.ts';
import { currencyExponent, formatMinor } from '../../domain/currency.ts';
import {
  amountsByMonth,
  firstDayOfMonth,
  firstDayOfNextMonth,
  type MonthAmount,
  trailingMonths,
} from '../../domain/dashboard-months.ts';
import { todayIn } from '../../domain/dates.ts';
import type { ServiceDeps } from '../context.ts';
import { getSettings } from '../settings/get-settings.ts';

/** How many months the series covers, the current one included. */
export const DASHBOARD_MONTHS = 12;

export interface AmountAndCount {
  /** Major units, e.g. "1234.50". */
  amount: string;
  count: number;
}

export interface DashboardMonth {
  /** YYYY-MM, in the organisation's calendar. */
  month: string;
  /** Totals of the invoices issued that month (sent or later, not void) less the credit notes issued that month. */
  invoiced: string;
  /** Payments received that month less refunds given back that month. */
  received: string;
}

/** The figures of one currency; amounts of different currencies are never added together. */
export interface CurrencyFigures {
  currency: string;
  /** Balance due of issued, unpaid, non-void invoices. */
  outstanding: AmountAndCount;
  /** The part of `outstanding` past its due date in the organisation's time zone. */
  overdue: AmountAndCount;
  /** Client credit not yet used: issued credit notes less what was applied to invoices or refunded. */
  credit: AmountAndCount;
  /** Money received this calendar month, net of refunds (the last entry of `months`). */
  paidThisMonth: string;
  draftCount: number;
  /** The last 12 months, oldest first, the current month last. */
  months: DashboardMonth[];
}

export interface DashboardSummary {
  /** The organisation's date the figures are computed for. */
  today: string;
  timeZone: string;
  defaultCurrency: string;
  /** The default currency first (always present, even with nothing in it), then the others by code. */
  currencies: CurrencyFigures[];
}

export interface DashboardFilter {
  /** Only this currency (ISO 4217 code). */
  currency?: string;
}

interface CurrencyTotals {
  outstanding: bigint;
  outstandingCount: number;
  overdue: bigint;
  overdueCount: number;
  credit: bigint;
  creditCount: number;
  draftCount: number;
  invoiced: MonthAmount[];
  received: MonthAmount[];
}

function emptyTotals(): CurrencyTotals {
  return {
    outstanding: 0n,
    outstandingCount: 0,
    overdue: 0n,
    overdueCount: 0,
    credit: 0n,
    creditCount: 0,
    draftCount: 0,
    invoiced: [],
    received: [],
  };
}

/**
 * The dashboard's figures, per currency, read from dashboard_figures (migration 025): amounts that triggers keep in
 * the same transactions as the invoices, payments, refunds and credit notes they come from, so they are exact to
 * the minor unit and cost a few hundred rows to read however many documents there are. One statement reads them
 * all, so every figure comes from one snapshot.
 *
 * Open balances are kept by due date: overdue is the part due before the organisation's today, worked out here, so
 * it is never stale. Months are the documents' own dates (issue date, day paid, day refunded): the time zone only
 * decides which month is the current one. A payment counts in the month it was paid, a refund (negative) in the
 * month it was given back; deleted and unsettled (pending, failed) payments do not count.
 */
export async function getDashboardSummary(
  deps: ServiceDeps,
  filter: DashboardFilter = {},
): Promise<DashboardSummary> {
  if (filter.currency !== undefined) currencyExponent(filter.currency, 'currency');
  const settings = await getSettings(deps.db);
  const today = todayIn(settings.time_zone, deps.clock.now());
  const months = trailingMonths(today, DASHBOARD_MONTHS);
  const from = firstDayOfMonth(months[0]!);
  const until = firstDayOfNextMonth(months[months.length - 1]!);
  const currency = filter.currency;

  const byCurrency = new Map<string, CurrencyTotals>();
  const totalsOf = (code: string) => {
    let totals = byCurrency.get(code);
    if (!totals) {
      totals = emptyTotals();
      byCurrency.set(code, totals);
    }
    return totals;
  };
  if (currency === undefined || currency === settings.default_currency) totalsOf(settings.default_currency);
  for (const row of await readFigures(deps.db, today, from, until, currency)) {
    const totals = totalsOf(row.currency);
    const amount = BigInt(row.amount);
    switch (row.figure) {
      case 'open':
        totals.outstanding = amount;
        totals.outstandingCount = Number(row.count);
        totals.overdue = BigInt(row.overdue);
        totals.overdueCount = Number(row.overdue_count);
        break;
      case 'draft':
        totals.draftCount = Number(row.count);
        break;
      case 'credit':
        totals.credit = amount;
        totals.creditCount = Number(row.count);
        break;
      case 'invoiced':
      case 'received':
        if (row.month !== null) totals[row.figure].push({ month: row.month, amount });
        break;
    }
  }
  if (currency !== undefined && byCurrency.size === 0) totalsOf(currency);

  const codes = [...byCurrency.keys()].sort((a, b) =>
    a === settings.default_currency ? -1 : b === settings.default_currency ? 1 : a.localeCompare(b),
  );
  return {
    today,
    timeZone: settings.time_zone,
    defaultCurrency: settings.default_currency,
    currencies: codes.map((code) => currencyFigures(code, byCurrency.get(code)!, months)),
  };
}

function currencyFigures(code: string, totals: CurrencyTotals, months: string[]): CurrencyFigures {
  const exponent = currencyExponent(code);
  const show = (minor: bigint) => formatMinor(minor, exponent);
  const invoiced = amountsByMonth(months, totals.invoiced);
  const received = amountsByMonth(months, totals.received);
  return {
    currency: code,
    outstanding: { amount: show(totals.outstanding), count: totals.outstandingCount },
    overdue: { amount: show(totals.overdue), count: totals.overdueCount },
    credit: { amount: show(totals.credit), count: totals.creditCount },
    paidThisMonth: show(received[received.length - 1]!),
    draftCount: totals.draftCount,
    months: months.map((month, index) => ({
      month,
      invoiced: show(invoiced[index]!),
      received: show(received[index]!),
    })),
  };
}

/**
 * Sums per currency and figure; monthly figures per month in [from, until), the months before and after in one
 * row without a month (it only tells that the currency is in use). Sums of nothing are left out, so whether a
 * currency shows does not depend on how the rows were last folded together.
 */
function readFigures(db: Db, today: string, from: string, until: string, currency: string | undefined) {
  const inSeries = sql<boolean>`figure in ('invoiced', 'received') and day >= ${from}::date and day < ${until}::date`;
  const isOverdue = sql<boolean>`figure = 'open' and day < ${today}::date`;
  return db
    .selectFrom('dashboard_figures')
    .select([
      'currency',
      'figure',
      sql<string | null>`case when ${inSeries} then to_char(day, 'YYYY-MM') end`.as('month'),
      sql<string>`sum(amount_minor)::text`.as('amount'),
      sql<string>`sum(count)::text`.as('count'),
      sql<string>`coalesce(sum(amount_minor) filter (where ${isOverdue}), 0)::text`.as('overdue'),
      sql<string>`coalesce(sum(count) filter (where ${isOverdue}), 0)::text`.as('overdue_count'),
    ])
    .$if(currency !== undefined, (query) => query.where('currency', '=', currency!))
    .groupBy(['currency', 'figure', 'month'])
    .having((eb) => eb.or([eb(sql`sum(amount_minor)`, '<>', 0), eb(sql`sum(count)`, '<>', 0)]))
    .execute();
}
