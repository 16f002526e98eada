/**
 * Recurrence rules for recurring invoices. Pure: no I/O, no `Date` objects, only calendar dates ('YYYY-MM-DD').
 *
 * Every occurrence is computed from the schedule's anchor (its start date and requested day), never from the
 * previous occurrence: "monthly on the 31st" gives Jan 31, Feb 28, Mar 31 (not Mar 28), and "yearly from Feb 29"
 * gives Feb 28 in common years and Feb 29 again in leap years. Occurrences are strictly increasing, so a period date
 * identifies one period of a schedule.
 */
import { addDays, assertValidDate, daysBetween } from './dates.ts';
import { ValidationError } from './errors.ts';

export const FREQUENCIES = ['daily', 'weekly', 'monthly', 'quarterly', 'yearly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

/** Largest "every N" per frequency: generous, but keeps schedules within the supported calendar. */
export const MAX_INTERVAL: Record<Frequency, number> = {
  daily: 366,
  weekly: 104,
  monthly: 120,
  quarterly: 40,
  yearly: 10,
};

export const MAX_END_AFTER_COUNT = 10_000;

export type DayOfMonth = number | 'last';

export interface Schedule {
  frequency: Frequency;
  /** Every N days, weeks, months, quarters or years (N >= 1). */
  interval: number;
  /** Monthly and quarterly only: the day to bill on (1..31, clamped to the month's length) or its last day. */
  dayOfMonth: DayOfMonth | null;
  startDate: string;
  /** Stop after this many invoices were generated (null: no limit). */
  endAfterCount: number | null;
  /** No period after this date (null: no end date). */
  endDate: string | null;
}

export type CatchUpMode = 'all' | 'latest';

export interface ScheduleInput {
  frequency: string;
  interval?: number | null;
  dayOfMonth?: number | 'last' | null;
  startDate: string;
  endAfterCount?: number | null;
  endDate?: string | null;
}

const MAX_YEAR = 9999;

function monthIndexOf(date: string): number {
  return Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
}

function dayOf(date: string): number {
  return Number(date.slice(8, 10));
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Number of days of the month with index year*12 + month-1, through the date arithmetic of dates.ts. */
function lengthOfMonth(monthIndex: number): number {
  const year = Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  if (year >= MAX_YEAR && month === 12) return 31;
  const nextYear = Math.floor((monthIndex + 1) / 12);
  const nextMonth = ((monthIndex + 1) % 12) + 1;
  return dayOf(addDays(`${pad(nextYear, 4)}-${pad(nextMonth, 2)}-01`, -1));
}

/** The date in month `monthIndex` for a requested day: clamped to the month's length, or its last day. */
function dateInMonth(monthIndex: number, day: DayOfMonth): string | null {
  const year = Math.floor(monthIndex / 12);
  if (year < 1 || year > MAX_YEAR) return null;
  const length = lengthOfMonth(monthIndex);
  const resolved = day === 'last' ? length : Math.min(day, length);
  return `${pad(year, 4)}-${pad((monthIndex % 12) + 1, 2)}-${pad(resolved, 2)}`;
}

function monthStep(schedule: Schedule): number {
  return schedule.frequency === 'quarterly' ? 3 * schedule.interval : schedule.interval;
}

/** The day monthly and quarterly schedules bill on: the requested one, or the start date's day. */
function anchorDay(schedule: Schedule): DayOfMonth {
  return schedule.dayOfMonth ?? dayOf(schedule.startDate);
}

/** Month of the first monthly/quarterly occurrence: the start month if its billing day is not before the start. */
function firstMonthIndex(schedule: Schedule): number {
  const startMonth = monthIndexOf(schedule.startDate);
  const inStartMonth = dateInMonth(startMonth, anchorDay(schedule));
  return inStartMonth !== null && inStartMonth >= schedule.startDate ? startMonth : startMonth + 1;
}

/**
 * The `index`-th occurrence (0-based) of the schedule, ignoring its end; null beyond year 9999.
 * Strictly increasing in `index`.
 */
export function occurrenceAt(schedule: Schedule, index: number): string | null {
  try {
    switch (schedule.frequency) {
      case 'daily':
        return addDays(schedule.startDate, index * schedule.interval);
      case 'weekly':
        return addDays(schedule.startDate, index * 7 * schedule.interval);
      case 'monthly':
      case 'quarterly':
        return dateInMonth(firstMonthIndex(schedule) + index * monthStep(schedule), anchorDay(schedule));
      case 'yearly': {
        const start = monthIndexOf(schedule.startDate);
        return dateInMonth(start + index * 12 * schedule.interval, dayOf(schedule.startDate));
      }
    }
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}

/** A lower bound for the index of the first occurrence on or after `date` (exact for day-based schedules). */
function estimateIndex(schedule: Schedule, date: string): number {
  switch (schedule.frequency) {
    case 'daily':
      return Math.ceil(daysBetween(schedule.startDate, date) / schedule.interval);
    case 'weekly':
      return Math.ceil(daysBetween(schedule.startDate, date) / (7 * schedule.interval));
    case 'monthly':
    case 'quarterly':
      return Math.floor((monthIndexOf(date) - firstMonthIndex(schedule)) / monthStep(schedule)) - 1;
    case 'yearly':
      return (
        Math.floor((monthIndexOf(date) - monthIndexOf(schedule.startDate)) / (12 * schedule.interval)) - 1
      );
  }
}

function withinEndDate(schedule: Schedule, date: string | null): date is string {
  return date !== null && (schedule.endDate === null || date <= schedule.endDate);
}

/**
 * The first occurrence on or after `date` (the first one of all when `date` is null), or null when the schedule
 * ends (end date) before it. The invoice count limit is state, checked by `remainingInvoices`.
 */
export function firstOccurrenceOnOrAfter(schedule: Schedule, date: string | null): string | null {
  let index = date === null ? 0 : Math.max(0, estimateIndex(schedule, date));
  let occurrence = occurrenceAt(schedule, index);
  while (occurrence !== null && date !== null && occurrence < date) {
    index += 1;
    occurrence = occurrenceAt(schedule, index);
  }
  return withinEndDate(schedule, occurrence) ? occurrence : null;
}

/** The occurrence following `date` (which need not be an occurrence itself), or null once the schedule ends. */
export function occurrenceAfter(schedule: Schedule, date: string): string | null {
  try {
    return firstOccurrenceOnOrAfter(schedule, addDays(date, 1));
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}

/** How many more invoices the schedule allows after `generatedCount` were made (Infinity without a limit). */
export function remainingInvoices(schedule: Schedule, generatedCount: number): number {
  return schedule.endAfterCount === null
    ? Number.POSITIVE_INFINITY
    : Math.max(0, schedule.endAfterCount - generatedCount);
}

/**
 * Up to `count` upcoming period dates starting at `nextRunDate` (inclusive), within the schedule's end date and its
 * remaining number of invoices. For previews (the next 12 dates).
 */
export function upcomingDates(
  schedule: Schedule,
  nextRunDate: string | null,
  generatedCount: number,
  count = 12,
): string[] {
  const limit = Math.min(count, remainingInvoices(schedule, generatedCount));
  const dates: string[] = [];
  let next = nextRunDate === null ? null : firstOccurrenceOnOrAfter(schedule, nextRunDate);
  while (next !== null && dates.length < limit) {
    dates.push(next);
    next = occurrenceAfter(schedule, next);
  }
  return dates;
}

/**
 * The periods due on `today`: every occurrence from `nextRunDate` up to and including `today`, at most `limit`
 * of them (the invoices the schedule still allows), oldest first.
 */
export function duePeriods(
  schedule: Schedule,
  nextRunDate: string | null,
  today: string,
  limit: number,
): string[] {
  const due: string[] = [];
  let next = nextRunDate === null ? null : firstOccurrenceOnOrAfter(schedule, nextRunDate);
  while (next !== null && next <= today && due.length < limit) {
    due.push(next);
    next = occurrenceAfter(schedule, next);
  }
  return due;
}

/**
 * After downtime several periods can be due at once. `all`: each gets its invoice, with its own dates. `latest`:
 * only the most recent one does; the earlier ones are recorded as missed, so they are never generated later.
 */
export function planCatchUp(due: string[], mode: CatchUpMode): { generate: string[]; missed: string[] } {
  if (mode === 'all' || due.length <= 1) return { generate: [...due], missed: [] };
  return { generate: due.slice(-1), missed: due.slice(0, -1) };
}

function isWholeNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/**
 * Checks a schedule as entered and returns it normalised. Errors name the field: day 0 or 32, an interval below 1,
 * an end date before the start (or before the first period), an invoice count below 1 are all refused.
 */
export function validateSchedule(input: ScheduleInput): Schedule {
  if (!(FREQUENCIES as readonly string[]).includes(input.frequency)) {
    throw new ValidationError('frequency', `Frequency must be one of ${FREQUENCIES.join(', ')}`);
  }
  const frequency = input.frequency as Frequency;
  const interval = input.interval ?? 1;
  if (!isWholeNumber(interval) || interval < 1 || interval > MAX_INTERVAL[frequency]) {
    throw new ValidationError(
      'interval',
      `The interval must be a whole number from 1 to ${MAX_INTERVAL[frequency]} for ${frequency} schedules`,
    );
  }
  let dayOfMonth: DayOfMonth | null = null;
  if (input.dayOfMonth !== undefined && input.dayOfMonth !== null) {
    if (frequency !== 'monthly' && frequency !== 'quarterly') {
      throw new ValidationError(
        'dayOfMonth',
        'A day of the month applies to monthly and quarterly schedules only',
      );
    }
    if (
      input.dayOfMonth !== 'last' &&
      (!isWholeNumber(input.dayOfMonth) || input.dayOfMonth < 1 || input.dayOfMonth > 31)
    ) {
      throw new ValidationError('dayOfMonth', 'The day of the month must be from 1 to 31, or "last"');
    }
    dayOfMonth = input.dayOfMonth;
  }
  const startDate = assertValidDate(input.startDate, 'startDate');
  const endAfterCount = input.endAfterCount ?? null;
  const endDate = input.endDate ?? null;
  if (endAfterCount !== null && endDate !== null) {
    throw new ValidationError('endDate', 'Choose an end date or a number of invoices, not both');
  }
  if (
    endAfterCount !== null &&
    (!isWholeNumber(endAfterCount) || endAfterCount < 1 || endAfterCount > MAX_END_AFTER_COUNT)
  ) {
    throw new ValidationError(
      'endAfterCount',
      `The number of invoices must be a whole number from 1 to ${MAX_END_AFTER_COUNT}`,
    );
  }
  const schedule: Schedule = { frequency, interval, dayOfMonth, startDate, endAfterCount, endDate };
  if (endDate !== null) {
    assertValidDate(endDate, 'endDate');
    if (endDate < startDate)
      throw new ValidationError('endDate', 'The end date cannot be before the start date');
    if (firstOccurrenceOnOrAfter(schedule, null) === null) {
      const first = firstOccurrenceOnOrAfter({ ...schedule, endDate: null }, null);
      throw new ValidationError(
        'endDate',
        `The schedule ends before its first invoice date${first ? ` (${first})` : ''}`,
      );
    }
  } else if (firstOccurrenceOnOrAfter(schedule, null) === null) {
    throw new ValidationError('startDate', 'The schedule has no date before the year 9999');
  }
  return schedule;
}

function laterOf(a: string, b: string | null): string {
  return b !== null && b > a ? b : a;
}

/**
 * The next period to handle after staff edited a schedule. Edits apply to future invoices only: when the anchor
 * (frequency, interval, day, start) changed, or a finished schedule was extended, the new schedule starts from today
 * and after the last handled period, so no period before the edit is generated. Otherwise the pending next date
 * stays, unless the new end now excludes it.
 */
export function nextRunAfterEdit(input: {
  schedule: Schedule;
  anchorChanged: boolean;
  currentNext: string | null;
  lastHandled: string | null;
  today: string;
  generatedCount: number;
}): string | null {
  const { schedule } = input;
  if (remainingInvoices(schedule, input.generatedCount) === 0) return null;
  if (input.anchorChanged || input.currentNext === null) {
    const from =
      input.lastHandled === null ? input.today : laterOf(input.today, addDays(input.lastHandled, 1));
    return firstOccurrenceOnOrAfter(schedule, from);
  }
  return firstOccurrenceOnOrAfter(schedule, input.currentNext);
}

/**
 * The next period after a pause: periods that fell due while paused are not billed; billing resumes with the first
 * period on or after today (or the pending one, if it is still ahead).
 */
export function nextRunAfterResume(
  schedule: Schedule,
  currentNext: string | null,
  today: string,
): string | null {
  return firstOccurrenceOnOrAfter(schedule, laterOf(today, currentNext));
}

/**
 * What one run does for a profile due on `today`: the due periods (in "latest" mode the skipped-over periods do not
 * use up the invoice count, so all of them), split by the catch-up mode into those to generate and those missed.
 */
export function planRun(
  schedule: Schedule,
  nextRunDate: string,
  generatedCount: number,
  today: string,
  mode: CatchUpMode,
): { due: string[]; generate: string[]; missed: string[] } {
  const limit = mode === 'all' ? remainingInvoices(schedule, generatedCount) : Number.POSITIVE_INFINITY;
  const due = duePeriods(schedule, nextRunDate, today, limit);
  return { due, ...planCatchUp(due, mode) };
}

/**
 * The next period to handle after a run that handled `due` and brought the count to `generatedCount`: the one after
 * the last due period, or null (finished) once the count or the end date is reached.
 */
export function nextRunAfterRun(
  schedule: Schedule,
  nextRunDate: string,
  due: string[],
  generatedCount: number,
): string | null {
  if (remainingInvoices(schedule, generatedCount) === 0) return null;
  const lastDue = due.at(-1);
  return lastDue ? occurrenceAfter(schedule, lastDue) : firstOccurrenceOnOrAfter(schedule, nextRunDate);
}
