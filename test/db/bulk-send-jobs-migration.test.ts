/**
 * Migration 028 on bulk sends recorded before it (sent within the request): they read as done, with their counts
 * from their items, and the items' 'queued' reads 'sent'. Down and up again keep them.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { down, up } from '../../src/db/migrations/028-bulk-send-jobs.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let database: TestDatabase;
const q = (text: string, values: unknown[] = []) => database.pool.query(text, values);

beforeAll(async () => {
  database = await createTestDatabase();
  await down(database.db as unknown as Kysely<unknown>);
  const { rows } = await q(
    `insert into bulk_sends (created_by_name, issue_drafts, created_at)
     values ('Ada', false, '2026-11-20T10:00:00Z') returning id`,
  );
  await q(
    `insert into bulk_send_items (bulk_send_id, invoice_id, position, outcome, skip_reason, skip_message) values
       ($1, gen_random_uuid(), 0, 'queued', null, null),
       ($1, gen_random_uuid(), 1, 'queued', null, null),
       ($1, gen_random_uuid(), 2, 'skipped', 'void', 'Cannot send an invoice that is void')`,
    [rows[0].id],
  );
  await up(database.db as unknown as Kysely<unknown>);
});

afterAll(async () => {
  await database?.close();
});

describe('migration 028: bulk sends as background jobs', () => {
  it('reads a bulk send from before as done, counted from its items', async () => {
    const { rows } = await q(
      'select state, total, sent, skipped, failed, started_at, finished_at, actor from bulk_sends',
    );
    expect(rows).toEqual([
      {
        state: 'done',
        total: 3,
        sent: 2,
        skipped: 1,
        failed: 0,
        started_at: new Date('2026-11-20T10:00:00Z'),
        finished_at: new Date('2026-11-20T10:00:00Z'),
        actor: null,
      },
    ]);
    const items = await q('select outcome, skip_reason from bulk_send_items order by position');
    expect(items.rows.map((row) => [row.outcome, row.skip_reason])).toEqual([
      ['sent', null],
      ['sent', null],
      ['skipped', 'void'],
    ]);
  });

  it('records new bulk sends as queued, and refuses an outcome it does not know', async () => {
    const { rows } = await q(
      `insert into bulk_sends (created_by_name, issue_drafts) values ('Ada', true) returning state`,
    );
    expect(rows[0].state).toBe('queued');
    await expect(
      q(
        `insert into bulk_send_items (bulk_send_id, invoice_id, position, outcome)
         select id, gen_random_uuid(), 0, 'queued' from bulk_sends limit 1`,
      ),
    ).rejects.toThrow(/bulk_send_items_outcome_check/);
  });
});
