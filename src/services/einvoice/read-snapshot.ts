import type { Db, Trx } from '../../db/client.ts';

/**
 * Runs `read` on one consistent snapshot of the database: a REPEATABLE READ, read-only transaction, so everything it
 * reads (document, client, settings, tax rates, payments) is as of one moment even while others write. Inside a
 * transaction already (e.g. a send checking what it will attach), it reads in that one.
 */
export function inReadSnapshot<T>(db: Db, read: (trx: Trx) => Promise<T>): Promise<T> {
  if (db.isTransaction) return read(db as Trx);
  return db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(read);
}
