/**
 * Calendar dates as ISO `YYYY-MM-DD` strings.
 *
 * Invoices deal in calendar days (issue date, due date), not instants. A calendar day is meaningful only in a time
 * zone, so "today" is always asked for in the organisation's zone (`todayIn`). Date arithmetic is done on day
 * numbers (days since 1970-01-01 in the proleptic Gregorian calendar), never on `Date` objects, so it cannot be
 * shifted by the host's time zone or a daylight-saving change. Pure: runs in Node and in the browser.
 *
 * Supported range: years 0001 to 9999 (the strings stay fixed width, so they sort and compare as text).
 */
import { ValidationError } from './errors.ts';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

const MIN_YEAR = 1;
const MAX_YEAR = 9999;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Splits a date string into numbers, or returns null when it is not a real calendar day in range. */
function parts(s: string): [year: number, month: number, day: number] | null {
  if (typeof s !== 'string') return null;
  const m = DATE_RE.exec(s);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < MIN_YEAR || month < 1 || month > 12 || day < 1) return null;
  if (day > daysInMonth(year, month)) return null;
  return [year, month, day];
}

function requireParts(s: string, what = 'date'): [number, number, number] {
  const p = parts(s);
  if (!p)
    throw new RangeError(`Invalid ${what} ${JSON.stringify(s)}: expected a real calendar day as YYYY-MM-DD`);
  return p;
}

