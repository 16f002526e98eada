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
  createdAt: Date;
  id: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify([key.createdAt.toISOString(), key.id])).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The key of a cursor made by `encodeCursor`; anything else (forged, truncated, edited) is a 422 naming `cursor`. */
export function decodeCursor(cursor: string): CursorKey {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = null;
  }
  const [createdAt, id] = Array.isArray(decoded) && decoded.length === 2 ? decoded : [];
  const date = typeof createdAt === 'string' ? new Date(createdAt) : null;
  // Exactly what toISOString wrote, years 0001 to 9999: no impossible day or time, nothing PostgreSQL would refuse.
  const exact =
    date !== null &&
    !Number.isNaN(date.getTime()) &&
    /^(?!0000)\d{4}-/.test(createdAt) &&
    date.toISOString() === createdAt;
  if (!exact || typeof id !== 'string' || !UUID.test(id)) {
    throw new ValidationError('cursor', 'The cursor is not valid; use the nextCursor of a previous page');
  }
  return { createdAt: date, id };
}

/** The condition selecting the rows after the cursor, in (created_at desc, id desc) order, of `table`. */
export function afterCursor(table: string, cursor: string): RawBuilder<boolean> {
  const key = decodeCursor(cursor);
  return sql<boolean>`(${sql.ref(`${table}.created_at`)}, ${sql.ref(`${table}.id`)}) < (${key.createdAt}, ${key.id}::uuid)`;
}

/** Fetches limit+1 rows to know whether another page exists. */
export function pageLimit(request: PageRequest): number {
  return (request.limit ?? DEFAULT_PAGE_SIZE) + 1;
}

export function toPage<Row extends { created_at: Date; id: string }, T>(
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
    nextCursor: hasMore && last ? encodeCursor({ createdAt: last.created_at, id: last.id }) : null,
  };
}
