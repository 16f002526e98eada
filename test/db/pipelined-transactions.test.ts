import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { commitWith } from '../../src/db/pipelined-transactions.ts';
import { preparedStatement } from '../../src/db/prepared-statements.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase({ max: 1 });
  await sql`create table pipelined (id int primary key, note text not null)`.execute(database.db);
});

afterAll(async () => {
  await database.close();
});

const notes = async () =>
  (await sql<{ id: number; note: string }>`select id, note from pipelined order by id`.execute(database.db))
    .rows;

it('runs a transaction whose BEGIN goes with its first statement, with and without parameters', async () => {
  await database.db.transaction().execute(async (trx) => {
    await sql`insert into pipelined values (${1}, ${'first'})`.execute(trx);
    await sql`insert into pipelined values (2, 'second')`.execute(trx);
  });
  await database.db.transaction().execute(async (trx) => {
    // No parameters: the simple protocol, where a text of several statements stays possible.
    await sql`insert into pipelined values (3, 'third'); insert into pipelined values (4, 'fourth')`.execute(
      trx,
    );
  });
  expect(await notes()).toEqual([
    { id: 1, note: 'first' },
    { id: 2, note: 'second' },
    { id: 3, note: 'third' },
    { id: 4, note: 'fourth' },
  ]);
  await sql`delete from pipelined`.execute(database.db);
});

it('rolls back everything when the first statement or a later one fails', async () => {
  await expect(
    database.db.transaction().execute(async (trx) => {
      await sql`insert into pipelined values (${1}, ${null})`.execute(trx);
    }),
  ).rejects.toThrow(/null value/);
  await expect(
    database.db.transaction().execute(async (trx) => {
      await sql`insert into pipelined values (${1}, ${'kept?'})`.execute(trx);
      await sql`insert into pipelined values (${1}, ${'duplicate'})`.execute(trx);
    }),
  ).rejects.toThrow(/duplicate key/);
  expect(await notes()).toEqual([]);
  // The connection (the pool has one) is usable and outside any transaction afterwards.
  await sql`insert into pipelined values (${5}, ${'after'})`.execute(database.db);
  expect(await notes()).toEqual([{ id: 5, note: 'after' }]);
  await sql`delete from pipelined`.execute(database.db);
});

it('commits with a marked statement, answers its rows, and refuses anything after it', async () => {
  const rows = await database.db.transaction().execute(async (trx) => {
    await sql`insert into pipelined values (${1}, ${'one'})`.execute(trx);
    return (
      await trx.executeQuery(
        commitWith(
          sql<{ id: number }>`insert into pipelined values (${2}, ${'two'}) returning id`.compile(trx),
        ),
      )
    ).rows;
  });
  expect(rows).toEqual([{ id: 2 }]);
  expect(await notes()).toEqual([
    { id: 1, note: 'one' },
    { id: 2, note: 'two' },
  ]);

  await expect(
    database.db.transaction().execute(async (trx) => {
      await trx.executeQuery(commitWith(sql`insert into pipelined values (${3}, ${'three'})`.compile(trx)));
      await sql`insert into pipelined values (${4}, ${'four'})`.execute(trx);
    }),
  ).rejects.toThrow(/came after the one its transaction committed with/);
  expect((await notes()).map((row) => row.id)).toEqual([1, 2, 3]);
  await sql`delete from pipelined`.execute(database.db);
});

it('undoes the transaction when the statement sent with COMMIT fails, or the commit itself does', async () => {
  await expect(
    database.db.transaction().execute(async (trx) => {
      await sql`insert into pipelined values (${1}, ${'one'})`.execute(trx);
      await trx.executeQuery(commitWith(sql`insert into pipelined values (${1}, ${'again'})`.compile(trx)));
    }),
  ).rejects.toThrow(/duplicate key/);
  await sql`create table pipelined_child (parent int references pipelined (id) deferrable initially deferred)`.execute(
    database.db,
  );
  // A deferred foreign key is checked at COMMIT: the commit fails, after the statement succeeded.
  await expect(
    database.db.transaction().execute(async (trx) => {
      await sql`insert into pipelined values (${1}, ${'one'})`.execute(trx);
      await trx.executeQuery(commitWith(sql`insert into pipelined_child values (${99})`.compile(trx)));
    }),
  ).rejects.toThrow(/foreign key/);
  expect(await notes()).toEqual([]);
  await sql`insert into pipelined values (${6}, ${'usable'})`.execute(database.db);
  expect(await notes()).toEqual([{ id: 6, note: 'usable' }]);
});

it('runs a statement prepared for opening transactions again under a new name when a migration made it stale', async () => {
  await sql`create table pipelined_stale (id int primary key, amount int not null)`.execute(database.db);
  await sql`insert into pipelined_stale values (1, 10)`.execute(database.db);
  const read = preparedStatement(
    'test_pipelined_stale',
    sql<{ amount: unknown }>`select amount from pipelined_stale where id = ${1} for update`.compile(
      database.db,
    ),
    { openingOnly: true },
  );
  const lockedRead = () =>
    database.db.transaction().execute(async (trx) => (await trx.executeQuery(read)).rows[0]!.amount);
  expect(await lockedRead()).toBe(10);
  // The result type changes: the statement prepared on the pool's one connection is stale.
  await sql`alter table pipelined_stale alter column amount type text`.execute(database.db);
  expect(await lockedRead()).toBe('10');
  // Not the first statement of its transaction: it runs unprepared.
  expect(
    await database.db.transaction().execute(async (trx) => {
      await sql`select 1`.execute(trx);
      return (await trx.executeQuery(read)).rows[0]!.amount;
    }),
  ).toBe('10');
});
