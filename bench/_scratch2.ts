import pg from 'pg';
import { connectDatabase, migrateToLatest } from '../src/db/client.ts';
import { openBenchDatabase } from './lib/database.ts';
import { runConcurrently } from './lib/raw-inserts.ts';

const database = await openBenchDatabase(() => {});
const handle = connectDatabase(database.url, { max: 10 });
const pool = new pg.Pool({ connectionString: database.url, max: 10 });
try {
  await migrateToLatest(handle.db);
  for (const [label, op] of [
    [
      'select 1',
      async () => {
        await pool.query('select 1');
      },
    ],
    [
      'select settings by pk',
      async () => {
        await pool.query('select * from settings where id = $1', [1]);
      },
    ],
    [
      'kysely select settings',
      async () => {
        await handle.db.selectFrom('settings').selectAll().where('id', '=', 1).execute();
      },
    ],
  ] as const) {
    const m = await runConcurrently(op, { concurrency: 10, seconds: 3, warmupSeconds: 1 });
    console.log(label.padEnd(26), Math.round(m.perSecond), 'ops/s', m.medianMs.toFixed(2), 'ms');
  }
} finally {
  await pool.end();
  await handle.close();
  await database.dispose();
}
