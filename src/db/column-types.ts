import type { ColumnType } from 'kysely';

/** Column shapes shared by the table types (schema.ts, schema-documents.ts). */
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type Json<T> = ColumnType<T, string, string>;
/** A NOT NULL column with a database default: optional on insert. */
export type Defaulted<T> = ColumnType<T, T | undefined, T>;

/** A tax as stored on a document or line: a snapshot, so a rate edited later does not change the document. */
export interface StoredTax {
  taxRateId: string | null;
  name: string;
  rate: string;
  inclusive: boolean;
  compound: boolean;
}
