import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import type { Db, Trx } from '../../db/client.ts';
import type { Clock } from '../../ports.ts';
import {
  ACCOUNT_FILE_FORMAT,
  ACCOUNT_FILE_VERSION,
  type AccountFileHeader,
  rowLine,
} from './account-file.ts';
import { type AccountTable, accountTables } from './account-tables.ts';

const BATCH = 1000;

/** A digest of the key that proves two servers share it without revealing it. */
export function secretKeyCheck(secretKey: Buffer): string {
  return createHmac('sha256', secretKey).update('remit account file').digest('hex').slice(0, 16);
}

export async function latestMigration(db: Db | Trx): Promise<string> {
  const { rows } = await sql<{
    name: string;
  }>`select name from kysely_migration order by name desc limit 1`.execute(db);
  return rows[0]?.name ?? '';
}

/**
 * Writes every row of the account, line by line (header first), each table in primary-key order, read 1,000 rows at
 * a time in one repeatable-read snapshot: the file is consistent while the server keeps running.
 */
export async function exportAccount(
  deps: { db: Db; clock: Clock },
  secretKey: Buffer,
  write: (line: string) => Promise<void>,
): Promise<{ tables: number; rows: number }> {
  return deps.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      const tables = await accountTables(trx);
      const header: AccountFileHeader = {
        format: ACCOUNT_FILE_FORMAT,
        version: ACCOUNT_FILE_VERSION,
        migration: await latestMigration(trx),
        exportedAt: deps.clock.now().toISOString(),
        tables: tables.map((table) => table.name),
        secretKeyCheck: secretKeyCheck(secretKey),
      };
      await write(JSON.stringify(header));
      let rows = 0;
      for (const table of tables) {
        for await (const line of tableLines(trx, table)) {
          await write(line);
          rows += 1;
        }
      }
      return { tables: tables.length, rows };
    });
}

async function* tableLines(db: Trx, table: AccountTable): AsyncGenerator<string> {
  const ref = sql.table(table.name);
  const key = sql.join(table.primaryKey.map((column) => sql.ref(`t.${column}`)));
  let after: string | null = null;
  for (;;) {
    const condition: ReturnType<typeof sql> = after
      ? sql`where (${key}) > (select ${sql.join(table.primaryKey.map((column) => sql.ref(`p.${column}`)))}
              from jsonb_populate_record(null::${ref}, ${after}::jsonb) p)`
      : sql``;
    const { rows } = await sql<{ row: string }>`
      select to_jsonb(t)::text as row from ${ref} t ${condition} order by ${key} limit ${BATCH}`.execute(db);
    for (const { row } of rows) yield rowLine(table.name, row);
    if (rows.length < BATCH) return;
    after = rows.at(-1)!.row;
  }
}
