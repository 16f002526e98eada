/**
 * Reading dates and amounts as spreadsheets and other invoicing programs write them. Each reader returns the value
 * in Remit's form ('YYYY-MM-DD', a decimal string with a dot) or a reason in plain words, never a guess: a date such
 * as 03/04/2025 is refused in `auto` mode because it reads two ways.
 */
import { isValidDate } from '../dates.ts';

export const IMPORT_DATE_FORMATS = ['auto', 'ymd', 'dmy', 'mdy'] as const;
export type ImportDateFormat = (typeof IMPORT_DATE_FORMATS)[number];

export const IMPORT_DECIMAL_SEPARATORS = ['auto', '.', ','] as const;
export type ImportDecimalSeparator = (typeof IMPORT_DECIMAL_SEPARATORS)[number];

export type Read<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const fail = <T>(reason: string): Read<T> => ({ ok: false, reason });

/** Excel's day 1 is 1900-01-01 and it counts a 29 February 1900 that never was: serials count from 1899-12-30. */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
/** 9999-12-31, the last day Excel shows. */
const MAX_EXCEL_SERIAL = 2_958_465;

function excelSerialDate(serial: number): string {
  return new Date(EXCEL_EPOCH_MS + Math.floor(serial) * 86_400_000).toISOString().slice(0, 10);
}

function isoDate(year: string, month: string, day: string): string | null {
  const text = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  return isValidDate(text) ? text : null;
}

const YMD =
  /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const DAY_FIRST_OR_MONTH_FIRST = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/;
const EXCEL_SERIAL = /^\d{1,7}(?:\.\d+)?$/;

const FORMAT_WORDS: Record<ImportDateFormat, string> = {
  auto: 'YYYY-MM-DD',
  ymd: 'YYYY-MM-DD',
  dmy: 'DD/MM/YYYY',
  mdy: 'MM/DD/YYYY',
};

/**
 * A calendar day from `YYYY-MM-DD` (also with / or . and a time after it), `DD/MM/YYYY` or `MM/DD/YYYY` (as the
 * format says; in `auto` mode only when the day is over 12), or an Excel serial day number (45658 = 2025-01-01).
 */
export function readDate(text: string, format: ImportDateFormat): Read<string> {
  const value = text.trim();
  const ymd = YMD.exec(value);
  if (ymd) {
    const date = isoDate(ymd[1]!, ymd[2]!, ymd[3]!);
    return date ? ok(date) : fail(`"${value}" is not a calendar date`);
  }
  const other = DAY_FIRST_OR_MONTH_FIRST.exec(value);
  if (other) {
    const [first, second, year] = [other[1]!, other[2]!, other[3]!];
    let order = format;
    if (order === 'auto' || order === 'ymd') {
      if (Number(first) > 12) order = 'dmy';
      else if (Number(second) > 12) order = 'mdy';
      else {
        return fail(
          `"${value}" reads as a day-month or a month-day date: choose the date format (dateFormat=dmy or mdy)`,
        );
      }
    }
    const date = order === 'dmy' ? isoDate(year, second, first) : isoDate(year, first, second);
    return date ? ok(date) : fail(`"${value}" is not a calendar date in the format ${FORMAT_WORDS[order]}`);
  }
  if (EXCEL_SERIAL.test(value)) {
    const serial = Number(value);
    if (serial >= 1 && serial <= MAX_EXCEL_SERIAL) return ok(excelSerialDate(serial));
  }
  return fail(`"${value}" is not a date Remit can read: use ${FORMAT_WORDS[format]} (or an Excel date)`);
}

/** The decimal separator to use when the option says `auto`: a comma in semicolon-separated files (as Excel does
 * in countries that write 1,5), a dot otherwise. */
export function decimalSeparatorFor(option: ImportDecimalSeparator, delimiter: string): '.' | ',' {
  if (option !== 'auto') return option;
  return delimiter === ';' ? ',' : '.';
}

const CURRENCY_MARKS = /^[$€£¥₹₣]|[$€£¥₹₣]$|^[A-Z]{3}\s|\s[A-Z]{3}$/g;

/**
 * An amount as a decimal string with a dot: "1.234,50" (separator ',') and "1,234.50" (separator '.') both give
 * "1234.50". Spaces, apostrophes and the other separator group thousands; a currency sign or code around the
 * number and accounting parentheses for a negative amount are understood. `minorUnits` reads whole numbers of the
 * currency's minor unit (Crater stores 1050 for 10.50).
 */
export function readAmount(text: string, separator: '.' | ',', minorUnitsExponent?: number): Read<string> {
  let value = text.trim().replace(CURRENCY_MARKS, '').trim();
  let negative = false;
  if (/^\(.*\)$/.test(value)) {
    negative = true;
    value = value.slice(1, -1).trim();
  }
  if (value.startsWith('-')) {
    negative = !negative;
    value = value.slice(1).trim();
  } else if (value.startsWith('+')) value = value.slice(1).trim();
  const grouping = separator === '.' ? ',' : '.';
  const plain = value
    .replace(/[\s\u00a0\u202f']/g, '')
    .split(grouping)
    .join('');
  const pattern = separator === '.' ? /^\d+(?:\.\d+)?$|^\.\d+$/ : /^\d+(?:,\d+)?$|^,\d+$/;
  if (!pattern.test(plain)) {
    return fail(`"${text.trim()}" is not an amount (decimal separator "${separator}")`);
  }
  let decimal = plain.replace(',', '.');
  if (decimal.startsWith('.')) decimal = `0${decimal}`;
  if (minorUnitsExponent !== undefined) {
    if (decimal.includes('.'))
      return fail(`"${text.trim()}" is not a whole number of cents (amounts in minor units)`);
    const digits = decimal.replace(/^0+(?=\d)/, '').padStart(minorUnitsExponent + 1, '0');
    decimal =
      minorUnitsExponent === 0
        ? digits
        : `${digits.slice(0, -minorUnitsExponent)}.${digits.slice(-minorUnitsExponent)}`;
  }
  return ok(negative && !/^[0.]+$/.test(decimal) ? `-${decimal}` : decimal);
}

const TRUE_WORDS = new Set(['1', 'true', 'yes', 'y', 'ja', 'oui', 'si', 'x']);
const FALSE_WORDS = new Set(['0', 'false', 'no', 'n', 'nein', 'non', '']);

export function readBoolean(text: string): Read<boolean> {
  const value = text.trim().toLowerCase();
  if (TRUE_WORDS.has(value)) return ok(true);
  if (FALSE_WORDS.has(value)) return ok(false);
  return fail(`"${text.trim()}" is not yes or no (use 1/0, true/false or yes/no)`);
}
