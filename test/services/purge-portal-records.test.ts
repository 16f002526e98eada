import { afterAll, beforeAll, expect, it } from 'vitest';
import { openPortalSession } from '../../src/services/portal/portal-session.ts';
import { purgePortalRecords } from '../../src/services/portal/purge-portal-records.ts';
import { LOGIN_IP_POLICY, recordHit } from '../../src/services/rate-limit.ts';
import { TestClock } from '../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database.close();
});

it('deletes expired sessions and dead rate-limit counters, and keeps live ones', async () => {
  const clock = new TestClock(new Date('2026-11-01T00:00:00Z'));
  const deps = { db: database.db, clock };
  const client = await database.db
    .insertInto('clients')
    .values({ name: 'Purge Co' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const contact = await database.db
    .insertInto('contacts')
    .values({ client_id: client.id, name: 'P', email: 'p@example.com', phone: '', position: 0 })
    .returning('id')
    .executeTakeFirstOrThrow();
  await openPortalSession(database.db, { contactId: contact.id, now: clock.now() });
  await recordHit(database.db, [{ key: 'old', policy: LOGIN_IP_POLICY }], clock.now());
  clock.set('2026-11-20T00:00:00Z');
  const live = await openPortalSession(database.db, { contactId: contact.id, now: clock.now() });
  await recordHit(database.db, [{ key: 'fresh', policy: LOGIN_IP_POLICY }], clock.now());

  expect(await purgePortalRecords(deps)).toEqual({ sessions: 1, tokens: 0, limits: 1 });
  const left = await database.db.selectFrom('portal_sessions').select('expires_at').execute();
  expect(left.map((s) => s.expires_at.toISOString())).toEqual([live.expiresAt.toISOString()]);
  const keys = await database.db.selectFrom('rate_limits').select('key').execute();
  expect(keys.map((k) => k.key)).toEqual(['fresh']);
});
