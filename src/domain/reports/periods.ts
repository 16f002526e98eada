/**
 * Report periods: calendar months, quarters and years of the organisation's own dates (issue dates, days paid are
 * already calendar days in its time zone). Pure: no I/O, no host time zone.
 */
import { daysBetween, isValidDate } from '../dates.ts';

export const REPORT_PERIODS = ['month', 'quarter', 'year'] as const;
export type ReportPeriod = (typeof REPORT_PERIODS)[number];

/** The longest range a report answers: ten years and a few leap days. */
export const MAX_REPORT_DAYS = 3660;

/** The period a date falls in: '2026-11-30' -> '2026-11' (month), '2026-Q4' (quarter), '2026' (year). */
export function periodOf(date: string, period: ReportPeriod): string {
  if (!isValidDate(date)) throw new RangeError(`Invalid date ${JSON.stringify(date)}: expected YYYY-MM-DD`);
  const year = date.slice(0, 4);
  if (period === 'year') return year;
  if (period === 'month') return date.slice(0, 7);
  return `${year}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
}

/** Every period from the one holding `from` to the one holding `to`, in order. */
export function periodsBetween(from: string, to: string, period: ReportPeriod): string[] {
  const first = periodOf(from, period);
  const last = periodOf(to, period);
  const periods: string[] = [];
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  for (;;) {
    const key = periodOf(`${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`, period);
    if (periods[periods.length - 1] !== key) periods.push(key);
    if (key === last || periods.length > MAX_REPORT_DAYS) break;
    month += 1;
    if (month === 13) {
      month = 1;
      year += 1;
    }
  }
  if (periods[0] !== first) throw new RangeError('periodsBetween: from is after to');
  return periods;
}

/** Why a date range cannot be reported, or null when it can: `to` before `from`, or longer than the limit. */
export function rangeProblem(from: string, to: string): string | null {
  if (!isValidDate(from) || !isValidDate(to)) return null;
  const days = daysBetween(from, to);
  if (days < 0) return '"to" must be on or after "from"';
  if (days > MAX_REPORT_DAYS) return `The range may cover at most ${MAX_REPORT_DAYS} days (ten years)`;
  return null;
}
