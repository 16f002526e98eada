/**
 * Webhook retention: deliveries delivered longer ago than settings.webhook_retention_days go with their attempts,
 * then the events no delivery needs; deliveries still to deliver (pending, retrying, failed) stay whatever their
 * age, with their event and attempts, so they can be redelivered.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { purgeWebhookDeliveries } from '../../../src/services/webhooks/purge-webhook-deliveries.ts';
import { TestClock } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database.close();
});

const DAY = 86_400_000;
const now = new Date('2026-11-30T12:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * DAY);

async function endpoint(url: string) {
  return database.db
    .insertInto('webhook_endpoints')
    .values({ url, event_types: ['invoice.paid'], secret_encrypted: 'x' })
    .returning('id')
    .executeTakeFirstOrThrow();
}

async function event(name: string, at: Date) {
  return database.db
    .insertInto('outgoing_events')
    .values({ type: 'invoice.paid', data: JSON.stringify({ name }), created_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
}

async function delivery(
  endpointId: string,
  eventId: string,
  state: 'pending' | 'retrying' | 'delivered' | 'failed',
  at: Date,
) {
  const row = await database.db
    .insertInto('webhook_deliveries')
    .values({
      endpoint_id: endpointId,
      event_id: eventId,
      state,
      next_attempt_at: at,
      created_at: at,
      delivered_at: state === 'delivered' ? at : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await database.db
    .insertInto('webhook_attempts')
    .values({ delivery_id: row.id, attempted_at: at, duration_ms: 5, status_code: 200 })
    .execute();
  return row.id;
}

it('purges old delivered deliveries and events nobody needs, and keeps what may be redelivered', async () => {
  const a = await endpoint('https://a.example.com/hook');
  const b = await endpoint('https://b.example.com/hook');

  const oldDone = await event('old, delivered everywhere', daysAgo(45));
  const oldMixed = await event('old, failed at b', daysAgo(45));
  const oldRetrying = await event('old, still retrying', daysAgo(40));
  const recent = await event('recent, delivered', daysAgo(5));
  const orphan = await event('old, no delivery', daysAgo(60));
  // The fan-out trigger delivers each new event to both endpoints; this test sets the deliveries itself.
  await database.db.deleteFrom('webhook_deliveries').execute();

  const purged = [
    await delivery(a.id, oldDone.id, 'delivered', daysAgo(45)),
    await delivery(b.id, oldDone.id, 'delivered', daysAgo(44)),
    await delivery(a.id, oldMixed.id, 'delivered', daysAgo(45)),
  ];
  const kept = [
    await delivery(b.id, oldMixed.id, 'failed', daysAgo(43)),
    await delivery(a.id, oldRetrying.id, 'retrying', daysAgo(40)),
    await delivery(b.id, oldRetrying.id, 'pending', daysAgo(40)),
    await delivery(a.id, recent.id, 'delivered', daysAgo(5)),
  ];

  const deps = { db: database.db, clock: new TestClock(now) };
  expect(await purgeWebhookDeliveries(deps)).toEqual({ deliveries: 3, events: 2 });

  const deliveries = await database.db.selectFrom('webhook_deliveries').select('id').execute();
  expect(deliveries.map((row) => row.id).sort()).toEqual([...kept].sort());
  const attempts = await database.db.selectFrom('webhook_attempts').select('delivery_id').execute();
  expect(attempts.map((row) => row.delivery_id).sort()).toEqual([...kept].sort());
  expect(purged.some((id) => deliveries.some((row) => row.id === id))).toBe(false);
  const events = await database.db.selectFrom('outgoing_events').select('id').execute();
  expect(events.map((row) => row.id).sort()).toEqual([oldMixed.id, oldRetrying.id, recent.id].sort());
  expect(events.some((row) => row.id === orphan.id)).toBe(false);

  // A shorter retention reaches the recent delivery too; running again finds nothing more.
  await database.db.updateTable('settings').set({ webhook_retention_days: 1 }).execute();
  expect(await purgeWebhookDeliveries(deps)).toEqual({ deliveries: 1, events: 1 });
  expect(await purgeWebhookDeliveries(deps)).toEqual({ deliveries: 0, events: 0 });
  const left = await database.db.selectFrom('webhook_deliveries').select('state').orderBy('state').execute();
  expect(left.map((row) => row.state)).toEqual(['failed', 'pending', 'retrying']);
});

it('refuses a retention outside 1 to 3650 days in the database too', async () => {
  await expect(
    database.db.updateTable('settings').set({ webhook_retention_days: 0 }).execute(),
  ).rejects.toThrow(/webhook_retention_days/);
});
