import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { stringify } from 'safe-stable-stringify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { claimIdempotencyKey } from '../../src/services/idempotency/claim-idempotency-key.ts';
import { purgeIdempotencyKeys } from '../../src/services/idempotency/purge-idempotency-keys.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let clientId: string;
let adminUserId: string;

beforeAll(async () => {
  t = await startTestApp();
  const client = await t.call('POST', '/api/v1/clients', { name: 'Retry Ltd', currency: 'USD' });
  expect(client.status).toBe(201);
  clientId = client.body.id;
  const me = await t.call('GET', '/api/v1/auth/me');
  adminUserId = me.body.userId;
  expect(adminUserId).toMatch(/^[0-9a-f-]{36}$/);
});

afterAll(async () => {
  await t.close();
});

interface Sent {
  status: number;
  body: any;
  headers: Record<string, unknown>;
}

/** A POST as the admin (or `token`'s owner) carrying an Idempotency-Key. */
async function post(url: string, body: unknown, key: string, token = t.adminToken): Promise<Sent> {
  const response = await t.app.inject({
    method: 'POST',
    url,
    headers: { authorization: `Bearer ${token}`, 'idempotency-key': key },
    payload: body as object,
  });
  const json = response.headers['content-type']?.toString().includes('json');
  return {
    status: response.statusCode,
    body: json ? JSON.parse(response.body) : response.body,
    headers: response.headers,
  };
}

const invoiceBody = (description: string) => ({
  clientId,
  currency: 'USD',
  issueDate: '2026-11-20',
  paymentTerms: 'net_30',
  taxes: [],
  lines: [{ description, quantity: '1', unitPrice: '100.00' }],
});

