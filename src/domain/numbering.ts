/**
 * Document number patterns, e.g. `INV-{YYYY}-{SEQ:4}` -> `INV-2026-0007`, `CN-{YYYY}-{SEQ:4}` -> `CN-2026-0001`.
 *
 * Tokens: `{YYYY}` (4-digit year), `{YY}` (last two digits of the year), `{MM}`, `{DD}` (2-digit month and day of
 * the issue date), and exactly one `{SEQ}` (the sequence number) or `{SEQ:n}` (zero-padded to n digits, n = 1..12;
 * a longer number is never truncated). Literal text may use ASCII letters, digits and `- _ / . #`, so a number is
 * safe in file names, URLs and email subjects. Tokens are case-sensitive.
 *
 * The sequence itself comes from a counter row (gapless, locked in the issuing transaction); `counterScope` names
 * which counter a pattern uses. Every date token has a fixed width, so a pattern always yields distinct numbers for
 * distinct (scope, sequence) pairs.
 */
import { isValidDate } from './dates.ts';
import { ValidationError } from './errors.ts';

export const DEFAULT_NUMBER_PATTERN = 'INV-{YYYY}-{SEQ:4}';
export const DEFAULT_QUOTE_NUMBER_PATTERN = 'Q-{YYYY}-{SEQ:4}';
export const DEFAULT_CREDIT_NOTE_NUMBER_PATTERN = 'CN-{YYYY}-{SEQ:4}';
export const MAX_PATTERN_LENGTH = 60;
export const MAX_SEQ_WIDTH = 12;

type Part =
  | { kind: 'literal'; text: string }
  | { kind: 'YYYY' | 'YY' | 'MM' | 'DD' }
  | { kind: 'SEQ'; width: number };

const LITERAL_CHAR = /^[A-Za-z0-9\-_/.#]$/;

/** Splits a pattern into parts, or returns the reason it is invalid. */
function parse(pattern: string): Part[] | string {
  if (typeof pattern !== 'string' || pattern.length === 0)
    return 'Enter a number pattern, e.g. INV-{YYYY}-{SEQ:4}';
  if (pattern.length > MAX_PATTERN_LENGTH)
    return `The number pattern must be at most ${MAX_PATTERN_LENGTH} characters`;
  const out: Part[] = [];
  let literal = '';
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i]!;
    if (ch === '{') {
      const close = pattern.indexOf('}', i + 1);
      if (close < 0) return `Unclosed "{" at position ${i + 1}`;
      const name = pattern.slice(i + 1, close);
      let part: Part;
      if (name === 'YYYY' || name === 'YY' || name === 'MM' || name === 'DD') {
        part = { kind: name };
      } else if (name === 'SEQ') {
        part = { kind: 'SEQ', width: 1 };
      } else if (name.startsWith('SEQ:')) {
        const digits = name.slice(4);
        const width = /^\d{1,2}$/.test(digits) ? Number(digits) : Number.NaN;
        if (!(width >= 1 && width <= MAX_SEQ_WIDTH)) {
          return `The sequence width in {${name}} must be a number from 1 to ${MAX_SEQ_WIDTH}`;
        }
        part = { kind: 'SEQ', width };
      } else {
        return `Unknown token {${name}}: use {YYYY}, {YY}, {MM}, {DD}, {SEQ} or {SEQ:n}`;
      }
      if (literal) out.push({ kind: 'literal', text: literal });
      literal = '';
      out.push(part);
      i = close + 1;
    } else if (LITERAL_CHAR.test(ch)) {
      literal += ch;
      i += 1;
    } else {
      return `Invalid character ${JSON.stringify(ch)}: use letters, digits, - _ / . # and tokens`;
    }
  }
  if (literal) out.push({ kind: 'literal', text: literal });
  const seqCount = out.filter((p) => p.kind === 'SEQ').length;
  if (seqCount === 0) return 'The number pattern must contain {SEQ} or {SEQ:n}';
  if (seqCount > 1) return 'The number pattern must contain {SEQ} only once';
  return out;
}

function parseOrThrow(pattern: string, field: string): Part[] {
  const result = parse(pattern);
  if (typeof result === 'string') throw new ValidationError(field, result);
  return result;
}

