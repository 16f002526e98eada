import { type RawBuilder, sql } from 'kysely';
import type { Database } from './schema.ts';

/** Rows as one JSON parameter: bigints as decimal strings, dates as ISO text, as their columns read them. */
function rowsParameter(rows: object[]): string {
  try {
    // Without a replacer, several times faster; throws at the first bigint, if any.
    return JSON.stringify(rows);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    return JSON.stringify(rows, (_key, value) => (typeof value === 'bigint' ? value.toString() : value));
  }
}

/**
 * The rows as a set of `table`'s row type: `json_populate_recordset(null::table, $rows)`, each value converted by
 * its column's own type (columns a row leaves out are null). Any number of rows in one parameter, so a batch is
 * written with one statement whatever its size. jsonb columns take the value itself, not its JSON text. As json,
 * not jsonb: the text is read once as it is, without building a jsonb value of megabytes of email bodies first
 * (a fifth faster).
 */
export function rowsOf(table: keyof Database, rows: object[]): RawBuilder<unknown> {
  return sql`json_populate_recordset(null::${sql.table(table)}, ${rowsParameter(rows)}::json)`;
}

/** `insert into table (the first row's columns) select them from rowsOf(table, rows)`; usable as a CTE. */
export function insertRows(table: keyof Database, rows: Record<string, unknown>[]): RawBuilder<unknown> {
  const columns = sql.join(Object.keys(rows[0] ?? {}).map((column) => sql.ref(column)));
  return sql`insert into ${sql.table(table)} (${columns}) select ${columns} from ${rowsOf(table, rows)}`;
}
