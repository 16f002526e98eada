import { sql } from 'kysely';
import type { Db, Trx } from '../../db/client.ts';
import { ConflictError, ValidationError } from '../../domain/errors.ts';
import {
  ACCOUNT_FILE_FORMAT,
  ACCOUNT_FILE_VERSION,
  type AccountFileHeader,
  parseRowLine,
} from './account-file.ts';
import { type AccountTable, accountTables } from './account-tables.ts';
import { latestMigration, secretKeyCheck } from './export-account.ts';

const BATCH = 500;

/** Tables that must be empty: an import recreates an account, it never merges two. */
const BUSINESS_TABLES = [
  'users',
  'clients',
  'invoices',
  'quotes',
  'credit_notes',
  'items',
  'recurring_profiles',
];

/**
 * Recreates the account of an export file in this database, which must be new (migrated, no users or documents)
 * and at the file's migration: all of it in one transaction, or nothing. Triggers of the tables are off while the
 * rows go in, so what they maintain (the dashboard summary, client sort keys) is taken from the file as it was
 * rather than worked out twice; the file's rows replace the few a new database starts with (the settings).
 */
export async function importAccount(
  db: Db,
  secretKey: Buffer,
  lines: AsyncIterable<string>,
): Promise<{ tables: number; rows: number }> {
  const iterator = lines[Symbol.asyncIterator]();
  const first = await iterator.next();
  const header = readHeader(first.done ? '' : first.value);
  const migration = await latestMigration(db);
  if (header.migration !== migration) {
    throw new ConflictError(
      'account_file_migration',
      `The file comes from a database at migration ${header.migration}, this one is at ${migration}: ` +
        'run the same Remit version on both sides (upgrade the older one first)',
    );
  }
  if (header.secretKeyCheck !== secretKeyCheck(secretKey)) {
    throw new ConflictError(
      'account_file_secret_key',
      'This server has another key than the one that exported the file: set the same APP_SECRET (or copy ' +
        'DATA_DIR/secret.key), or the saved gateway and SMTP passwords could not be read',
    );
  }
  return db.transaction().execute(async (trx) => {
    await refuseUnlessEmpty(trx);
    const tables = new Map((await accountTables(trx)).map((table) => [table.name, table]));
    for (const name of header.tables) {
      if (!tables.has(name))
        throw new ValidationError('file', `The file has a table this database lacks: ${name}`);
    }
    const all = [...tables.values()];
    for (const table of all)
      await sql`alter table ${sql.table(table.name)} disable trigger user`.execute(trx);
    for (const table of [...all].reverse()) await sql`delete from ${sql.table(table.name)}`.execute(trx);
    await sql`create temporary table account_deferred (table_name text, row jsonb) on commit drop`.execute(
      trx,
    );

    let rows = 0;
    const pending: { table: AccountTable | null; rows: string[] } = { table: null, rows: [] };
    const flush = async () => {
      if (pending.table && pending.rows.length > 0) await insertRows(trx, pending.table, pending.rows);
      pending.rows = [];
    };
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      if (next.value === '') continue;
      const parsed = parseRowLine(next.value);
      const table = parsed && tables.get(parsed.table);
      if (!parsed || !table)
        throw new ValidationError('file', `Line ${rows + 2} is not a row of a known table`);
      if (pending.table !== table || pending.rows.length >= BATCH) await flush();
      pending.table = table;
      pending.rows.push(parsed.rowJson);
      rows += 1;
    }
    await flush();
    for (const table of all) if (table.deferred.length > 0) await setDeferredColumns(trx, table);
    await resetSequences(trx);
    for (const table of all) await sql`alter table ${sql.table(table.name)} enable trigger user`.execute(trx);
    return { tables: header.tables.length, rows };
  });
}

function readHeader(line: string): AccountFileHeader {
  let header: Partial<AccountFileHeader> | null = null;
  try {
    header = JSON.parse(line);
  } catch {
    header = null;
  }
  if (header?.format !== ACCOUNT_FILE_FORMAT || !Array.isArray(header.tables)) {
    throw new ValidationError('file', 'This is not a Remit account file (made by `remit export`)');
  }
  if (header.version !== ACCOUNT_FILE_VERSION) {
    throw new ValidationError(
      'file',
      `Account files of version ${header.version} cannot be read by this Remit`,
    );
  }
  return header as AccountFileHeader;
}

async function refuseUnlessEmpty(trx: Trx): Promise<void> {
  for (const table of BUSINESS_TABLES) {
    const { rows } = await sql<{
      any: boolean;
    }>`select exists (select 1 from ${sql.table(table)}) as any`.execute(trx);
    if (rows[0]?.any) {
      throw new ConflictError(
        'database_not_empty',
        `This database already has ${table.replace('_', ' ')}: import into a new one (\`remit migrate\` on an empty ` +
          'database or DATA_DIR, then `remit import`, before creating any user)',
      );
    }
  }
}

/** One batch of one table's rows, their deferred columns left empty for now (kept aside to be set at the end). */
async function insertRows(trx: Trx, table: AccountTable, rows: string[]): Promise<void> {
  const json = `[${rows.join(',')}]`;
  const columns = sql.join(table.columns.map((column) => sql.ref(column)));
  const values = sql.join(
    table.columns.map((column) => (table.deferred.includes(column) ? sql`null` : sql.ref(`r.${column}`))),
  );
  await sql`
    insert into ${sql.table(table.name)} (${columns}) overriding system value
    select ${values} from jsonb_populate_recordset(null::${sql.table(table.name)}, ${json}::jsonb) r`.execute(
    trx,
  );
  if (table.deferred.length > 0) {
    await sql`
      insert into account_deferred (table_name, row)
      select ${table.name}, value from jsonb_array_elements(${json}::jsonb)`.execute(trx);
  }
}

async function setDeferredColumns(trx: Trx, table: AccountTable): Promise<void> {
  const assignments = sql.join(
    table.deferred.map((column) => sql`${sql.ref(column)} = ${sql.ref(`r.${column}`)}`),
  );
  const match = sql.join(
    table.primaryKey.map((column) => sql`${sql.ref(`t.${column}`)} = ${sql.ref(`r.${column}`)}`),
    sql` and `,
  );
  await sql`
    update ${sql.table(table.name)} t set ${assignments}
    from account_deferred d, jsonb_populate_record(null::${sql.table(table.name)}, d.row) r
    where d.table_name = ${table.name} and ${match}`.execute(trx);
}

/** Identity and serial columns continue after the imported rows. */
async function resetSequences(trx: Trx): Promise<void> {
  const { rows } = await sql<{ table_name: string; column_name: string; sequence: string }>`
    select c.relname as table_name, a.attname as column_name,
           pg_get_serial_sequence(format('%I', c.relname), a.attname) as sequence
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    where n.nspname = 'public' and c.relkind = 'r'
      and pg_get_serial_sequence(format('%I', c.relname), a.attname) is not null`.execute(trx);
  for (const row of rows) {
    await sql`
      select setval(${row.sequence}::regclass, coalesce(max(${sql.ref(row.column_name)}), 0) + 1, false)
      from ${sql.table(row.table_name)}`.execute(trx);
  }
}
