import { sql } from 'kysely';
import type { Trx } from '../../db/client.ts';
import { currencyExponent, formatMinor } from '../../domain/currency.ts';
import {
  amountsByMonth,
  firstDayOfMonth,
  firstDayOfNextMonth,
  type MonthAmount,
  trailingMonths,
} from '../../domain/dashboard-months.ts';
import { todayIn } from '../../domain/dates.ts';
import { OPEN_STATUSES } from '../../domain/invoice-status.ts';
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
 * The dashboard's figures, per currency, added up by the database from the stored totals and the amount paid
 * cache (kept in the same transaction as the payments). Overdue is derived as everywhere else: an open invoice
 * with a balance whose due date is before the organisation's today. Money received counts by the day it moved:
 * a payment in the month it was paid, a refund (negative) in the month it was given back, so a month's figure is
 * what really came in that month; deleted and unsettled (pending, failed) payments do not count.
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

  // One snapshot for the three sums, so a payment landing meanwhile cannot show in one figure and not another.
  const [standing, credit, invoiced, received] = await deps.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(
      async (trx) =>
        [
          await sumStanding(trx, today, currency),
          await sumCredit(trx, currency),
          await sumInvoicedByMonth(trx, from, until, currency),
          await sumReceivedByMonth(trx, from, until, currency),
        ] as const,
    );

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
  for (const row of standing) {
    const totals = totalsOf(row.currency);
    totals.outstanding = BigInt(row.outstanding);
    totals.outstandingCount = Number(row.outstanding_count);
    totals.overdue = BigInt(row.overdue);
    totals.overdueCount = Number(row.overdue_count);
    totals.draftCount = Number(row.draft_count);
  }
  for (const row of credit) {
    const totals = totalsOf(row.currency);
    totals.credit = BigInt(row.credit);
    totals.creditCount = Number(row.credit_count);
  }
  for (const row of invoiced)
    totalsOf(row.currency).invoiced.push({ month: row.month, amount: BigInt(row.amount) });
  for (const row of received)
    totalsOf(row.currency).received.push({ month: row.month, amount: BigInt(row.amount) });
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

const balance = sql<bigint>`invoices.total_minor - invoices.amount_paid_minor - invoices.amount_credited_minor`;
/** Issued, not paid in full, not void: the same test as the lists' (services/invoices/status-filter.ts). */
const isOpen = sql<boolean>`invoices.status in (${sql.join(OPEN_STATUSES)}) and ${balance} > 0`;

/** Outstanding, overdue and draft figures per currency, from the stored totals and amount paid cache. */
function sumStanding(trx: Trx, today: string, currency: string | undefined) {
  const isOverdue = sql<boolean>`${isOpen} and invoices.due_date < ${today}`;
  return trx
    .selectFrom('invoices')
    .select([
      'invoices.currency',
      sql<string>`count(*) filter (where invoices.status = 'draft')`.as('draft_count'),
      sql<string>`count(*) filter (where ${isOpen})`.as('outstanding_count'),
      sql<string>`coalesce(sum(${balance}) filter (where ${isOpen}), 0)::text`.as('outstanding'),
      sql<string>`count(*) filter (where ${isOverdue})`.as('overdue_count'),
      sql<string>`coalesce(sum(${balance}) filter (where ${isOverdue}), 0)::text`.as('overdue'),
    ])
    .where('invoices.status', '!=', 'void')
    .$if(currency !== undefined, (query) => query.where('invoices.currency', '=', currency!))
    .groupBy('invoices.currency')
    .execute();
}

/** Unused client credit per currency: issued credit notes less what was applied or refunded. */
function sumCredit(trx: Trx, currency: string | undefined) {
  const left = sql<bigint>`credit_notes.total_minor - credit_notes.amount_applied_minor - credit_notes.amount_refunded_minor`;
  return trx
    .selectFrom('credit_notes')
    .select([
      'credit_notes.currency',
      sql<string>`count(*)`.as('credit_count'),
      sql<string>`sum(${left})::text`.as('credit'),
    ])
    .where('credit_notes.status', '=', 'issued')
    .where(left, '>', 0n)
    .$if(currency !== undefined, (query) => query.where('credit_notes.currency', '=', currency!))
    .groupBy('credit_notes.currency')
    .execute();
}

/**
 * Invoiced per currency and month, issue dates in [from, until): totals of issued, non-void invoices less the
 * credit notes issued that month (a credit note corrects what was invoiced).
 */
function sumInvoicedByMonth(trx: Trx, from: string, until: string, currency: string | undefined) {
  const invoices = trx
    .selectFrom('invoices')
    .select(['invoices.currency', 'invoices.issue_date as day', 'invoices.total_minor as amount'])
    .where('invoices.status', 'not in', ['draft', 'void'])
    .where('invoices.issue_date', '>=', from)
    .where('invoices.issue_date', '<', until)
    .$if(currency !== undefined, (query) => query.where('invoices.currency', '=', currency!));
  const creditNotes = trx
    .selectFrom('credit_notes')
    .select([
      'credit_notes.currency',
      'credit_notes.issue_date as day',
      sql<bigint>`-credit_notes.total_minor`.as('amount'),
    ])
    .where('credit_notes.status', '=', 'issued')
    .where('credit_notes.issue_date', '>=', from)
    .where('credit_notes.issue_date', '<', until)
    .$if(currency !== undefined, (query) => query.where('credit_notes.currency', '=', currency!));
  return trx
    .selectFrom(invoices.unionAll(creditNotes).as('documents'))
    .select([
      'documents.currency',
      sql<string>`to_char(documents.day, 'YYYY-MM')`.as('month'),
      sql<string>`sum(documents.amount)::text`.as('amount'),
    ])
    .groupBy(['documents.currency', 'month'])
    .execute();
}

/**
 * Money in per currency and month, days in [from, until): settled, non-deleted payments on the day they were paid,
 * less their refunds on the day each was given back.
 */
function sumReceivedByMonth(trx: Trx, from: string, until: string, currency: string | undefined) {
  const payments = trx
    .selectFrom('payments')
    .select(['payments.currency', 'payments.paid_on as day', 'payments.amount_minor as amount'])
    .where('payments.status', '=', 'succeeded')
    .where('payments.deleted_at', 'is', null)
    .where('payments.paid_on', '>=', from)
    .where('payments.paid_on', '<', until)
    .$if(currency !== undefined, (query) => query.where('payments.currency', '=', currency!));
  const refunds = trx
    .selectFrom('payment_refunds')
    .innerJoin('payments', 'payments.id', 'payment_refunds.payment_id')
    .select([
      'payments.currency',
      'payment_refunds.refunded_on as day',
      sql<bigint>`-payment_refunds.amount_minor`.as('amount'),
    ])
    .where('payments.status', '=', 'succeeded')
    .where('payments.deleted_at', 'is', null)
    .where('payment_refunds.refunded_on', '>=', from)
    .where('payment_refunds.refunded_on', '<', until)
    .$if(currency !== undefined, (query) => query.where('payments.currency', '=', currency!));
  return trx
    .selectFrom(payments.unionAll(refunds).as('movements'))
    .select([
      'movements.currency',
      sql<string>`to_char(movements.day, 'YYYY-MM')`.as('month'),
      sql<string>`sum(movements.amount)::text`.as('amount'),
    ])
    .groupBy(['movements.currency', 'month'])
    .execute();
}