async function countRows(table: 'invoices' | 'clients' | 'payments', column: string, value: string) {
  const row = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where ${sql.ref(
    column,
  )} = ${value}`.execute(t.deps.db);
  return row.rows[0]!.n;
}

async function invoicesDescribed(description: string) {
  const row = await sql<{ n: number }>`
    select count(distinct invoice_id)::int as n from invoice_lines where description = ${description}
  `.execute(t.deps.db);
  return row.rows[0]!.n;
}

describe('Idempotency-Key on creating POSTs', () => {
  it('replays an invoice create: same status, id and body, marked replayed, one invoice', async () => {
    const body = invoiceBody('Replayed invoice');
    const first = await post('/api/v1/invoices', body, 'invoice-key-1');
    expect(first.status).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await post('/api/v1/invoices', body, 'invoice-key-1');
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers['content-type']).toBe(first.headers['content-type']);
    expect(again.body).toEqual(first.body);
    expect(await invoicesDescribed('Replayed invoice')).toBe(1);
  });

  it('treats the same JSON with its keys in another order as the same body', async () => {
    const body = invoiceBody('Reordered invoice');
    const first = await post('/api/v1/invoices', body, 'invoice-key-order');
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const again = await post('/api/v1/invoices', reordered, 'invoice-key-order');
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(await invoicesDescribed('Reordered invoice')).toBe(1);
  });

  it('keeps no readable secret: a new API token is replayed but not stored, a password not guessable from its row', async () => {
    const created = await post('/api/v1/api-tokens', { name: 'deploy' }, 'token-key');
    expect(created.status).toBe(201);
    const replayed = await post('/api/v1/api-tokens', { name: 'deploy' }, 'token-key');
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(replayed.body.token).toBe(created.body.token);

    const user = { email: 'new.user@example.com', password: 'correct horse battery', role: 'finance' };
    expect((await post('/api/v1/users', user, 'user-key')).status).toBe(201);
    const rows = await sql<{ key: string; body_sha256: string; response: string }>`
      select key, body_sha256, convert_from(response_body, 'UTF8') as response
      from idempotency_keys where key in ('token-key', 'user-key')
    `.execute(t.deps.db);
    expect(rows.rows).toHaveLength(2);
    for (const row of rows.rows) {
      expect(row.response).not.toContain(created.body.token);
      expect(row.response).not.toContain('new.user@example.com');
    }
    const plainHash = createHash('sha256').update(stringify(user)).digest('hex');
    expect(rows.rows.find((row) => row.key === 'user-key')!.body_sha256).not.toBe(plainHash);
  });

  it('replays a client create', async () => {
    const body = { name: 'Once Only Client', currency: 'EUR' };
    const first = await post('/api/v1/clients', body, 'client-key-1');
    const again = await post('/api/v1/clients', body, 'client-key-1');
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await countRows('clients', 'name', 'Once Only Client')).toBe(1);
  });

  it('replays a payment create', async () => {
    const draft = await t.call('POST', '/api/v1/invoices', invoiceBody('Paid once'));
    const sent = await t.call('POST', `/api/v1/invoices/${draft.body.id}/mark-sent`);
    expect(sent.status).toBe(200);
    const payment = { method: 'bank_transfer', amount: '40.00', paidOn: '2026-11-24', reference: 'R1' };
    const url = `/api/v1/invoices/${draft.body.id}/payments`;
    const first = await post(url, payment, 'payment-key-1');
    const again = await post(url, payment, 'payment-key-1');
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body.payment.id).toBe(first.body.payment.id);
    expect(await countRows('payments', 'invoice_id', draft.body.id)).toBe(1);
    const invoice = await t.call('GET', `/api/v1/invoices/${draft.body.id}`);
    expect(invoice.body.totals.amountPaid).toBe('40.00');
  });

  it('answers 422 problem+json when the key comes back with another body, route or invoice', async () => {
    const first = await post('/api/v1/clients', { name: 'Key Owner' }, 'reused-key');
    expect(first.status).toBe(201);
    const otherBody = await post('/api/v1/clients', { name: 'Someone Else' }, 'reused-key');
    expect(otherBody.status).toBe(422);
    expect(otherBody.headers['content-type']).toContain('application/problem+json');
    expect(otherBody.body).toMatchObject({ status: 422, code: 'idempotency_key_reused' });
    expect(otherBody.body.errors).toEqual([
      { field: 'Idempotency-Key', label: expect.any(String), message: expect.any(String) },
    ]);
    const otherRoute = await post('/api/v1/projects', { clientId, name: 'Key Owner' }, 'reused-key');
    expect(otherRoute.status).toBe(422);
    expect(await countRows('clients', 'name', 'Someone Else')).toBe(0);

    const a = await t.call('POST', '/api/v1/invoices', invoiceBody('Invoice A'));
    const b = await t.call('POST', '/api/v1/invoices', invoiceBody('Invoice B'));
    for (const invoice of [a, b]) await t.call('POST', `/api/v1/invoices/${invoice.body.id}/mark-sent`);
    const payment = { method: 'cash', amount: '1.00', paidOn: '2026-11-24' };
    expect((await post(`/api/v1/invoices/${a.body.id}/payments`, payment, 'pay-key')).status).toBe(201);
    expect((await post(`/api/v1/invoices/${b.body.id}/payments`, payment, 'pay-key')).status).toBe(422);
    expect(await countRows('payments', 'invoice_id', b.body.id)).toBe(0);
  });

  it('keeps each user’s keys apart: another user with the same key creates their own', async () => {
    const mine = await post('/api/v1/clients', { name: 'Admin Client' }, 'shared-key');
    const theirs = await post('/api/v1/clients', { name: 'Finance Client' }, 'shared-key', t.financeToken);
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.body.id).not.toBe(mine.body.id);
    const theirsAgain = await post(
      '/api/v1/clients',
      { name: 'Finance Client' },
      'shared-key',
      t.financeToken,
    );
    expect(theirsAgain.body.id).toBe(theirs.body.id);
  });

  it('runs 20 concurrent requests with one key once: one invoice, the others replay it or answer 409', async () => {
    const body = invoiceBody('Concurrent invoice');
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => post('/api/v1/invoices', body, 'concurrent-key')),
    );
    expect(await invoicesDescribed('Concurrent invoice')).toBe(1);
    const created = responses.filter((r) => r.status === 201);
    const busy = responses.filter((r) => r.status === 409);
    expect(created.length + busy.length).toBe(20);
    expect(created.filter((r) => r.headers['idempotent-replayed'] === undefined)).toHaveLength(1);
    expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
    for (const response of busy) {
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body.code).toBe('idempotency_key_in_use');
      expect(response.headers['retry-after']).toBe('1');
    }
    const later = await post('/api/v1/invoices', body, 'concurrent-key');
    expect(later.status).toBe(201);
    expect(later.body.id).toBe(created[0]!.body.id);
  });

  it('gives a client that gave up waiting (socket closed) the answer when it retries', async () => {
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = t.app.server.address() as AddressInfo;
    const body = JSON.stringify({ name: 'Impatient Client' });
    // A transaction holding the clients table keeps the request waiting while its client hangs up.
    const blocker = await t.database.pool.connect();
    await blocker.query('begin; lock table clients in exclusive mode');
    try {
      const hungUp = new Promise<string>((resolve) => {
        const req = httpRequest({
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/v1/clients',
          headers: {
            authorization: `Bearer ${t.adminToken}`,
            'content-type': 'application/json',
            'idempotency-key': 'gave-up-key',
          },
        });
        req.on('error', (error) => resolve(error.message));
        req.end(body, () => {
          // The request reached the server and claimed its key: now the client gives up.
          vi.waitFor(async () => {
            const row = await sql`select 1 from idempotency_keys where key = 'gave-up-key'`.execute(
              t.deps.db,
            );
            expect(row.rows).toHaveLength(1);
          }).then(() => req.destroy(new Error('client timed out')));
        });
      });
      expect(await hungUp).toBe('client timed out');
    } finally {
      await blocker.query('commit');
      blocker.release();
    }
    await vi.waitFor(async () => {
      const row = await sql<{ state: string }>`
        select state from idempotency_keys where key = 'gave-up-key'
      `.execute(t.deps.db);
      expect(row.rows[0]?.state).toBe('completed');
    });
    const retry = await post('/api/v1/clients', JSON.parse(body), 'gave-up-key');
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(await countRows('clients', 'name', 'Impatient Client')).toBe(1);
  });

  it('answers 409 while another process holds the key, and takes over a claim abandoned by a crash', async () => {
    const body = { name: 'Claimed Elsewhere' };
    // Another process claimed the key and is still working on it (or died doing so).
    const claim = await claimIdempotencyKey(t.deps, {
      userId: adminUserId,
      key: 'held-key',
      method: 'POST',
      path: '/api/v1/clients',
      bodySha256: 'not the same body',
    });
    expect(claim.kind).toBe('claimed');
    const otherBody = await post('/api/v1/clients', body, 'held-key');
    expect(otherBody.status).toBe(422);
    expect(await countRows('clients', 'name', 'Claimed Elsewhere')).toBe(0);

    const fresh = await claimIdempotencyKey(t.deps, {
      userId: adminUserId,
      key: 'held-key-2',
      method: 'POST',
      path: '/api/v1/clients',
      bodySha256: await bodyHashOf(body),
    });
    expect(fresh.kind).toBe('claimed');
    const busy = await post('/api/v1/clients', body, 'held-key-2');
    expect(busy.status).toBe(409);
    expect(busy.body.code).toBe('idempotency_key_in_use');
    expect(await countRows('clients', 'name', 'Claimed Elsewhere')).toBe(0);

    // The claim's lease runs out: its process is taken for dead and the request runs.
    const start = t.clock.now();
    t.clock.set(new Date(start.getTime() + 11 * 60_000).toISOString());
    try {
      const taken = await post('/api/v1/clients', body, 'held-key-2');
      expect(taken.status).toBe(201);
      expect(await countRows('clients', 'name', 'Claimed Elsewhere')).toBe(1);
    } finally {
      t.clock.set(start.toISOString());
    }
  });

  it('stores answers the work gave (404), not schema errors (400) nor server errors (5xx)', async () => {
    // The handler ran and found no such client: replayed as it was.
    const unknownClient = { ...invoiceBody('Nobody'), clientId: '00000000-0000-4000-8000-000000000000' };
    const missing = await post('/api/v1/invoices', unknownClient, 'stored-4xx');
    expect(missing.status).toBeGreaterThanOrEqual(400);
    expect(missing.status).toBeLessThan(500);
    const missingAgain = await post('/api/v1/invoices', unknownClient, 'stored-4xx');
    expect(missingAgain.status).toBe(missing.status);
    expect(missingAgain.headers['idempotent-replayed']).toBe('true');
    expect(missingAgain.body).toEqual(missing.body);

    // The body failed the schema, so nothing ran: the key stays free for the corrected request.
    const invalid = await post('/api/v1/clients', { name: 'Schema Fix', currency: 'XXXX' }, 'schema-400');
    expect(invalid.status).toBe(400);
    const fixed = await post('/api/v1/clients', { name: 'Schema Fix', currency: 'USD' }, 'schema-400');
    expect(fixed.status).toBe(201);
    expect(fixed.headers['idempotent-replayed']).toBeUndefined();

    // A database failure (a real one, raised by a trigger) answers 5xx: not stored, the retry does the work.
    await sql`
      create function refuse_client() returns trigger language plpgsql as $$
      begin raise exception 'disk on fire'; end $$;
      create trigger refuse_client before insert on clients for each row execute function refuse_client();
    `.execute(t.deps.db);
    let failed: Sent;
    try {
      failed = await post('/api/v1/clients', { name: 'After Outage' }, 'server-error');
    } finally {
      await sql`drop trigger refuse_client on clients; drop function refuse_client();`.execute(t.deps.db);
    }
    expect(failed.status).toBeGreaterThanOrEqual(500);
    const retried = await post('/api/v1/clients', { name: 'After Outage' }, 'server-error');
    expect(retried.status).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expect(await countRows('clients', 'name', 'After Outage')).toBe(1);
  });

  it.each([
    ['empty', ''],
    ['longer than 255 characters', 'k'.repeat(256)],
    ['not printable ASCII', 'clé'],
    ['a control character', 'a\tb'],
  ])('answers 400 problem+json naming the header for a key that is %s', async (_case, key) => {
    const response = await post('/api/v1/clients', { name: `Bad Key ${key.length}` }, key);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body.errors).toEqual([
      { field: 'Idempotency-Key', label: expect.any(String), message: expect.any(String) },
    ]);
    expect(await countRows('clients', 'name', `Bad Key ${key.length}`)).toBe(0);
  });

  it('accepts a key of 255 printable characters', async () => {
    const key = '~ !'.repeat(85);
    const first = await post('/api/v1/clients', { name: 'Long Key' }, key);
    const again = await post('/api/v1/clients', { name: 'Long Key' }, key);
    expect(again.body.id).toBe(first.body.id);
  });

  it('forgets keys after 24 hours: the request runs again, and the purge deletes the old rows', async () => {
    const body = { name: 'Day Old Client' };
    const first = await post('/api/v1/clients', body, 'day-old-key');
    const start = t.clock.now();
    t.clock.set(new Date(start.getTime() + 24 * 3600_000 + 1000).toISOString());
    try {
      const next = await post('/api/v1/clients', body, 'day-old-key');
      expect(next.status).toBe(201);
      expect(next.body.id).not.toBe(first.body.id);
      const purged = await purgeIdempotencyKeys(t.deps);
      expect(purged.keys).toBeGreaterThan(0);
      const left = await sql<{ key: string }>`select key from idempotency_keys`.execute(t.deps.db);
      const keys = left.rows.map((row) => row.key);
      expect(keys).toContain('day-old-key');
      expect(keys).not.toContain('client-key-1');
    } finally {
      t.clock.set(start.toISOString());
    }
  });

  it('lists the header on creating POSTs in the OpenAPI document, not on login', async () => {
    const doc = (await t.call('GET', '/api/v1/openapi.json', undefined, null)).body;
    const parameter = doc.components.parameters.IdempotencyKey;
    expect(parameter).toMatchObject({ name: 'Idempotency-Key', in: 'header', required: false });
    expect(parameter.schema).toMatchObject({ type: 'string', minLength: 1, maxLength: 255 });
    const reference = { $ref: '#/components/parameters/IdempotencyKey' };
    expect(doc.paths['/api/v1/invoices'].post.parameters).toContainEqual(reference);
    expect(doc.paths['/api/v1/clients'].post.parameters).toContainEqual(reference);
    expect(doc.paths['/api/v1/invoices/{id}/payments'].post.parameters).toContainEqual(reference);
    expect(doc.paths['/api/v1/auth/login'].post.parameters ?? []).not.toContainEqual(reference);
    expect(doc.paths['/api/v1/invoices'].get.parameters ?? []).not.toContainEqual(reference);
  });
});

async function bodyHashOf(body: unknown): Promise<string> {
  const { requestFingerprint } = await import('../../src/http/plugins/idempotency.ts');
  return requestFingerprint(t.secretKey, body);
}
