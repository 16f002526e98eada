import { sql } from 'kysely';
import type { Trx } from './client.ts';

/**
 * Runs one item of a batch inside a savepoint of the batch's transaction: if it throws, only its own writes are
 * rolled back and the error is returned, so one bad item does not undo (or hold back) the rest of the batch.
 */
export async function inSavepoint<T>(
  trx: Trx,
  run: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  await sql`savepoint batch_item`.execute(trx);
  try {
    const value = await run();
    await sql`release savepoint batch_item`.execute(trx);
    return { ok: true, value };
  } catch (error) {
    await sql`rollback to savepoint batch_item`.execute(trx);
    await sql`release savepoint batch_item`.execute(trx);
    return { ok: false, error };
  }
}
