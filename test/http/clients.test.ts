import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t.close();
});

async function createClient(body: Record<string, unknown>) {
  const response = await t.call('POST', '/api/v1/clients', body);
  expect(response.status).toBe(201);
  return response.body;
}

async function createInvoiceFor(clientId: string, projectId?: string) {
  const response = await t.call('POST', '/api/v1/invoices', {
    clientId,
    ...(projectId ? { projectId } : {}),
    lines: [{ description: 'Work', quantity: '1', unitPrice: '10' }],
  });
  expect(response.status).toBe(201);
  return response.body;
}

function fields(body: { errors?: { field: string }[] }): string[] {
  return (body.errors ?? []).map((e) => e.field);
}

describe('clients', () => {
  it('creates a client with address and contacts, and reads it back', async () => {
    const created = await createClient({
      name: '  Northwind Traders ',
      company: 'Northwind Traders Ltd',
      email: 'billing@northwind.example',
      phone: '+44 20 7946 0000',
      address: {
        line1: '1 Market Street',
        line2: 'Floor 3',
        city: 'London',
        region: 'Greater London',
        postalCode: 'EC1A 1AA',
        country: 'GB',
      },
      currency: 'gbp',
      taxId: 'GB123456789',
      notes: 'Pays on time',
      contacts: [
        { name: 'Ada Lovelace', email: 'ada@northwind.example', phone: '+44 1' },
        { name: 'Charles Babbage' },
      ],
    });
    expect(created).toMatchObject({
      name: 'Northwind Traders',
      company: 'Northwind Traders Ltd',
      email: 'billing@northwind.example',
      address: {
        line1: '1 Market Street',
        line2: 'Floor 3',
        city: 'London',
        region: 'Greater London',
        postalCode: 'EC1A 1AA',
        country: 'GB',
      },
      currency: 'GBP',
      taxId: 'GB123456789',
      notes: 'Pays on time',
      archived: false,
    });
    expect(created.contacts).toEqual([
      { id: expect.any(String), name: 'Ada Lovelace', email: 'ada@northwind.example', phone: '+44 1' },
      { id: expect.any(String), name: 'Charles Babbage', email: '', phone: '' },
    ]);
    expect(created.createdAt).toBe('2026-11-25T10:00:00.000Z');

    const read = await t.call('GET', `/api/v1/clients/${created.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created);
  });

  it('fills address parts left out with empty strings and currency with null', async () => {
    const created = await createClient({ name: 'Bare Client' });
    expect(created.address).toEqual({
      line1: '',
      line2: '',
      city: '',
      region: '',
      postalCode: '',
      country: '',
      countryCode: null,
      countryNeedsReview: false,
    });
    expect(created.currency).toBeNull();
    expect(created.contacts).toEqual([]);
  });

  it('keeps a contact by id (same id, new name), adds one and drops the one left out', async () => {
    const client = await createClient({
      name: 'Contact Juggler',
      contacts: [{ name: 'Keep Me' }, { name: 'Drop Me' }],
    });
    const [keep, drop] = client.contacts;
    const patched = await t.call('PATCH', `/api/v1/clients/${client.id}`, {
      contacts: [
        { name: 'New Person', email: 'new@juggler.example' },
        { id: keep.id, name: 'Kept And Renamed' },
      ],
    });
    expect(patched.status).toBe(200);
    expect(patched.body.contacts).toEqual([
      { id: expect.any(String), name: 'New Person', email: 'new@juggler.example', phone: '' },
      { id: keep.id, name: 'Kept And Renamed', email: '', phone: '' },
    ]);
    const ids = patched.body.contacts.map((c: { id: string }) => c.id);
    expect(ids).not.toContain(drop.id);
    expect(ids[0]).not.toBe(keep.id);

    const read = await t.call('GET', `/api/v1/clients/${client.id}`);
    expect(read.body.contacts).toEqual(patched.body.contacts);

    // Leaving `contacts` out keeps them; an empty list removes them all.
    const renamed = await t.call('PATCH', `/api/v1/clients/${client.id}`, { name: 'Contact Juggler 2' });
    expect(renamed.body.contacts).toEqual(patched.body.contacts);
    const emptied = await t.call('PATCH', `/api/v1/clients/${client.id}`, { contacts: [] });
    expect(emptied.body.contacts).toEqual([]);
  });

  it('refuses a contact id of another client (422 naming contacts.N.id) and changes nothing', async () => {
    const other = await createClient({ name: 'Other Client', contacts: [{ name: 'Not Yours' }] });
    const client = await createClient({ name: 'Victim Client', contacts: [{ name: 'Mine' }] });
    const response = await t.call('PATCH', `/api/v1/clients/${client.id}`, {
      name: 'Should Not Stick',
      contacts: [
        { id: client.contacts[0].id, name: 'Mine' },
        { id: other.contacts[0].id, name: 'Stolen' },
      ],
    });
    expect(response.status).toBe(422);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(fields(response.body)).toEqual(['contacts.1.id']);

    const read = await t.call('GET', `/api/v1/clients/${client.id}`);
    expect(read.body.name).toBe('Victim Client');
    expect(read.body.contacts).toEqual(client.contacts);
    const otherRead = await t.call('GET', `/api/v1/clients/${other.id}`);
    expect(otherRead.body.contacts).toEqual(other.contacts);
  });

  it('refuses the same contact id twice and an unknown contact id', async () => {
    const client = await createClient({ name: 'Twice Client', contacts: [{ name: 'Once' }] });
    const id = client.contacts[0].id;
    const twice = await t.call('PATCH', `/api/v1/clients/${client.id}`, {
      contacts: [
        { id, name: 'Once' },
        { id, name: 'Twice' },
      ],
    });
    expect(twice.status).toBe(422);
    expect(fields(twice.body)).toEqual(['contacts.1.id']);
    const unknown = await t.call('PATCH', `/api/v1/clients/${client.id}`, {
      contacts: [{ id: UNKNOWN_ID, name: 'Ghost' }],
    });
    expect(unknown.status).toBe(422);
    expect(fields(unknown.body)).toEqual(['contacts.0.id']);
    const onCreate = await t.call('POST', '/api/v1/clients', {
      name: 'Create With Id',
      contacts: [{ id, name: 'Borrowed' }],
    });
    expect(onCreate.status).toBe(422);
    expect(fields(onCreate.body)).toEqual(['contacts.0.id']);
    const list = await t.call('GET', '/api/v1/clients?q=Create%20With%20Id');
    expect(list.body.items).toEqual([]);
  });

  it('refuses an invalid contact email (400 naming contacts.0.email)', async () => {
    const response = await t.call('POST', '/api/v1/clients', {
      name: 'Bad Email Client',
      contacts: [{ name: 'Someone', email: 'not-an-email' }],
    });
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(fields(response.body)).toContain('contacts.0.email');
  });

  it('refuses an unknown currency (422, field currency)', async () => {
    const response = await t.call('POST', '/api/v1/clients', { name: 'XYZ Client', currency: 'XYZ' });
    expect(response.status).toBe(422);
    expect(fields(response.body)).toEqual(['currency']);
    const client = await createClient({ name: 'Currency Client', currency: 'EUR' });
    const patch = await t.call('PATCH', `/api/v1/clients/${client.id}`, { currency: 'XYZ' });
    expect(patch.status).toBe(422);
    expect(fields(patch.body)).toEqual(['currency']);
    const cleared = await t.call('PATCH', `/api/v1/clients/${client.id}`, { currency: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body.currency).toBeNull();
  });

  it('refuses an empty or blank name, naming `name`', async () => {
    const empty = await t.call('POST', '/api/v1/clients', { name: '' });
    expect([400, 422]).toContain(empty.status);
    expect(fields(empty.body)).toEqual(['name']);
    const blank = await t.call('POST', '/api/v1/clients', { name: '   ' });
    expect([400, 422]).toContain(blank.status);
    expect(fields(blank.body)).toEqual(['name']);
    const missing = await t.call('POST', '/api/v1/clients', { company: 'No Name Inc' });
    expect(missing.status).toBe(400);
    expect(fields(missing.body)).toEqual(['name']);
    const client = await createClient({ name: 'Named Client' });
    const patch = await t.call('PATCH', `/api/v1/clients/${client.id}`, { name: '  ' });
    expect([400, 422]).toContain(patch.status);
    expect(fields(patch.body)).toEqual(['name']);
  });

  it('refuses unknown fields', async () => {
    const response = await t.call('POST', '/api/v1/clients', { name: 'Extra', colour: 'blue' });
    expect(response.status).toBe(400);
    expect(fields(response.body)).toEqual(['colour']);
  });

  it('answers 404 for unknown and malformed ids', async () => {
    expect((await t.call('GET', `/api/v1/clients/${UNKNOWN_ID}`)).status).toBe(404);
    expect((await t.call('PATCH', `/api/v1/clients/${UNKNOWN_ID}`, { name: 'x' })).status).toBe(404);
    const del = await t.call('DELETE', `/api/v1/clients/${UNKNOWN_ID}`);
    expect(del.status).toBe(404);
    expect(del.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(del.body.code).toBe('not_found');
    expect((await t.call('GET', '/api/v1/clients/not-a-uuid')).status).toBe(404);
  });

  it('deletes a client without invoices (and its projects)', async () => {
    const client = await createClient({ name: 'Short Lived', contacts: [{ name: 'Gone Too' }] });
    const project = await t.call('POST', '/api/v1/projects', { clientId: client.id, name: 'Doomed' });
    expect(project.status).toBe(201);
    const del = await t.call('DELETE', `/api/v1/clients/${client.id}`);
    expect(del.status).toBe(204);
    expect(del.body).toBe('');
    expect((await t.call('GET', `/api/v1/clients/${client.id}`)).status).toBe(404);
    expect((await t.call('GET', `/api/v1/projects/${project.body.id}`)).status).toBe(404);
  });

  it('refuses to delete a client with an invoice (409) and keeps it', async () => {
    const client = await createClient({ name: 'Invoiced Client' });
    await createInvoiceFor(client.id);
    const del = await t.call('DELETE', `/api/v1/clients/${client.id}`);
    expect(del.status).toBe(409);
    expect(del.body.code).toBe('client_has_invoices');
    expect(del.body.detail).toMatch(/archive/i);
    expect((await t.call('GET', `/api/v1/clients/${client.id}`)).status).toBe(200);
  });
});

describe('client list', () => {
  it('pages through every client with nextCursor, newest first, without duplicates or gaps', async () => {
    const created: { id: string; createdAt: string }[] = [];
    try {
      for (let i = 0; i < 30; i++) {
        // Two clients per second: some share created_at, so the id breaks ties.
        t.clock.set(new Date(Date.UTC(2026, 10, 26, 9, 0, Math.floor(i / 2))).toISOString());
        const client = await createClient({ name: `Paged Client ${String(i).padStart(2, '0')}` });
        created.push({ id: client.id, createdAt: client.createdAt });
      }
    } finally {
      t.clock.set('2026-11-25T10:00:00Z');
    }

    async function walk(query: string) {
      const seen: { id: string; createdAt: string; name: string }[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const url: string = `/api/v1/clients?limit=10${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const page = await t.call('GET', url);
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(10);
        seen.push(...page.body.items);
        cursor = page.body.nextCursor;
        pages += 1;
        expect(pages).toBeLessThan(50);
      } while (cursor);
      return { seen, pages };
    }

    const paged = await walk('&q=Paged%20Client');
    expect(paged.pages).toBe(3);
    const expected = [...created]
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id))
      .map((c) => c.id);
    expect(paged.seen.map((c) => c.id)).toEqual(expected);
    expect(paged.seen[0]!.name).toMatch(/Paged Client (28|29)/);
    expect(paged.seen.at(-1)!.name).toMatch(/Paged Client (00|01)/);

    // Without a filter: every active client exactly once, in order.
    const all = await walk('');
    const ids = all.seen.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    const rows = await t.deps.db
      .selectFrom('clients')
      .select('id')
      .where('archived_at', 'is', null)
      .execute();
    expect([...ids].sort()).toEqual(rows.map((r) => r.id).sort());
    for (let i = 1; i < all.seen.length; i++) {
      const prev = all.seen[i - 1]!;
      const cur = all.seen[i]!;
      expect(prev.createdAt > cur.createdAt || (prev.createdAt === cur.createdAt && prev.id > cur.id)).toBe(
        true,
      );
    }
  });

  it('returns nextCursor null on the last page and uses 25 as the default page size', async () => {
    const page = await t.call('GET', '/api/v1/clients');
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(25);
    expect(page.body.nextCursor).toEqual(expect.any(String));
    const exact = await t.call('GET', '/api/v1/clients?limit=100&q=Paged%20Client');
    expect(exact.body.items).toHaveLength(30);
    expect(exact.body.nextCursor).toBeNull();
  });

  it('refuses a malformed cursor (422, field cursor) and an out-of-range limit (400)', async () => {
    for (const cursor of [
      'garbage!',
      Buffer.from('{"a":1}').toString('base64url'),
      Buffer.from('["x","y"]').toString('base64url'),
    ]) {
      const response = await t.call('GET', `/api/v1/clients?cursor=${encodeURIComponent(cursor)}`);
      expect(response.status).toBe(422);
      expect(fields(response.body)).toEqual(['cursor']);
    }
    const zero = await t.call('GET', '/api/v1/clients?limit=0');
    expect(zero.status).toBe(400);
    expect(fields(zero.body)).toEqual(['querystring.limit']);
    expect((await t.call('GET', '/api/v1/clients?limit=101')).status).toBe(400);
  });

  it('searches name, company and email case-insensitively', async () => {
    const zebra = await createClient({ name: 'Zebra Stripes' });
    const hippo = await createClient({ name: 'Plain Name', company: 'Hippo Holdings' });
    const giraffe = await createClient({ name: 'Another Name', email: 'accounts@giraffe.example' });
    const search = async (q: string) =>
      (await t.call('GET', `/api/v1/clients?q=${encodeURIComponent(q)}`)).body.items.map(
        (c: { id: string }) => c.id,
      );
    expect(await search('zEBRA')).toEqual([zebra.id]);
    expect(await search('HIPPO')).toEqual([hippo.id]);
    expect(await search('Giraffe.EXAMPLE')).toEqual([giraffe.id]);
    expect(await search('no such thing')).toEqual([]);
  });

  it('treats % and _ in q literally', async () => {
    const percent = await createClient({ name: '100% Cotton' });
    const underscore = await createClient({ name: 'snake_case Ltd' });
    await createClient({ name: '100 Percent Wool' });
    await createClient({ name: 'snakeXcase Ltd' });
    const search = async (q: string) =>
      (await t.call('GET', `/api/v1/clients?q=${encodeURIComponent(q)}`)).body.items.map(
        (c: { id: string }) => c.id,
      );
    expect(await search('%')).toEqual([percent.id]);
    expect(await search('100%')).toEqual([percent.id]);
    expect(await search('e_c')).toEqual([underscore.id]);
    expect(await search('\\')).toEqual([]);
  });

  it('filters archived clients', async () => {
    const client = await createClient({ name: 'Archive Me Client' });
    const archived = await t.call('PATCH', `/api/v1/clients/${client.id}`, { archived: true });
    expect(archived.status).toBe(200);
    expect(archived.body.archived).toBe(true);
    const q = '&q=Archive%20Me';
    const active = await t.call('GET', `/api/v1/clients?archived=false${q}`);
    expect(active.body.items).toEqual([]);
    const byDefault = await t.call('GET', `/api/v1/clients?${q}`);
    expect(byDefault.body.items).toEqual([]);
    const onlyArchived = await t.call('GET', `/api/v1/clients?archived=true${q}`);
    expect(onlyArchived.body.items.map((c: { id: string }) => c.id)).toEqual([client.id]);
    expect((await t.call('GET', '/api/v1/clients?archived=yes')).status).toBe(400);

    const restored = await t.call('PATCH', `/api/v1/clients/${client.id}`, { archived: false });
    expect(restored.body.archived).toBe(false);
    const back = await t.call('GET', `/api/v1/clients?${q}`);
    expect(back.body.items.map((c: { id: string }) => c.id)).toEqual([client.id]);
  });
});

