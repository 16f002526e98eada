import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Trx } from '../../db/client.ts';
import { ValidationError } from '../../domain/errors.ts';
import type { ImportKind } from '../../domain/imports/fields.ts';
import { ImportRejectedError, type RowProblem } from '../../domain/imports/row-problems.ts';
import { recordAuditEntry } from '../audit/record-audit-entry.ts';
import type { ActionContext, ServiceDeps } from '../context.ts';
import {
  describeImportFile,
  type ImportFile,
  type ImportFileOptions,
  RowProblems,
  readImportFile,
} from './import-file.ts';

export interface ImportRequest {
  /** The file's bytes as uploaded. */
  file: Uint8Array;
  options: ImportFileOptions;
  /** Field key -> column name, changing the suggested mapping ('' leaves the field out). */
  mapping: Record<string, string | undefined>;
  /** Check every row and count what would be created, writing nothing. */
  dryRun: boolean;
}

/** What an import creates, by kind of record. */
export type ImportCounts = Partial<
  Record<'clients' | 'contacts' | 'items' | 'invoices' | 'lines' | 'payments', number>
>;

/** A kind's checked rows, ready to write: its counts, and the writes to run (inside the import's transaction). */
export interface ImportPlan {
  created: ImportCounts;
  /** Existing records the rows refer to (e.g. clients an invoice matched by name). */
  matched?: ImportCounts;
  write(trx: Trx, importId: string, now: Date): Promise<void>;
}

export type PlanImport = (
  trx: Trx,
  file: ImportFile,
  problems: RowProblems,
  now: Date,
  context: ActionContext,
) => Promise<ImportPlan>;

export interface ImportResult {
  importId: string | null;
  kind: ImportKind;
  dryRun: boolean;
  /** No row is bad: the import was (or, on a dry run, would be) written in full. */
  valid: boolean;
  rowCount: number;
  badRows: number;
  problems: RowProblem[];
  created: ImportCounts;
  matched: ImportCounts;
  file: ReturnType<typeof describeImportFile>;
}

/** One import at a time: two imports naming the same new client or number would otherwise both pass their checks. */
const IMPORT_LOCK = sql`select pg_advisory_xact_lock(hashtext('remit.imports'))`;

/** Largest number of bound values in one INSERT (PostgreSQL allows 65,535). */
const MAX_BOUND_VALUES = 60_000;

/** Inserts rows in as few statements as the protocol's limit on bound values allows. */
export async function insertInChunks<T extends object>(rows: T[], write: (chunk: T[]) => Promise<unknown>) {
  if (rows.length === 0) return;
  const perRow = Math.max(1, Object.keys(rows[0]!).length);
  const size = Math.max(1, Math.floor(MAX_BOUND_VALUES / perRow));
  for (let start = 0; start < rows.length; start += size) await write(rows.slice(start, start + size));
}

/**
 * Reads, checks and (unless a dry run) writes an import, all or nothing: every row is checked before anything is
 * written, and the writes share one transaction with the import's record and its audit log entry. A dry run takes
 * the same path up to the writes, so it reports exactly what the real run would refuse or create.
 */
export async function runImport(
  deps: ServiceDeps,
  context: ActionContext,
  kind: ImportKind,
  request: ImportRequest,
  plan: PlanImport,
): Promise<ImportResult> {
  const file = readImportFile(kind, request.file, request.options, request.mapping);
  if (file.rows.length === 0) {
    throw new ValidationError('file', 'The file has a header but no rows: there is nothing to import');
  }
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    if (!request.dryRun) await IMPORT_LOCK.execute(trx);
    const problems = new RowProblems(file);
    const planned = await plan(trx, file, problems, now, context);
    const valid = problems.badRows === 0;
    if (!valid && !request.dryRun) throw new ImportRejectedError(problems.list, problems.badRows);
    let importId: string | null = null;
    if (valid && !request.dryRun) {
      importId = randomUUID();
      await trx
        .insertInto('import_batches')
        .values({
          id: importId,
          kind,
          file_sha256: file.sha256,
          row_count: file.rows.length,
          created: JSON.stringify(planned.created),
          mapping: JSON.stringify(file.mapping),
          preset: file.preset?.id ?? null,
          created_by: context.actor.userId,
          actor_name: context.actor.name,
          created_at: now,
        })
        .execute();
      await planned.write(trx, importId, now);
      await recordAuditEntry(trx, context, now, {
        action: 'import.completed',
        entityType: 'import',
        entityId: importId,
        after: { kind, rows: file.rows.length, created: planned.created, fileSha256: file.sha256 },
      });
    }
    return {
      importId,
      kind,
      dryRun: request.dryRun,
      valid,
      rowCount: file.rows.length,
      badRows: problems.badRows,
      problems: problems.list,
      created: valid ? planned.created : {},
      matched: planned.matched ?? {},
      file: describeImportFile(file, 0),
    };
  });
}
