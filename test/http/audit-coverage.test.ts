/**
 * Audit log coverage beyond settings, users, tax rates and gateways: webhook endpoints and webhook settings
 * (docs/audit-log.md). One entry per change with the changed fields; secrets never in before or after.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AuditLogRow } from '../../src/db/schema-audit.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let adminId: string;
const seen = new Set<string>();

/** The entries written since the last call, oldest first. */
async function newEntries(): Promise<AuditLogRow[]> {
  const rows = await t.deps.db
    .selectFrom('audit_log')
    .selectAll()
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const fresh = rows.filter((row) => !seen.has(row.id));
  for (const row of fresh) seen.add(row.id);
  return fresh;
}

beforeAll(async () => {
  t = await startTestApp();
  adminId = (await t.call('GET', '/api/v1/auth/me')).body.userId;
});

beforeEach(async () => {
  await newEntries();
});

afterAll(async () => {
  await t?.close();
});

describe('webhooks', () => {
  it('records endpoint creation, change, secret rotation and deletion, never the secret', async () => {
    const secret = 'whsec_audit_secret_0123456789';
    const rotated = 'whsec_rotated_secret_9876543210';
    const created = await t.call('POST', '/api/v1/webhook-endpoints', {
      url: 'https://93.184.215.14/remit',
      eventTypes: ['invoice.paid'],
      secret,
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    t.clock.set('2026-11-25T10:00:01Z');
    const changed = await t.call('PATCH', `/api/v1/webhook-endpoints/${id}`, {
      eventTypes: ['invoice.paid', 'invoice.voided'],
      secret: rotated,
    });
    expect(changed.status).toBe(200);
    t.clock.set('2026-11-25T10:00:02Z');
    expect((await t.call('PATCH', `/api/v1/webhook-endpoints/${id}`, { description: '' })).status).toBe(200);
    expect((await t.call('DELETE', `/api/v1/webhook-endpoints/${id}`)).status).toBe(204);

    const entries = await newEntries();
    expect(entries.map((entry) => entry.action)).toEqual([
      'webhook_endpoint.created',
      'webhook_endpoint.updated',
      'webhook_endpoint.deleted',
    ]);
    for (const entry of entries) {
      expect(entry).toMatchObject({ entity_type: 'webhook_endpoint', entity_id: id, actor_user_id: adminId });
    }
    expect(entries[0]!.before).toBeNull();
    expect(entries[0]!.after).toEqual({
      url: 'https://93.184.215.14/remit',
      description: '',
      eventTypes: ['invoice.paid'],
      enabled: true,
      secret: '[set]',
    });
    expect(entries[1]!.before).toEqual({ eventTypes: ['invoice.paid'], secret: '[redacted]' });
    expect(entries[1]!.after).toEqual({
      eventTypes: ['invoice.paid', 'invoice.voided'],
      secret: '[changed]',
    });
    expect(entries[2]!.after).toBeNull();
    const text = JSON.stringify(entries);
    expect(text).not.toContain(secret);
    expect(text).not.toContain(rotated);
  });

  it('records nothing for a refused endpoint', async () => {
    const refused = await t.call('POST', '/api/v1/webhook-endpoints', {
      url: 'http://127.0.0.1/hook',
      eventTypes: ['invoice.paid'],
    });
    expect(refused.status).toBe(422);
    expect(await newEntries()).toEqual([]);
  });

  it('records the webhook settings, retention included, and refuses a retention out of range', async () => {
    const response = await t.call('PATCH', '/api/v1/settings/webhooks', { retentionDays: 7 });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ allowPrivateTargets: false, retentionDays: 7 });
    const [entry, ...rest] = await newEntries();
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      action: 'settings.updated',
      before: { webhookRetentionDays: 30 },
      after: { webhookRetentionDays: 7 },
    });
    const bad = await t.call('PATCH', '/api/v1/settings/webhooks', { retentionDays: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: { field: string }) => error.field)).toContain('retentionDays');
    expect((await t.call('GET', '/api/v1/settings/webhooks')).body.retentionDays).toBe(7);
    expect(await newEntries()).toEqual([]);
  });
});