describe('projects', () => {
  let clientId: string;
  let otherClientId: string;

  beforeAll(async () => {
    clientId = (await createClient({ name: 'Project Owner' })).id;
    otherClientId = (await createClient({ name: 'Other Project Owner' })).id;
  });

  it('creates a project for a client and reads it back', async () => {
    const created = await t.call('POST', '/api/v1/projects', { clientId, name: '  Website Redesign ' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ clientId, name: 'Website Redesign', archived: false });
    const read = await t.call('GET', `/api/v1/projects/${created.body.id}`);
    expect(read.body).toEqual(created.body);
  });

  it('refuses an unknown client (422, field clientId) and a blank name', async () => {
    const unknown = await t.call('POST', '/api/v1/projects', { clientId: UNKNOWN_ID, name: 'Orphan' });
    expect(unknown.status).toBe(422);
    expect(fields(unknown.body)).toEqual(['clientId']);
    const malformed = await t.call('POST', '/api/v1/projects', { clientId: 'nope', name: 'Orphan' });
    expect(malformed.status).toBe(400);
    expect(fields(malformed.body)).toEqual(['clientId']);
    const blank = await t.call('POST', '/api/v1/projects', { clientId, name: '   ' });
    expect(blank.status).toBe(422);
    expect(fields(blank.body)).toEqual(['name']);
  });

  it('lists projects by client', async () => {
    const a = await t.call('POST', '/api/v1/projects', { clientId: otherClientId, name: 'Other A' });
    const b = await t.call('POST', '/api/v1/projects', { clientId: otherClientId, name: 'Other B' });
    const list = await t.call('GET', `/api/v1/projects?clientId=${otherClientId}`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((p: { id: string }) => p.id).sort()).toEqual([a.body.id, b.body.id].sort());
    expect(list.body.items.every((p: { clientId: string }) => p.clientId === otherClientId)).toBe(true);
    expect(list.body.nextCursor).toBeNull();
    const none = await t.call('GET', `/api/v1/projects?clientId=${UNKNOWN_ID}`);
    expect(none.body.items).toEqual([]);
  });

  it('renames and archives a project', async () => {
    const project = (await t.call('POST', '/api/v1/projects', { clientId, name: 'Old Name' })).body;
    const renamed = await t.call('PATCH', `/api/v1/projects/${project.id}`, { name: 'New Name' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id: project.id, name: 'New Name', archived: false });

    const archived = await t.call('PATCH', `/api/v1/projects/${project.id}`, { archived: true });
    expect(archived.body.archived).toBe(true);
    const active = await t.call('GET', `/api/v1/projects?clientId=${clientId}`);
    expect(active.body.items.map((p: { id: string }) => p.id)).not.toContain(project.id);
    const onlyArchived = await t.call('GET', `/api/v1/projects?clientId=${clientId}&archived=true`);
    expect(onlyArchived.body.items.map((p: { id: string }) => p.id)).toEqual([project.id]);

    const blank = await t.call('PATCH', `/api/v1/projects/${project.id}`, { name: ' ' });
    expect(blank.status).toBe(422);
    expect(fields(blank.body)).toEqual(['name']);
    expect((await t.call('PATCH', `/api/v1/projects/${UNKNOWN_ID}`, { name: 'x' })).status).toBe(404);
  });

  it('deletes a project without invoices, and refuses one with invoices (409)', async () => {
    const free = (await t.call('POST', '/api/v1/projects', { clientId, name: 'Free' })).body;
    expect((await t.call('DELETE', `/api/v1/projects/${free.id}`)).status).toBe(204);
    expect((await t.call('GET', `/api/v1/projects/${free.id}`)).status).toBe(404);
    expect((await t.call('DELETE', `/api/v1/projects/${free.id}`)).status).toBe(404);

    const billed = (await t.call('POST', '/api/v1/projects', { clientId, name: 'Billed' })).body;
    const invoice = await createInvoiceFor(clientId, billed.id);
    expect(invoice.project).toEqual({ id: billed.id, name: 'Billed' });
    const del = await t.call('DELETE', `/api/v1/projects/${billed.id}`);
    expect(del.status).toBe(409);
    expect(del.body.code).toBe('project_has_invoices');
    expect((await t.call('GET', `/api/v1/projects/${billed.id}`)).status).toBe(200);
  });
});

