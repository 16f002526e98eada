/**
 * Splits the text of a CSV file into a header and records with csv-parse (RFC 4180 quoting: commas, quotes and line
 * breaks inside quoted fields). Each record keeps the physical line it starts on, so a message can say "line 14"
 * even when an earlier field spans several lines.
 */
import { parse } from 'csv-parse/sync';
import { ValidationError } from '../errors.ts';

export const IMPORT_DELIMITERS = [',', ';', '\t', '|'] as const;
export type ImportDelimiter = (typeof IMPORT_DELIMITERS)[number];

/** A file this long is a job for several imports, and keeps one request's memory and transaction bounded. */
export const MAX_IMPORT_ROWS = 50_000;

export interface CsvRecord {
  /** The physical line (1-based) the record starts on. */
  line: number;
  values: string[];
}

export interface CsvTable {
  delimiter: ImportDelimiter;
  headers: string[];
  headerLine: number;
  records: CsvRecord[];
}

/** Excel writes `sep=;` as a first line to name the delimiter. */
const SEP_LINE = /^sep=(.)\n/i;

function parseRecords(text: string, delimiter: string, toLine?: number) {
  return parse(text, {
    delimiter,
    info: true,
    skip_empty_lines: true,
    relax_column_count: true,
    ...(toLine ? { to_line: toLine } : {}),
  }) as unknown as { record: string[]; info: { lines: number } }[];
}

/** The delimiter that splits the header into the most columns (a comma when none splits it). */
function detectDelimiter(text: string): ImportDelimiter {
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'));
  let best: ImportDelimiter = ',';
  let bestCount = 1;
  for (const delimiter of IMPORT_DELIMITERS) {
    let count = 0;
    try {
      count = parseRecords(firstLine, delimiter)[0]?.record.length ?? 0;
    } catch {
      continue;
    }
    if (count > bestCount) {
      best = delimiter;
      bestCount = count;
    }
  }
  return best;
}

function csvErrorMessage(error: unknown): string {
  const { code, lines } = error as { code?: string; lines?: number };
  const where = lines ? ` (near line ${lines})` : '';
  if (code === 'CSV_QUOTE_NOT_CLOSED') return `A quoted field is never closed${where}: check for a missing "`;
  if (code === 'CSV_INVALID_CLOSING_QUOTE') {
    return `A quote in the middle of a field${where}: a field with quotes must be quoted and its quotes doubled ("")`;
  }
  return `The file cannot be read as CSV${where}: ${(error as Error).message}`;
}

export function readCsv(rawText: string, delimiterOption: ImportDelimiter | 'auto' = 'auto'): CsvTable {
  // csv-parse counts a CRLF inside a quoted field as two lines; one kind of line break keeps line numbers right.
  let text = rawText.replace(/\r\n?/g, '\n');
  let skippedLines = 0;
  let delimiter = delimiterOption === 'auto' ? undefined : delimiterOption;
  const sep = SEP_LINE.exec(text);
  if (sep) {
    if (!delimiter && (IMPORT_DELIMITERS as readonly string[]).includes(sep[1]!)) {
      delimiter = sep[1] as ImportDelimiter;
    }
    text = text.slice(sep[0].length);
    skippedLines = 1;
  }
  delimiter ??= detectDelimiter(text);
  let parsed: ReturnType<typeof parseRecords>;
  try {
    parsed = parseRecords(text, delimiter);
  } catch (error) {
    throw new ValidationError('file', csvErrorMessage(error));
  }
  const records = parsed.map(({ record, info }) => {
    const innerBreaks = record.reduce((sum, value) => sum + value.split('\n').length - 1, 0);
    return { line: info.lines - innerBreaks + skippedLines, values: record };
  });
  const header = records.shift();
  if (!header || header.values.every((value) => value.trim() === '')) {
    throw new ValidationError('file', 'The file is empty: send a CSV file with a header row');
  }
  const headers = header.values.map((value) => value.trim());
  const seen = new Set<string>();
  for (const name of headers) {
    const key = name.toLowerCase();
    if (key && seen.has(key)) {
      throw new ValidationError('file', `The header names the column "${name}" twice: rename one of them`);
    }
    seen.add(key);
  }
  if (records.length > MAX_IMPORT_ROWS) {
    throw new ValidationError(
      'file',
      `The file has ${records.length} rows; at most ${MAX_IMPORT_ROWS} are imported at once: split it`,
    );
  }
  return { delimiter, headers, headerLine: header.line, records };
}
