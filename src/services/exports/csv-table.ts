import type { Page } from '../pagination.ts';

/** One cell: text as it goes into the file; null is an empty cell. */
export type CsvCell = string | null;

/** A table to write as CSV: its header and its rows, produced a batch at a time so memory stays flat. */
export interface CsvTable {
  /** The file's suggested name, e.g. `invoices.csv`. */
  filename: string;
  columns: readonly string[];
  batches: AsyncIterable<CsvCell[][]>;
}

/** Rows read per batch: the list's keyset pages, larger than a screen's. */
export const EXPORT_BATCH = 500;

/** Every page of a keyset list, one after the other, following nextCursor. */
export async function* allPages<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
): AsyncGenerator<T[]> {
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    if (page.items.length > 0) yield page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/** Maps each batch of an iterable of batches. */
export async function* mapBatches<T, U>(
  batches: AsyncIterable<T[]>,
  map: (batch: T[]) => U[] | Promise<U[]>,
): AsyncGenerator<U[]> {
  for await (const batch of batches) yield await map(batch);
}

/**
 * Free text as a spreadsheet will not run it: a cell starting with = + - @ (or a tab or carriage return) is read
 * as a formula by Excel, LibreOffice and Google Sheets, so such text gets a leading apostrophe (OWASP's advice for
 * CSV injection). Only free text goes through here; numbers, dates and ids are written as they are.
 */
export function textCell(value: string | null | undefined): CsvCell {
  if (value === null || value === undefined || value === '') return value ?? null;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function timestampCell(value: Date | string | null): CsvCell {
  if (value === null) return null;
  return typeof value === 'string' ? value : value.toISOString();
}