/** Days since 1970-01-01 (H. Hinnant's `days_from_civil`, exact for the whole proleptic Gregorian calendar). */
function toDayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Inverse of `toDayNumber` (H. Hinnant's `civil_from_days`). */
function fromDayNumber(n: number): [number, number, number] {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return [year, month, day];
}

function format(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Strict `YYYY-MM-DD` naming a real calendar day (2026-02-29 is false, 2028-02-29 is true), years 0001-9999. */
export function isValidDate(s: string): boolean {
  return parts(s) !== null;
}

/**
 * Throws a ValidationError naming `field` unless `s` is a valid date; returns it typed as a string otherwise.
 * Use at the edge where user input becomes a date.
 */
export function assertValidDate(s: unknown, field: string): string {
  if (typeof s !== 'string' || !isValidDate(s)) {
    throw new ValidationError(field, 'Must be a calendar date in the form YYYY-MM-DD');
  }
  return s;
}

/** `date` plus `days` calendar days (negative goes back). Throws RangeError on bad input or leaving 0001-9999. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = requireParts(date);
  if (!Number.isSafeInteger(days)) throw new RangeError(`Invalid day count ${days}: expected an integer`);
  const [ry, rm, rd] = fromDayNumber(toDayNumber(y, m, d) + days);
  if (ry < MIN_YEAR || ry > MAX_YEAR)
    throw new RangeError(`${date} plus ${days} days is outside years 0001-9999`);
  return format(ry, rm, rd);
}

/** Number of calendar days from `a` to `b` (positive when `b` is later). */
export function daysBetween(a: string, b: string): number {
  return toDayNumber(...requireParts(b)) - toDayNumber(...requireParts(a));
}

/** -1, 0 or 1, for sorting. Both arguments must be valid dates (throws RangeError otherwise). */
export function compareDates(a: string, b: string): number {
  requireParts(a);
  requireParts(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

// Creating an Intl.DateTimeFormat is comparatively slow; there are only a few hundred zones, so cache per zone.
// Bounded, since zone names match case-insensitively and could otherwise be spelled in unboundedly many ways.
const formatters = new Map<string, Intl.DateTimeFormat>();
const MAX_CACHED_FORMATTERS = 1000;

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    if (formatters.size >= MAX_CACHED_FORMATTERS) formatters.clear();
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * Whether `tz` is an IANA time zone name known to this runtime ("Europe/Paris", "UTC"). Names are matched
 * case-insensitively, as Intl does; store `canonicalTimeZone(tz)`. Offset strings such as "+01:00" are rejected
 * (newer runtimes accept them, older ones do not, and they carry no daylight-saving rules).
 */
export function isValidTimeZone(tz: string): boolean {
  if (typeof tz !== 'string' || tz.length === 0 || tz.length > 64) return false;
  if (/^[+\-\u2212]/.test(tz)) return false;
  try {
    formatterFor(tz);
    return true;
  } catch {
    return false;
  }
}

/** The runtime's canonical spelling of a valid zone ("europe/paris" -> "Europe/Paris"); ValidationError otherwise. */
export function canonicalTimeZone(tz: string, field = 'timeZone'): string {
  if (!isValidTimeZone(tz)) throw new ValidationError(field, `Unknown time zone ${JSON.stringify(tz)}`);
  return formatterFor(tz).resolvedOptions().timeZone;
}

/** The last answer of todayIn: a batch asks the same zone about the same instant once per invoice. */
let lastToday = { timeZone: '', instant: Number.NaN, date: '' };

/** The calendar date at instant `now` in `timeZone`. ValidationError (field `timeZone`) for an unknown zone. */
export function todayIn(timeZone: string, now: Date): string {
  if (now instanceof Date && now.getTime() === lastToday.instant && timeZone === lastToday.timeZone) {
    return lastToday.date;
  }
  if (!isValidTimeZone(timeZone)) {
    throw new ValidationError('timeZone', `Unknown time zone ${JSON.stringify(timeZone)}`);
  }
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new RangeError('Invalid instant');
  let year = '';
  let month = '';
  let day = '';
  for (const p of formatterFor(timeZone).formatToParts(now)) {
    if (p.type === 'year') year = p.value;
    else if (p.type === 'month') month = p.value;
    else if (p.type === 'day') day = p.value;
  }
  const result = `${year.padStart(4, '0')}-${month}-${day}`;
  if (!isValidDate(result)) throw new RangeError(`Instant ${now.toISOString()} is outside years 0001-9999`);
  lastToday = { timeZone, instant: now.getTime(), date: result };
  return result;
}

export type PaymentTerms =
  | { kind: 'due_on_receipt' }
  | { kind: 'net'; days: number }
  /** Last day of the issue month (`eom`) or of the month after it (`eom_next`). */
  | { kind: 'end_of_month'; monthsAfter: 0 | 1 }
  | { kind: 'fixed_date' };

export const MAX_NET_DAYS = 365;

const NET_RE = /^net_(0|[1-9]\d{0,2})$/;

/**
 * Parses the wire form of payment terms: `due_on_receipt`, `net_N` (N = 0..365, no leading zeros, e.g. `net_30`),
 * `eom`, `eom_next` or `fixed_date`. ValidationError naming `field` otherwise.
 */
export function parsePaymentTerms(s: string, field = 'paymentTerms'): PaymentTerms {
  if (s === 'due_on_receipt') return { kind: 'due_on_receipt' };
  if (s === 'fixed_date') return { kind: 'fixed_date' };
  if (s === 'eom') return { kind: 'end_of_month', monthsAfter: 0 };
  if (s === 'eom_next') return { kind: 'end_of_month', monthsAfter: 1 };
  const m = typeof s === 'string' ? NET_RE.exec(s) : null;
  if (m) {
    const days = Number(m[1]);
    if (days <= MAX_NET_DAYS) return { kind: 'net', days };
  }
  throw new ValidationError(
    field,
    `Payment terms must be "due_on_receipt", "net_N" with N from 0 to ${MAX_NET_DAYS} (e.g. "net_30"), "eom", "eom_next" or "fixed_date"`,
  );
}

/** Inverse of `parsePaymentTerms`. */
export function formatPaymentTerms(t: PaymentTerms): string {
  switch (t.kind) {
    case 'due_on_receipt':
      return 'due_on_receipt';
    case 'fixed_date':
      return 'fixed_date';
    case 'net':
      checkNetDays(t.days, 'paymentTerms');
      return `net_${t.days}`;
    case 'end_of_month':
      return t.monthsAfter === 0 ? 'eom' : 'eom_next';
  }
}

/** Which phrase wire-form terms are said with (the message files word it per language); null for fixed date. */
export type PaymentTermsPhrase =
  | { phrase: 'dueOnReceipt' | 'endOfMonth' | 'endOfNextMonth' }
  | { phrase: 'net'; days: number };

export function paymentTermsPhrase(terms: string): PaymentTermsPhrase | null {
  if (terms === 'due_on_receipt') return { phrase: 'dueOnReceipt' };
  if (terms === 'eom') return { phrase: 'endOfMonth' };
  if (terms === 'eom_next') return { phrase: 'endOfNextMonth' };
  const net = NET_RE.exec(terms);
  return net ? { phrase: 'net', days: Number(net[1]) } : null;
}

/** Wire-form terms in words for documents ("Net 30 days", "Due end of month"); null for fixed date or unknown. */
export function paymentTermsInWords(terms: string): string | null {
  const wording = paymentTermsPhrase(terms);
  if (!wording) return null;
  if (wording.phrase === 'net') return `Net ${wording.days} days`;
  return {
    dueOnReceipt: 'Due on receipt',
    endOfMonth: 'Due end of month',
    endOfNextMonth: 'Due end of next month',
  }[wording.phrase];
}

/** The last day of the month `monthsAfter` months after the month of `date`. */
function endOfMonth(date: string, monthsAfter: number): string {
  const [year, month] = requireParts(date);
  const index = year * 12 + (month - 1) + monthsAfter;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  if (y > MAX_YEAR)
    throw new ValidationError('issueDate', `The month after ${date} is past the year ${MAX_YEAR}`);
  return format(y, m, daysInMonth(y, m));
}

function checkNetDays(days: number, field: string): void {
  if (!Number.isInteger(days) || days < 0 || days > MAX_NET_DAYS) {
    throw new ValidationError(field, `Net days must be a whole number from 0 to ${MAX_NET_DAYS}`);
  }
}

/**
 * The due date for an invoice issued on `issueDate`:
 * - due on receipt: the issue date;
 * - net N: the issue date plus N calendar days;
 * - end of month: the last day of the issue month, or of the next month for `eom_next`;
 * - fixed date: `explicitDueDate`, which must be given, valid and not before the issue date (field `dueDate`).
 *
 * For terms other than fixed date, `explicitDueDate` is ignored: clients that send back the invoice they read
 * (computed due date included) must not be refused, and the terms remain the single source of truth.
 */
export function dueDateFor(issueDate: string, terms: PaymentTerms, explicitDueDate?: string | null): string {
  assertValidDate(issueDate, 'issueDate');
  switch (terms.kind) {
    case 'due_on_receipt':
      return issueDate;
    case 'net':
      checkNetDays(terms.days, 'paymentTerms');
      return addDays(issueDate, terms.days);
    case 'end_of_month':
      return endOfMonth(issueDate, terms.monthsAfter);
    case 'fixed_date': {
      if (explicitDueDate === undefined || explicitDueDate === null || explicitDueDate === '') {
        throw new ValidationError('dueDate', 'A due date is required when payment terms are "fixed_date"');
      }
      const due = assertValidDate(explicitDueDate, 'dueDate');
      if (due < issueDate)
        throw new ValidationError('dueDate', 'The due date cannot be before the issue date');
      return due;
    }
  }
}