describe('tax rates', () => {
  it('creates a rate and returns its canonical text', async () => {
    const qst = await t.call('POST', '/api/v1/tax-rates', { name: 'QST', rate: '9.975' });
    expect(qst.status).toBe(201);
    expect(qst.body).toMatchObject({
      name: 'QST',
      rate: '9.975',
      inclusive: false,
      compound: false,
      isDefault: false,
      archived: false,
    });
    const read = await t.call('GET', `/api/v1/tax-rates/${qst.body.id}`);
    expect(read.body).toEqual(qst.body);
    const trailing = await t.call('POST', '/api/v1/tax-rates', { name: 'VAT', rate: '20.000' });
    expect(trailing.body.rate).toBe('20');
    const number = await t.call('POST', '/api/v1/tax-rates', { name: 'GST', rate: 7.5 });
    expect(number.body.rate).toBe('7.5');
    const hundred = await t.call('POST', '/api/v1/tax-rates', { name: 'All', rate: '100' });
    expect(hundred.body.rate).toBe('100');
    const zero = await t.call('POST', '/api/v1/tax-rates', { name: 'Zero', rate: '0' });
    expect(zero.body.rate).toBe('0');
  });

  it.each(['100.5', '-1', 'abc', '1.1234567', '1e2', '101'])(
    'refuses rate %s (422, field rate)',
    async (rate) => {
      const response = await t.call('POST', '/api/v1/tax-rates', { name: 'Bad', rate });
      expect(response.status).toBe(422);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(fields(response.body)).toEqual(['rate']);
    },
  );

  it('refuses a bad rate on update too', async () => {
    const rate = (await t.call('POST', '/api/v1/tax-rates', { name: 'Editable', rate: '5' })).body;
    const response = await t.call('PATCH', `/api/v1/tax-rates/${rate.id}`, { rate: '100.5' });
    expect(response.status).toBe(422);
    expect(fields(response.body)).toEqual(['rate']);
    expect((await t.call('GET', `/api/v1/tax-rates/${rate.id}`)).body.rate).toBe('5');
  });

  it('archives a rate: hidden from the list, shown with archived=true, no longer a default', async () => {
    const rate = (await t.call('POST', '/api/v1/tax-rates', { name: 'Old Levy', rate: '3', isDefault: true }))
      .body;
    const archived = await t.call('PATCH', `/api/v1/tax-rates/${rate.id}`, { archived: true });
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ archived: true, isDefault: false });
    const list = await t.call('GET', '/api/v1/tax-rates');
    expect(list.body.items.map((r: { id: string }) => r.id)).not.toContain(rate.id);
    const archivedList = await t.call('GET', '/api/v1/tax-rates?archived=true');
    expect(archivedList.body.items.map((r: { id: string }) => r.id)).toContain(rate.id);
    const settings = await t.call('GET', '/api/v1/settings');
    expect(settings.body.defaultTaxRateIds).not.toContain(rate.id);
  });

  it('PATCH isDefault shows in the settings, and settings can replace the defaults', async () => {
    const a = (await t.call('POST', '/api/v1/tax-rates', { name: 'Default A', rate: '1' })).body;
    const b = (await t.call('POST', '/api/v1/tax-rates', { name: 'Default B', rate: '2' })).body;
    const made = await t.call('PATCH', `/api/v1/tax-rates/${a.id}`, { isDefault: true });
    expect(made.body.isDefault).toBe(true);
    let settings = await t.call('GET', '/api/v1/settings');
    expect(settings.body.defaultTaxRateIds).toContain(a.id);
    expect(settings.body.defaultTaxRateIds).not.toContain(b.id);
    const list = await t.call('GET', '/api/v1/tax-rates');
    expect(list.body.items[0].isDefault).toBe(true);

    const replaced = await t.call('PATCH', '/api/v1/settings', { defaultTaxRateIds: [b.id] });
    expect(replaced.status).toBe(200);
    expect(replaced.body.defaultTaxRateIds).toEqual([b.id]);
    expect((await t.call('GET', `/api/v1/tax-rates/${a.id}`)).body.isDefault).toBe(false);

    const cleared = await t.call('PATCH', '/api/v1/settings', { defaultTaxRateIds: [] });
    expect(cleared.body.defaultTaxRateIds).toEqual([]);
    settings = await t.call('GET', '/api/v1/settings');
    expect(settings.body.defaultTaxRateIds).toEqual([]);
  });

  it('refuses an unknown or archived tax rate id in the settings defaults (422 naming the index)', async () => {
    const keep = (await t.call('POST', '/api/v1/tax-rates', { name: 'Keeper', rate: '4', isDefault: true }))
      .body;
    const unknown = await t.call('PATCH', '/api/v1/settings', { defaultTaxRateIds: [UNKNOWN_ID] });
    expect(unknown.status).toBe(422);
    expect(fields(unknown.body)).toEqual(['defaultTaxRateIds.0']);
    const second = await t.call('PATCH', '/api/v1/settings', { defaultTaxRateIds: [keep.id, UNKNOWN_ID] });
    expect(second.status).toBe(422);
    expect(fields(second.body)).toEqual(['defaultTaxRateIds.1']);

    const gone = (await t.call('POST', '/api/v1/tax-rates', { name: 'Gone', rate: '4' })).body;
    await t.call('PATCH', `/api/v1/tax-rates/${gone.id}`, { archived: true });
    const archived = await t.call('PATCH', '/api/v1/settings', { defaultTaxRateIds: [gone.id] });
    expect(archived.status).toBe(422);
    expect(fields(archived.body)).toEqual(['defaultTaxRateIds.0']);

    // Nothing changed.
    const settings = await t.call('GET', '/api/v1/settings');
    expect(settings.body.defaultTaxRateIds).toEqual([keep.id]);
  });

  it('answers 404 for an unknown tax rate', async () => {
    expect((await t.call('GET', `/api/v1/tax-rates/${UNKNOWN_ID}`)).status).toBe(404);
    expect((await t.call('PATCH', `/api/v1/tax-rates/${UNKNOWN_ID}`, { name: 'x' })).status).toBe(404);
    expect((await t.call('PATCH', `/api/v1/tax-rates/${UNKNOWN_ID}`, {})).status).toBe(404);
  });
});
