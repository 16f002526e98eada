import { type RawBuilder, sql } from 'kysely';
import { ValidationError } from '../domain/errors.ts';

/**
 * Keyset pagination over (created_at desc, id desc): stable under inserts, O(1) per page.
 * The cursor is opaque to clients (base64url JSON of the last row's key).
 */
export interface PageRequest {
  limit?: number;
  cursor?: string;
}

export interface CursorKey {
  /** The row's created_at to the microsecond, UTC, as `cursorTime` selects it. */
  createdAt: string;
  id: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;

/**
 * The row's created_at as the cursor keeps it: to the microsecond, as PostgreSQL stores it. A JS Date holds
 * milliseconds only, and a cursor cut to the millisecond skipped the rest of the rows created in the same
 * millisecond, e.g. every row after the first page of a bulk insert, which shares its transaction's now().
 */
export function cursorTime(table: string) {
  return sql<string>`to_char(${sql.ref(`${table}.created_at`)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as(
    'cursor_at',
  );
}

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify([key.createdAt, key.id])).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Milliseconds (cursors written before microseconds were kept) or microseconds. */
const CURSOR_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3})(\d{3})?Z$/;

/** The key of a cursor made by `encodeCursor`; anything else (forged, truncated, edited) is a 422 naming `cursor`. */
export function decodeCursor(cursor: string): CursorKey {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = null;
  }
  const [createdAt, id] = Array.isArray(decoded) && decoded.length === 2 ? decoded : [];
  const millis = typeof createdAt === 'string' ? CURSOR_TIME.exec(createdAt)?.[1] : undefined;
  const date = millis ? new Date(`${millis}Z`) : null;
  // A real instant, years 0001 to 9999: no impossible day or time, nothing PostgreSQL would refuse.
  const exact =
    date !== null &&
    !Number.isNaN(date.getTime()) &&
    !millis?.startsWith('0000') &&
    date.toISOString() === `${millis}Z`;
  if (!exact || typeof id !== 'string' || !UUID.test(id)) {
    throw new ValidationError('cursor', 'The cursor is not valid; use the nextCursor of a previous page');
  }
  return { createdAt, id };
}

/** The condition selecting the rows after the cursor, in (created_at desc, id desc) order, of `table`. */
export function afterCursor(table: string, cursor: string): RawBuilder<boolean> {
  const key = decodeCursor(cursor);
  return sql<boolean>`(${sql.ref(`${table}.created_at`)}, ${sql.ref(`${table}.id`)}) < (${key.createdAt}::timestamptz, ${key.id}::uuid)`;
}

/** Fetches limit+1 rows to know whether another page exists. */
export function pageLimit(request: PageRequest): number {
  return (request.limit ?? DEFAULT_PAGE_SIZE) + 1;
}

/** A page of rows read with `pageLimit` rows in (created_at desc, id desc) order, each with its `cursorTime`. */
export function toPage<Row extends { cursor_at: string; id: string }, T>(
  rows: Row[],
  request: PageRequest,
  map: (row: Row) => T,
): Page<T> {
  const limit = request.limit ?? DEFAULT_PAGE_SIZE;
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows.at(-1);
  return {
    items: pageRows.map(map),
    nextCursor: hasMore && last ? encodeCursor({ createdAt: last.cursor_at, id: last.id }) : null,
  };
}
