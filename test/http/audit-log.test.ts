/**
 * The audit log records each staff and API action on settings, SMTP, gateways, users, tax rates, API tokens and
 * sign-ins: exactly one entry per change, with who, from where, and the changed fields before and after, never a
 * secret. A refused change records nothing.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AuditLogRow } from '../../src/db/schema-audit.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let adminId: string;
let adminTokenId: string;
let financeId: string;
const seen = new Set<string>();

/** The entries written since the last call, oldest first. */
async function newEntries(): Promise<AuditLogRow[]> {
  const rows = await t.deps.db.selectFrom('audit_log').selectAll().orderBy('created_at').execute();
  const fresh = rows.filter((row) => !seen.has(row.id));
  for (const row of fresh) seen.add(row.id);
  return fresh;
}

async function oneEntry(): Promise<AuditLogRow> {
  const entries = await newEntries();
  expect(entries.map((e) => e.action)).toHaveLength(1);
  return entries[0]!;
}

beforeAll(async () => {
  t = await startTestApp();
  const me = await t.call('GET', '/api/v1/auth/me');
  adminId = me.body.userId;
  adminTokenId = me.body.id;
  const finance = await t.call('GET', '/api/v1/auth/me', undefined, t.financeToken);
  financeId = finance.body.userId;
});

beforeEach(async () => {
  await newEntries();
});

afterAll(async () => {
  await t?.close();
});

describe('settings', () => {
  it('records the changed fields with the actor, request id, address and user agent', async () => {
    const response = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/settings',
      headers: {
        authorization: `Bearer ${t.adminToken}`,
        'user-agent': 'audit-test/1.0',
        'x-request-id': 'req-42',
      },
      payload: { businessName: 'Audited Ltd', timeZone: 'Europe/Paris', auditRetentionDays: 500 },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().auditRetentionDays).toBe(500);
    const entry = await oneEntry();
    expect(entry).toMatchObject({
      action: 'settings.updated',
      entity_type: 'settings',
      actor_type: 'api_token',
      actor_user_id: adminId,
      actor_token_id: adminTokenId,
      request_id: 'req-42',
      ip: '127.0.0.1',
      user_agent: 'audit-test/1.0',
    });
    expect(Object.keys(entry.after!).sort()).toEqual(['auditRetentionDays', 'businessName', 'timeZone']);
    expect(entry.after).toMatchObject({ businessName: 'Audited Ltd', timeZone: 'Europe/Paris' });
    expect(entry.before).toMatchObject({ auditRetentionDays: 400 });
  });

  it('records nothing for a refused change, even one refused after the first write', async () => {
    expect((await t.call('PATCH', '/api/v1/settings', { timeZone: 'Mars/Olympus' })).status).toBe(422);
    const unknownRate = await t.call('PATCH', '/api/v1/settings', {
      businessName: 'Never saved',
      defaultTaxRateIds: ['00000000-0000-4000-8000-000000000000'],
    });
    expect(unknownRate.status).toBe(422);
    expect(unknownRate.body.errors[0].field).toBe('defaultTaxRateIds.0');
    expect((await t.call('GET', '/api/v1/settings')).body.businessName).toBe('Audited Ltd');
    expect(await newEntries()).toEqual([]);
  });

  it('records nothing when nothing changes', async () => {
    expect((await t.call('PATCH', '/api/v1/settings', { businessName: 'Audited Ltd' })).status).toBe(200);
    expect(await newEntries()).toEqual([]);
  });

  it('keeps the audit retention between 30 and 3650 days, naming the field', async () => {
    const short = await t.call('PATCH', '/api/v1/settings', { auditRetentionDays: 7 });
    expect(short.status).toBe(400);
    expect(short.headers['content-type']).toContain('application/problem+json');
    expect(short.body.errors[0].field).toBe('auditRetentionDays');
    expect(await newEntries()).toEqual([]);
  });

  it('SMTP: a new password shows as changed and its value is nowhere in the log', async () => {
    const smtp = {
      host: 'smtp.example.com',
      port: 587,
      security: 'starttls',
      username: 'mailer',
      password: 'smtp-Secret-123',
      fromAddress: 'billing@example.com',
    };
    expect((await t.call('PUT', '/api/v1/settings/smtp', smtp)).status).toBe(200);
    const created = await oneEntry();
    expect(created.action).toBe('smtp.settings_updated');
    expect(created.after).toMatchObject({
      host: 'smtp.example.com',
      passwordSet: true,
      password: '[changed]',
    });
    expect(JSON.stringify(created)).not.toContain('smtp-Secret-123');

    const { password: _kept, ...samePassword } = smtp;
    expect((await t.call('PUT', '/api/v1/settings/smtp', { ...samePassword, port: 465 })).status).toBe(200);
    const changed = await oneEntry();
    expect(changed.before).toEqual({ port: 587 });
    expect(changed.after).toEqual({ port: 465 });

    expect((await t.call('DELETE', '/api/v1/settings/smtp')).status).toBe(204);
    const deleted = await oneEntry();
    expect(deleted.action).toBe('smtp.settings_deleted');
    expect(deleted.before).toMatchObject({ host: 'smtp.example.com', passwordSet: true });
    expect(deleted.after).toBeNull();
  });

  it('gateway settings: credentials show only as set or changed', async () => {
    const put = await t.call('PUT', '/api/v1/settings/gateways/stripe', {
      enabled: true,
      credentials: { secretKey: 'sk_test_audit_secret', webhookSecret: 'whsec_audit_secret' },
    });
    expect(put.status).toBe(200);
    const entry = await oneEntry();
    expect(entry).toMatchObject({
      action: 'gateway.settings_updated',
      entity_type: 'gateway',
      entity_id: 'stripe',
    });
    expect(entry.before).toEqual({
      enabled: false,
      credentials: { secretKey: '[not set]', webhookSecret: '[not set]' },
    });
    expect(entry.after).toEqual({
      enabled: true,
      credentials: { secretKey: '[changed]', webhookSecret: '[changed]' },
    });
    expect(JSON.stringify(entry)).not.toMatch(/sk_test_audit|whsec_audit/);

    const refused = await t.call('PUT', '/api/v1/settings/gateways/stripe', {
      credentials: { secretKey: ' padded ' },
    });
    expect(refused.status).toBe(422);
    expect(await newEntries()).toEqual([]);
  });
});

