import { sql } from 'kysely';
import type { ServiceDeps } from '../context.ts';
import { getSettings } from '../settings/get-settings.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Rows deleted per transaction: a first purge of a long-kept log never holds one huge delete open. */
const BATCH_SIZE = 5_000;

/**
 * Deletes audit log entries older than `settings.audit_retention_days`. The only delete the table's trigger lets
 * through (migration 031): each batch's transaction says so with `remit.audit_purge`. Safe to run at any time,
 * from any process.
 */
export async function purgeAuditLog(deps: ServiceDeps): Promise<{ entries: number }> {
  const { audit_retention_days: days } = await getSettings(deps.db);
  const cutoff = new Date(deps.clock.now().getTime() - days * DAY_MS);
  let entries = 0;
  for (;;) {
    const deleted = await deps.db.transaction().execute(async (trx) => {
      await sql`select set_config('remit.audit_purge', 'on', true)`.execute(trx);
      const result = await trx
        .deleteFrom('audit_log')
        .where(
          'id',
          'in',
          trx.selectFrom('audit_log').select('id').where('created_at', '<', cutoff).limit(BATCH_SIZE),
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    });
    entries += deleted;
    if (deleted < BATCH_SIZE) return { entries };
  }
}
