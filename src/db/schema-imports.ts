/** CSV imports (migration 036): see services/imports/. */
import type { ColumnType, Selectable } from 'kysely';
import type { Timestamp } from './column-types.ts';

type JsonText<T> = ColumnType<T, string, never>;

export interface ImportBatchesTable {
  id: string;
  kind: 'clients' | 'items' | 'invoices';
  file_sha256: string;
  row_count: number;
  /** What the import created, by kind of record. */
  created: JsonText<Record<string, number>>;
  /** Field key -> the file's column name. */
  mapping: JsonText<Record<string, string>>;
  preset: string | null;
  created_by: string | null;
  actor_name: string;
  created_at: Timestamp;
}

export interface ImportTables {
  import_batches: ImportBatchesTable;
}

export type ImportBatchRow = Selectable<ImportBatchesTable>;