/**
 * Throws a ValidationError naming `field` when the pattern has no `{SEQ}`/`{SEQ:n}` token (or more than one), an
 * unknown or unclosed token, a width outside 1..12, more than 60 characters, or a character other than ASCII
 * letters, digits, `- _ / . #` outside tokens.
 */
export function validateNumberPattern(pattern: string, field = 'invoiceNumberPattern'): void {
  parseOrThrow(pattern, field);
}

function issueDateParts(issueDate: string): { yyyy: string; mm: string; dd: string } {
  if (!isValidDate(issueDate))
    throw new ValidationError('issueDate', 'Must be a calendar date in the form YYYY-MM-DD');
  return { yyyy: issueDate.slice(0, 4), mm: issueDate.slice(5, 7), dd: issueDate.slice(8, 10) };
}

/**
 * The document number for sequence `seq` (a positive safe integer) issued on `issueDate`.
 * ValidationError for an invalid pattern (naming `field`) or issue date (field `issueDate`).
 */
export function formatDocumentNumber(
  pattern: string,
  seq: number,
  issueDate: string,
  field = 'invoiceNumberPattern',
): string {
  const parts = parseOrThrow(pattern, field);
  if (!Number.isSafeInteger(seq) || seq < 1) throw new RangeError(`Invalid sequence number ${seq}`);
  const { yyyy, mm, dd } = issueDateParts(issueDate);
  let out = '';
  for (const p of parts) {
    switch (p.kind) {
      case 'literal':
        out += p.text;
        break;
      case 'YYYY':
        out += yyyy;
        break;
      case 'YY':
        out += yyyy.slice(2);
        break;
      case 'MM':
        out += mm;
        break;
      case 'DD':
        out += dd;
        break;
      case 'SEQ':
        out += String(seq).padStart(p.width, '0');
        break;
    }
  }
  return out;
}

/**
 * The key of the counter a pattern draws from on `issueDate`: the sequence restarts each year when the pattern
 * shows the year (`{YYYY}` or `{YY}`) -> "2026", each month when it shows year and month -> "2026-11", and never
 * otherwise -> "all". `{DD}` never restarts the sequence, and `{MM}` without a year does not either (the number
 * would repeat every year).
 */
export function counterScope(pattern: string, issueDate: string, field = 'invoiceNumberPattern'): string {
  const parts = parseOrThrow(pattern, field);
  const { yyyy, mm } = issueDateParts(issueDate);
  const has = (kind: Part['kind']) => parts.some((p) => p.kind === kind);
  if (!has('YYYY') && !has('YY')) return 'all';
  return has('MM') ? `${yyyy}-${mm}` : yyyy;
}

const DATE_TOKEN_SOURCE = { YYYY: '(?<yyyy>\\d{4})', YY: '(?<yy>\\d{2})', MM: '(?<mm>\\d{2})', DD: '\\d{2}' };

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * Reads a number as the pattern would have written it: the counter scope and sequence it stands for, or null when
 * the pattern cannot produce it. Lets imported numbers be checked against the numbers the series will issue later.
 * A two-digit year is read as 20YY.
 */
export function matchDocumentNumber(
  pattern: string,
  number: string,
  field = 'invoiceNumberPattern',
): { scope: string; sequence: number } | null {
  const parts = parseOrThrow(pattern, field);
  const source = parts
    .map((p) =>
      p.kind === 'literal'
        ? escapeRegExp(p.text)
        : p.kind === 'SEQ'
          ? `(?<seq>\\d{${p.width},})`
          : DATE_TOKEN_SOURCE[p.kind],
    )
    .join('');
  const match = new RegExp(`^${source}$`).exec(number);
  if (!match?.groups) return null;
  const { yyyy, yy, mm, seq } = match.groups;
  const sequence = Number(seq);
  const width = parts.reduce((w, p) => (p.kind === 'SEQ' ? p.width : w), 1);
  // Only what the pattern writes: "00012" is not how {SEQ:4} writes 12.
  if (!Number.isSafeInteger(sequence) || sequence < 1 || String(sequence).padStart(width, '0') !== seq)
    return null;
  const year = yyyy ?? (yy ? `20${yy}` : undefined);
  const scope = year === undefined ? 'all' : mm !== undefined ? `${year}-${mm}` : year;
  return { scope, sequence };
}
