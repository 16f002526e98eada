import { type RawBuilder, type SelectQueryBuilder, sql } from 'kysely';
import { isValidDate } from '../domain/dates.ts';
import { ValidationError } from '../domain/errors.ts';
import { DEFAULT_PAGE_SIZE, type Page, type PageRequest } from './pagination.ts';

/**
 * Keyset pagination for a list the user sorts: the cursor holds the sort's name and the last row's sort values (as
 * PostgreSQL writes them in JSON, `cursorValue`: ISO 8601 whatever the server's DateStyle, timestamps with their
 * microseconds), and the next page starts strictly after that row.
 * Every key of a sort runs in the same direction, so one row comparison `(k1, k2, id) > (...)` selects the rest.
 */
export interface SortColumn {
  expression: RawBuilder<unknown>;
  /** The SQL type the cursor's text is cast back to, so values compare as they sort (dates, amounts, text). */
  type: 'text' | 'date' | 'timestamptz' | 'bigint' | 'uuid';
}

export type SortDirection = 'asc' | 'desc';

/** `(a, b) > (x::type, y::type)` (or `<` descending): the rows after the cursor. */
export function afterSortCursor(
  columns: SortColumn[],
  values: string[],
  direction: SortDirection,
): RawBuilder<boolean> {
  const left = sql.join(columns.map((column) => column.expression));
  const right = sql.join(columns.map((column, i) => sql`cast(${values[i]} as ${sql.raw(column.type)})`));
  return direction === 'asc' ? sql<boolean>`(${left}) > (${right})` : sql<boolean>`(${left}) < (${right})`;
}

/** A column's value as the cursor keeps it: JSON's text form, the same on every server configuration. */
export function cursorValue(column: SortColumn): RawBuilder<string> {
  return sql<string>`to_json(${column.expression}) #>> '{}'`;
}

export function encodeSortCursor(sort: string, values: string[]): string {
  return Buffer.from(JSON.stringify({ sort, values })).toString('base64url');
}

/** What `cursorValue` gives for each type; anything else in a cursor was not made by us and must not reach SQL. */
const VALUE_SHAPES: Record<SortColumn['type'], (value: string) => boolean> = {
  // PostgreSQL text never holds NUL (it refuses it as a parameter too); other characters are the rows' own.
  text: (value) => !value.includes('\u0000'),
  bigint: (value) => /^-?\d{1,18}$/.test(value),
  uuid: (value) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value),
  date: (value) => isValidDate(value),
  // Years 0001 to 9999, offsets within ±15:59, a real day and time: what to_json writes, nothing the cast refuses.
  timestamptz: (value) => {
    const match =
      /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?[+-](0\d|1[0-5]):[0-5]\d$/.exec(value);
    return match !== null && isValidDate(match[1]!) && !Number.isNaN(new Date(value).getTime());
  },
};

/** The values of a cursor made for `sort` over `columns`; a cursor of another sort or a forged one is a clear 400. */
export function decodeSortCursor(cursor: string, sort: string, columns: SortColumn[]): string[] {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = null;
  }
  const { sort: cursorSort, values } = (decoded ?? {}) as { sort?: unknown; values?: unknown };
  if (typeof cursorSort === 'string' && cursorSort !== sort) {
    throw new ValidationError(
      'cursor',
      'This cursor belongs to another sort order; start again from the first page',
    );
  }
  if (
    cursorSort !== sort ||
    !Array.isArray(values) ||
    values.length !== columns.length ||
    !values.every(
      (value, i) => typeof value === 'string' && value.length <= 500 && VALUE_SHAPES[columns[i]!.type](value),
    )
  ) {
    throw new ValidationError('cursor', 'The cursor is not valid; use the nextCursor of a previous page');
  }
  return values as string[];
}

/** One page of a sorted list: its order's columns (the id last), direction, and where the cursor left off. */
export interface SortedPagePlan {
  sort: string;
  columns: SortColumn[];
  direction: SortDirection;
  cursorValues: string[] | null;
  limit: number;
}

/** Reads `key` or `-key` (descending), the order's columns with `idColumn` last, and a cursor made for that sort. */
export function planSortedPage<Key extends string>(
  sortColumns: Record<Key, SortColumn[]>,
  idColumn: SortColumn,
  sort: Key | `-${Key}`,
  request: PageRequest,
): SortedPagePlan {
  const descending = sort.startsWith('-');
  const key = (descending ? sort.slice(1) : sort) as Key;
  const columns = [...sortColumns[key], idColumn];
  return {
    sort,
    columns,
    direction: descending ? 'desc' : 'asc',
    cursorValues: request.cursor ? decodeSortCursor(request.cursor, sort, columns) : null,
    limit: request.limit ?? DEFAULT_PAGE_SIZE,
  };
}

/** The row's sort values as the next page's cursor keeps them; select it `as('sort_values')`. */
export function sortValues(plan: SortedPagePlan): RawBuilder<string[]> {
  return sql<string[]>`array[${sql.join(plan.columns.map(cursorValue))}]`;
}

/** The page's rows of a list's query: after the cursor, in the plan's order, one more than the page to see if more follow. */
export function selectPage<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  plan: SortedPagePlan,
): SelectQueryBuilder<DB, TB, O> {
  let page = plan.cursorValues
    ? query.where(afterSortCursor(plan.columns, plan.cursorValues, plan.direction))
    : query;
  for (const column of plan.columns) page = page.orderBy(column.expression, plan.direction);
  return page.limit(plan.limit + 1);
}

/**
 * The same page as `selectPage`, as SQL clauses (`where ... order by ... limit`) to write after a FROM whose rows
 * carry the list table's name.
 */
export function pageClauses(plan: SortedPagePlan): RawBuilder<unknown> {
  const after = plan.cursorValues
    ? sql`where ${afterSortCursor(plan.columns, plan.cursorValues, plan.direction)}`
    : sql``;
  const order = sql.join(plan.columns.map((column) => sql`${column.expression} ${sql.raw(plan.direction)}`));
  return sql`${after} order by ${order} limit ${plan.limit + 1}`;
}

/** The page from `selectPage`'s rows, with the cursor of the next one when more follow. */
export function toSortedPage<Row extends { sort_values: string[] }, T>(
  rows: Row[],
  plan: SortedPagePlan,
  map: (row: Row) => T,
): Page<T> {
  const pageRows = rows.slice(0, plan.limit);
  const last = pageRows.at(-1);
  return {
    items: pageRows.map(map),
    nextCursor: rows.length > plan.limit && last ? encodeSortCursor(plan.sort, last.sort_values) : null,
  };
}
