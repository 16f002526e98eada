import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { connectDatabase, type DatabaseHandle } from '../../src/db/client.ts';

export interface TestDatabase extends DatabaseHandle {
  url: string;
  name: string;
}

/** A fresh, migrated database cloned from the run's template; dropped by the global teardown. */
export async function createTestDatabase(options: { max?: number } = {}): Promise<TestDatabase> {
  const adminUrl = inject('adminUrl');
  // The template's creator pid is in its name; clones reuse it so the teardown finds them.
  const creatorPid = inject('templateDatabase').split('_')[2];
  const name = `remit_t_${creatorPid}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${inject('templateDatabase')}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = connectDatabase(url.toString(), options);
  return { ...handle, url: url.toString(), name };
}