describe('users', () => {
  it('records creation, role change, password change and deactivation, one entry each', async () => {
    const created = await t.call('POST', '/api/v1/users', {
      email: 'audited@example.com',
      name: 'Audited',
      role: 'finance',
      password: 'first-password-1',
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const entry = await oneEntry();
    expect(entry).toMatchObject({ action: 'user.created', entity_type: 'user', entity_id: id, before: null });
    expect(entry.after).toEqual({
      email: 'audited@example.com',
      name: 'Audited',
      role: 'finance',
      active: true,
    });

    expect((await t.call('PATCH', `/api/v1/users/${id}`, { role: 'admin', name: 'Boss' })).status).toBe(200);
    const role = await oneEntry();
    expect(role.action).toBe('user.role_changed');
    expect(role.before).toEqual({ role: 'finance', name: 'Audited' });
    expect(role.after).toEqual({ role: 'admin', name: 'Boss' });

    expect((await t.call('PATCH', `/api/v1/users/${id}`, { password: 'second-password-2' })).status).toBe(
      200,
    );
    const password = await oneEntry();
    expect(password.action).toBe('user.password_changed');
    expect(password.after).toEqual({ password: '[changed]' });
    expect(JSON.stringify(password)).not.toMatch(/second-password|argon2/);

    expect((await t.call('PATCH', `/api/v1/users/${id}`, { active: false })).status).toBe(200);
    const deactivated = await oneEntry();
    expect(deactivated).toMatchObject({
      action: 'user.deactivated',
      before: { active: true },
      after: { active: false },
    });

    expect((await t.call('PATCH', `/api/v1/users/${id}`, { active: true })).status).toBe(200);
    expect((await oneEntry()).action).toBe('user.reactivated');
  });

  it('records nothing when the change is refused (the last admin, a duplicate email)', async () => {
    const admins = await t.deps.db.selectFrom('users').select('id').where('role', '=', 'admin').execute();
    for (const admin of admins.filter((a) => a.id !== adminId)) {
      await t.call('PATCH', `/api/v1/users/${admin.id}`, { active: false });
    }
    await newEntries();
    const lastAdmin = await t.call('PATCH', `/api/v1/users/${adminId}`, { role: 'finance' });
    expect(lastAdmin.status).toBe(409);
    const duplicate = await t.call('POST', '/api/v1/users', {
      email: 'audited@example.com',
      role: 'finance',
      password: 'another-password',
    });
    expect(duplicate.status).toBe(409);
    expect(await newEntries()).toEqual([]);
  });
});

describe('tax rates', () => {
  it('records creation, change, archiving and restoring, with the finance user as actor', async () => {
    const created = await t.call('POST', '/api/v1/tax-rates', { name: 'VAT', rate: '20' }, t.financeToken);
    expect(created.status).toBe(201);
    const id = created.body.id;
    const entry = await oneEntry();
    expect(entry).toMatchObject({ action: 'tax_rate.created', entity_id: id, actor_user_id: financeId });
    expect(entry.after).toMatchObject({ name: 'VAT', rate: '20', archived: false });

    expect((await t.call('PATCH', `/api/v1/tax-rates/${id}`, { rate: '21' })).status).toBe(200);
    expect(await oneEntry()).toMatchObject({
      action: 'tax_rate.updated',
      before: { rate: '20' },
      after: { rate: '21' },
    });

    expect((await t.call('PATCH', `/api/v1/tax-rates/${id}`, { archived: true })).status).toBe(200);
    expect((await oneEntry()).action).toBe('tax_rate.archived');
    expect((await t.call('PATCH', `/api/v1/tax-rates/${id}`, { archived: false })).status).toBe(200);
    expect((await oneEntry()).action).toBe('tax_rate.restored');

    const refused = await t.call('PATCH', `/api/v1/tax-rates/${id}`, { inclusive: true, compound: true });
    expect(refused.status).toBe(422);
    const refusedCreate = await t.call('POST', '/api/v1/tax-rates', { name: '  ', rate: '5' });
    expect(refusedCreate.status).toBe(422);
    expect(await newEntries()).toEqual([]);
  });
});

describe('API tokens and sign-in', () => {
  it('records a token created and revoked, never the token or its hash', async () => {
    const created = await t.call('POST', '/api/v1/api-tokens', { name: 'CI' });
    expect(created.status).toBe(201);
    const entry = await oneEntry();
    expect(entry).toMatchObject({ action: 'api_token.created', entity_id: created.body.id });
    expect(entry.after).toEqual({ name: 'CI', userId: adminId });
    const hash = await t.deps.db
      .selectFrom('api_tokens')
      .select('token_hash')
      .where('id', '=', created.body.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(entry)).not.toContain(created.body.token);
    expect(JSON.stringify(entry)).not.toContain(hash.token_hash);

    expect((await t.call('DELETE', `/api/v1/api-tokens/${created.body.id}`)).status).toBe(204);
    expect(await oneEntry()).toMatchObject({ action: 'api_token.revoked', after: { name: 'CI' } });
    expect((await t.call('DELETE', `/api/v1/api-tokens/${created.body.id}`)).status).toBe(404);
    expect(await newEntries()).toEqual([]);
  });

  it('records logins that failed and succeeded, and the logout', async () => {
    const login = (password: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'user-agent': 'browser/2' },
        payload: { email: 'finance@example.com', password },
      });
    expect((await login('not-the-password')).statusCode).toBe(401);
    const failed = await oneEntry();
    expect(failed).toMatchObject({
      action: 'auth.login_failed',
      actor_type: 'anonymous',
      actor_user_id: null,
      entity_id: financeId,
      user_agent: 'browser/2',
      after: { email: 'finance@example.com', reason: 'wrong password' },
    });
    expect(JSON.stringify(failed)).not.toContain('not-the-password');

    const ok = await login('finance-password');
    expect(ok.statusCode).toBe(200);
    expect(await oneEntry()).toMatchObject({
      action: 'auth.login_succeeded',
      actor_type: 'user',
      actor_user_id: financeId,
    });
    const cookie = ok.cookies.find((c) => c.name === 'remit_session')!.value;
    const logout = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      cookies: { remit_session: cookie },
    });
    expect(logout.statusCode).toBe(204);
    expect(await oneEntry()).toMatchObject({ action: 'auth.logout', actor_user_id: financeId });
  });
});
