/**
 * The e-invoice's one snapshot (read-snapshot.ts), on a real PostgreSQL: what a write commits while the snapshot is
 * open stays unseen until it ends, and the snapshot cannot write. This is what keeps the XML and the PDF of one
 * download or email in agreement.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inReadSnapshot } from '../../../src/services/einvoice/read-snapshot.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';

let database: TestDatabase;
let clientId = '';

const nameOf = (db: TestDatabase['db']) =>
  db
    .selectFrom('clients')
    .select('company')
    .where('id', '=', clientId)
    .executeTakeFirstOrThrow()
    .then((row) => row.company);

beforeAll(async () => {
  database = await createTestDatabase();
  const row = await database.db
    .insertInto('clients')
    .values({ name: 'Anna', company: 'Before GmbH' })
    .returning('id')
    .executeTakeFirstOrThrow();
  clientId = row.id;
});

afterAll(async () => {
  await database?.close();
});

describe('inReadSnapshot', () => {
  it('reads as of one moment: a change committed meanwhile is seen only after it', async () => {
    const seen = await inReadSnapshot(database.db, async (trx) => {
      const first = await nameOf(trx);
      await database.db
        .updateTable('clients')
        .set({ company: 'After GmbH' })
        .where('id', '=', clientId)
        .execute();
      return [first, await nameOf(trx)];
    });
    expect(seen).toEqual(['Before GmbH', 'Before GmbH']);
    expect(await nameOf(database.db)).toBe('After GmbH');
  });

  it('is read-only', async () => {
    await expect(
      inReadSnapshot(database.db, (trx) =>
        trx.updateTable('clients').set({ company: 'X' }).where('id', '=', clientId).execute(),
      ),
    ).rejects.toThrow(/read-only transaction/);
  });

  it("runs in the caller's transaction when given one", async () => {
    await database.db.transaction().execute(async (trx) => {
      await trx.updateTable('clients').set({ company: 'Inside' }).where('id', '=', clientId).execute();
      expect(await inReadSnapshot(trx, (same) => nameOf(same))).toBe('Inside');
    });
  });
});
