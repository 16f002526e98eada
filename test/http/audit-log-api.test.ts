/**
 * GET /api/v1/audit-log: admins only, filters and keyset pages, bad filters answered with problem+json naming the
 * field, CSV export; the table refuses updates and deletes except the retention purge.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeAuditLog } from '../../src/services/audit/purge-audit-log.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let adminId: string;
let rateId: string;

beforeAll(async () => {
  t = await startTestApp();
  adminId = (await t.call('GET', '/api/v1/auth/me')).body.userId;
  // The harness's users and tokens were created at 10:00.
  t.clock.set('2026-11-25T11:00:00Z');
  const rate = await t.call('POST', '/api/v1/tax-rates', { name: '=HYPERLINK("x"), "quoted"', rate: '10' });
  rateId = rate.body.id;
  t.clock.set('2026-11-26T10:00:00Z');
  await t.call('PATCH', `/api/v1/tax-rates/${rateId}`, { rate: '12' }, t.financeToken);
  t.clock.set('2026-11-27T10:00:00Z');
  await t.call('PATCH', '/api/v1/settings', { businessName: 'Filtered Ltd' });
});

afterAll(async () => {
  await t?.close();
});

const list = (query: string, token?: string | null) =>
  t.call('GET', `/api/v1/audit-log${query}`, undefined, token);

describe('reading the log', () => {
  it('is for admins only: finance gets 403 problem+json, no credentials 401', async () => {
    const finance = await list('', t.financeToken);
    expect(finance.status).toBe(403);
    expect(finance.headers['content-type']).toContain('application/problem+json');
    expect((await list('', null)).status).toBe(401);
  });

  it('lists newest first and filters by action, actor, entity and period', async () => {
    const all = await list('');
    expect(all.status).toBe(200);
    const actions = all.body.items.map((e: { action: string }) => e.action);
    expect(actions.slice(0, 3)).toEqual(['settings.updated', 'tax_rate.updated', 'tax_rate.created']);

    const byAction = await list('?action=tax_rate.created,tax_rate.updated');
    expect(byAction.body.items.map((e: { action: string }) => e.action)).toEqual([
      'tax_rate.updated',
      'tax_rate.created',
    ]);
    const byEntity = await list(`?entityType=tax_rate&entityId=${rateId}`);
    expect(byEntity.body.items).toHaveLength(2);
    expect(byEntity.body.items[0]).toMatchObject({
      entity: { type: 'tax_rate', id: rateId },
      before: { rate: '10' },
      after: { rate: '12' },
      actor: { type: 'api_token' },
    });
    const byActor = await list(`?actor=${adminId}&entityType=tax_rate`);
    expect(byActor.body.items.map((e: { action: string }) => e.action)).toEqual(['tax_rate.created']);
    const period = await list('?from=2026-11-26T00:00:00Z&to=2026-11-27T00:00:00Z');
    expect(period.body.items.map((e: { action: string }) => e.action)).toEqual(['tax_rate.updated']);
  });

  it('pages with nextCursor', async () => {
    const first = await list('?limit=2');
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await list(`?limit=2&cursor=${first.body.nextCursor}`);
    const ids = [...first.body.items, ...second.body.items].map((e: { id: string }) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(second.body.items.length).toBeGreaterThan(0);
  });

  it('answers bad filters with problem+json naming the field', async () => {
    const cases: [string, number, string][] = [
      ['?action=user.exploded', 400, 'querystring.action.0'],
      ['?from=yesterday', 400, 'querystring.from'],
      ['?actor=42', 400, 'querystring.actor'],
      ['?entityType=planet', 400, 'querystring.entityType'],
      ['?format=xml', 400, 'querystring.format'],
      ['?limit=0', 400, 'querystring.limit'],
      ['?colour=blue', 400, 'querystring.colour'],
      ['?from=2026-11-27T00:00:00Z&to=2026-11-26T00:00:00Z', 422, 'to'],
      ['?entityId=abc', 422, 'entityType'],
      ['?cursor=not-a-cursor', 422, 'cursor'],
    ];
    for (const [query, status, field] of cases) {
      const response = await list(query);
      expect(response.status, query).toBe(status);
      expect(response.headers['content-type'], query).toContain('application/problem+json');
      expect(
        response.body.errors.map((e: { field: string }) => e.field),
        query,
      ).toContain(field);
    }
  });
});

describe('CSV export', () => {
  it('streams the matching entries as RFC 4180 CSV, safe to open in a spreadsheet, and records the export', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/v1/audit-log?format=csv&entityType=tax_rate&entityId=${rateId}`,
      headers: { authorization: `Bearer ${t.adminToken}` },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="remit-audit-log-/);
    const lines = response.body.split('\r\n');
    expect(lines[0]).toBe(
      'at,actor_type,actor_name,actor_user_id,actor_token_id,action,entity_type,entity_id,before,after,request_id,ip,user_agent',
    );
    expect(lines).toHaveLength(4); // header, two entries, and the empty string after the last CRLF
    expect(lines[2]).toContain(',tax_rate.created,');
    // JSON in a cell: quotes doubled and the cell quoted; the formula-looking name is only text inside the JSON.
    expect(lines[2]).toContain('"{""name"":""=HYPERLINK(\\""x\\""), \\""quoted\\""""');
    const exported = await list('?action=audit_log.exported');
    expect(exported.body.items).toHaveLength(1);
    expect(exported.body.items[0].after.filter).toMatchObject({ entityType: 'tax_rate', entityId: rateId });
  });

  it('starts a cell that a spreadsheet would run as a formula with an apostrophe', async () => {
    t.clock.set('2026-11-28T10:00:00Z');
    await t.call('POST', '/api/v1/api-tokens', { name: '=cmd|calc' });
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit-log?format=csv&action=api_token.created',
      headers: { authorization: `Bearer ${t.adminToken}`, 'user-agent': '@evil' },
    });
    expect(response.body).toContain(`,api_token.created,`);
    const exportEntry = await list('?action=audit_log.exported&limit=1');
    expect(exportEntry.body.items[0].userAgent).toBe('@evil');
    const csv = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit-log?format=csv&action=audit_log.exported',
      headers: { authorization: `Bearer ${t.adminToken}` },
    });
    expect(csv.body).toContain(",'@evil");
  });

  it('refuses a bad filter before anything is written', async () => {
    const before = await list('?action=audit_log.exported');
    const response = await list('?format=csv&from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z');
    expect(response.status).toBe(422);
    expect(response.body.errors[0].field).toBe('to');
    expect((await list('?action=audit_log.exported')).body.items).toHaveLength(before.body.items.length);
  });
});

describe('append-only and retention', () => {
  it('refuses UPDATE, DELETE and TRUNCATE', async () => {
    await expect(sql`update audit_log set action = 'settings.updated'`.execute(t.deps.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from audit_log`.execute(t.deps.db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(t.deps.db)).rejects.toThrow(/append-only/);
  });

  it('the purge removes entries older than the retention setting, and only those', async () => {
    const count = async () =>
      Number(
        (
          await t.deps.db
            .selectFrom('audit_log')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const total = await count();
    t.clock.set('2026-12-26T10:00:00Z');
    expect((await t.call('PATCH', '/api/v1/settings', { auditRetentionDays: 30 })).status).toBe(200);
    // 30 days before 2026-12-26T12:00Z: the entries of Nov 25 and 26 go (the harness's four and the tax rate's
    // two); Nov 27 and later stay.
    t.clock.set('2026-12-26T12:00:00Z');
    expect(await purgeAuditLog(t.deps)).toEqual({ entries: 6 });
    expect(await count()).toBe(total + 1 - 6);
    const oldest = await t.deps.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.min('created_at').as('at'))
      .executeTakeFirstOrThrow();
    expect(oldest.at).toEqual(new Date('2026-11-27T10:00:00Z'));
    const left = await list('?entityType=tax_rate');
    expect(left.body.items).toEqual([]);
    expect(await purgeAuditLog(t.deps)).toEqual({ entries: 0 });
  });
});
