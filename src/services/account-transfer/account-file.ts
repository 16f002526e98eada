/**
 * The account file: JSON Lines. The first line describes the file; each following line is one row,
 * `{"table":"invoices","row":{...}}`, the row as PostgreSQL's to_jsonb writes it. Rows are carried as that text
 * from database to file and back, never parsed into JavaScript numbers, so numerics, bigints and timestamps keep
 * every digit.
 */
export const ACCOUNT_FILE_FORMAT = 'remit-account';
export const ACCOUNT_FILE_VERSION = 1;

export interface AccountFileHeader {
  format: typeof ACCOUNT_FILE_FORMAT;
  version: number;
  /** The last migration of the database it came from: the importing database must be at the same one. */
  migration: string;
  exportedAt: string;
  /** In the order their rows follow. */
  tables: string[];
  /** Tells whether the importing server has the same key (APP_SECRET or DATA_DIR/secret.key) (encrypted settings need it); not the key. */
  secretKeyCheck: string;
}

export function rowLine(table: string, rowJson: string): string {
  return `{"table":${JSON.stringify(table)},"row":${rowJson}}`;
}

const ROW_LINE = /^\{"table":"([a-z0-9_]+)","row":(\{.*\})\}$/;

/** The table and the row's JSON text of a row line; null for anything else. */
export function parseRowLine(line: string): { table: string; rowJson: string } | null {
  const match = ROW_LINE.exec(line);
  return match ? { table: match[1]!, rowJson: match[2]! } : null;
}
