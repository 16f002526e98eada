/**
 * Calendar months for the dashboard's figures. A month is a `YYYY-MM` string; which month it is "now" depends on
 * the organisation's time zone, so callers pass the organisation's `today` (see `todayIn`), never a `Date`.
 * Pure: no I/O, no host time zone.
 */
import { isValidDate } from './dates.ts';

/** The month of a calendar date: '2026-11-30' -> '2026-11'. */
export function monthOf(date: string): string {
  if (!isValidDate(date)) throw new RangeError(`Invalid date ${JSON.stringify(date)}: expected YYYY-MM-DD`);
  return date.slice(0, 7);
}

function splitMonth(month: string): [year: number, month: number] {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  const year = Number(match?.[1]);
  const number = Number(match?.[2]);
  if (!match || year < 1 || number < 1 || number > 12) {
    throw new RangeError(`Invalid month ${JSON.stringify(month)}: expected YYYY-MM`);
  }
  return [year, number];
}

function formatMonth(year: number, month: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/**
 * The `count` months ending with the month of `today`, oldest first:
 * trailingMonths('2026-01-15', 3) -> ['2025-11', '2025-12', '2026-01'].
 */
export function trailingMonths(today: string, count = 12): string[] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`Invalid month count ${count}`);
  const [year, month] = splitMonth(monthOf(today));
  // Months since year 0, so stepping back crosses year boundaries with plain arithmetic.
  const last = year * 12 + (month - 1);
  const months: string[] = [];
  for (let index = last - count + 1; index <= last; index++) {
    const y = Math.floor(index / 12);
    if (y < 1) throw new RangeError(`${count} months before ${today} is before year 0001`);
    months.push(formatMonth(y, (index % 12) + 1));
  }
  return months;
}

/** The first calendar day of a month: '2026-02' -> '2026-02-01'. */
export function firstDayOfMonth(month: string): string {
  const [year, number] = splitMonth(month);
  return `${formatMonth(year, number)}-01`;
}

/** The first day of the month after `month`: '2026-12' -> '2027-01-01' (an exclusive upper bound). */
export function firstDayOfNextMonth(month: string): string {
  const [year, number] = splitMonth(month);
  return number === 12 ? `${formatMonth(year + 1, 1)}-01` : `${formatMonth(year, number + 1)}-01`;
}

/** An amount in minor units attributed to one month (one row of a grouped sum). */
export interface MonthAmount {
  month: string;
  amount: bigint;
}

/**
 * Spreads grouped sums over `months`: one amount per month, in the order given, 0 where no row names the month.
 * Rows for months outside the list are ignored; several rows for one month add up.
 */
export function amountsByMonth(months: readonly string[], rows: readonly MonthAmount[]): bigint[] {
  const index = new Map(months.map((month, position) => [month, position]));
  const amounts = months.map(() => 0n);
  for (const row of rows) {
    const position = index.get(row.month);
    if (position !== undefined) amounts[position]! += row.amount;
  }
  return amounts;
}
