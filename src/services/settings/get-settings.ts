import type { Db, Trx } from '../../db/client.ts';
import type { SettingsRow } from '../../db/schema.ts';

/** The organisation's settings: one row, created by the first migration. */
export async function getSettings(db: Db | Trx): Promise<SettingsRow> {
  return db.selectFrom('settings').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
}
