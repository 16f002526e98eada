/**
 * The item catalogue over HTTP: create, list (search, archived, pages), read, change, archive and delete, with the
 * rules that matter: names unique among active items, prices per currency, units from UN/ECE Rec 20, default taxes
 * that must be active rates, a used item archived instead of deleted, and documents that never change when an
 * item does.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteItem } from '../../src/services/items/delete-item.ts';
import { checkLineItems } from '../../src/services/items/line-items.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let clientId: string;
let vatId: string;
let archivedRateId: string;

beforeAll(async () => {
  t = await startTestApp();
  clientId = (await t.call('POST', '/api/v1/clients', { name: 'Catalogue Client Ltd' })).body.id;
  vatId = (await t.call('POST', '/api/v1/tax-rates', { name: 'VAT', rate: '20' })).body.id;
  archivedRateId = (await t.call('POST', '/api/v1/tax-rates', { name: 'Old tax', rate: '5' })).body.id;
  await t.call('PATCH', `/api/v1/tax-rates/${archivedRateId}`, { archived: true });
});

afterAll(async () => {
  await t?.close();
});

function fields(body: { errors?: { field: string }[] }): string[] {
  return (body.errors ?? []).map((e) => e.field);
}

async function createItem(body: Record<string, unknown>, token = t.adminToken) {
  const response = await t.call('POST', '/api/v1/items', body, token);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

async function itemCount(): Promise<number> {
  const row = await t.deps.db
    .selectFrom('items')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Resolves once another session waits for a row lock in a statement on `table` (polls pg_stat_activity); throws if
 * `work` finishes first, having waited for nothing.
 */
async function lockWaitOn(table: string, work: Promise<unknown>): Promise<void> {
  let finished = false;
  work.then(
    () => (finished = true),
    () => (finished = true),
  );
  for (;;) {
    if (finished) throw new Error(`Finished without waiting for a lock on ${table}`);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock' and query ilike ${`%from "${table}"%`}
    `.execute(t.deps.db);
    if (rows[0]!.n > 0) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function draftWith(lines: Record<string, unknown>[]) {
  const response = await t.call('POST', '/api/v1/invoices', { clientId, currency: 'USD', lines });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

describe('creating items', () => {
  it('saves an item with defaults: the default currency, unit C62 (one), no taxes, active', async () => {
    const item = await createItem({ name: 'Setup fee', unitPrice: '150' });
    expect(item).toEqual({
      id: expect.any(String),
      name: 'Setup fee',
      description: '',
      unitPrice: '150.00',
      currency: 'USD',
      prices: [],
      unit: 'C62',
      unitLabel: 'one',
      code: '',
      taxRateIds: [],
      archived: false,
      createdAt: '2026-11-25T10:00:00.000Z',
      updatedAt: '2026-11-25T10:00:00.000Z',
    });
    expect((await t.call('GET', `/api/v1/items/${item.id}`)).body).toEqual(item);
  });

  it('takes a description, a unit, prices in other currencies and default taxes (finance may too)', async () => {
    const item = await createItem(
      {
        name: 'Design work',
        description: 'Interface and visual design\nper hour',
        unitPrice: 95.5,
        prices: [
          { currency: 'eur', unitPrice: '88' },
          { currency: 'JPY', unitPrice: '14000' },
        ],
        unit: 'HUR',
        taxRateIds: [vatId],
      },
      t.financeToken,
    );
    expect(item).toMatchObject({
      description: 'Interface and visual design\nper hour',
      unitPrice: '95.50',
      currency: 'USD',
      prices: [
        { currency: 'EUR', unitPrice: '88.00' },
        { currency: 'JPY', unitPrice: '14000' },
      ],
      unit: 'HUR',
      unitLabel: 'hour',
      taxRateIds: [vatId],
    });
  });

  it('refuses bad input with a problem naming the field, and saves nothing', async () => {
    const before = await itemCount();
    const cases: [Record<string, unknown>, number, string, RegExp][] = [
      [{ unitPrice: '1' }, 400, 'name', /./],
      [{ name: '   ', unitPrice: '1' }, 422, 'name', /needs a name/],
      [{ name: 'No price' }, 400, 'unitPrice', /./],
      [{ name: 'Bad price', unitPrice: 'lots' }, 422, 'unitPrice', /decimal number/],
      [{ name: 'Fine price', unitPrice: '1.1234567' }, 422, 'unitPrice', /6 decimal places/],
      [{ name: 'Bad unit', unitPrice: '1', unit: 'HOURS' }, 400, 'unit', /HUR \(hour\)/],
      [{ name: 'Lower unit', unitPrice: '1', unit: 'hur' }, 400, 'unit', /Recommendation 20/],
      [{ name: 'Bad currency', unitPrice: '1', currency: 'ZZZ' }, 422, 'currency', /ISO 4217/],
      [
        { name: 'Bad other currency', unitPrice: '1', prices: [{ currency: 'XXY', unitPrice: '1' }] },
        422,
        'prices.0.currency',
        /ISO 4217/,
      ],
      [
        { name: 'Own currency', unitPrice: '1', prices: [{ currency: 'USD', unitPrice: '2' }] },
        422,
        'prices.0.currency',
        /own currency/,
      ],
      [
        {
          name: 'Twice',
          unitPrice: '1',
          prices: [
            { currency: 'EUR', unitPrice: '1' },
            { currency: 'EUR', unitPrice: '2' },
          ],
        },
        422,
        'prices.1.currency',
        /given twice/,
      ],
      [
        { name: 'Bad other price', unitPrice: '1', prices: [{ currency: 'EUR', unitPrice: '1e3' }] },
        422,
        'prices.0.unitPrice',
        /exponent/,
      ],
      [
        { name: 'Unknown tax', unitPrice: '1', taxRateIds: ['00000000-0000-4000-8000-000000000000'] },
        422,
        'taxRateIds.0',
        /No active tax rate/,
      ],
      [
        { name: 'Archived tax', unitPrice: '1', taxRateIds: [archivedRateId] },
        422,
        'taxRateIds.0',
        /No active/,
      ],
      [{ name: 'Tax twice', unitPrice: '1', taxRateIds: [vatId, vatId] }, 422, 'taxRateIds.1', /twice/],
      [
        { name: 'Not an id', unitPrice: '1', taxRateIds: ['vat'] },
        400,
        'taxRateIds.0',
        /^Tax rate 1 must be chosen from your tax rates$/,
      ],
      [
        { name: 'Extra', unitPrice: '1', colour: 'red' },
        400,
        'colour',
        /^Colour is not a field this request takes$/,
      ],
    ];
    for (const [body, status, field, message] of cases) {
      const response = await t.call('POST', '/api/v1/items', body);
      expect(response.status, `${JSON.stringify(body)} ${JSON.stringify(response.body)}`).toBe(status);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(fields(response.body), JSON.stringify(response.body)).toEqual([field]);
      expect(response.body.errors[0].message).toMatch(message);
    }
    expect(await itemCount()).toBe(before);
  });

  it('keeps names unique among active items, ignoring case; an archived item frees its name', async () => {
    const first = await createItem({ name: 'Hosting', unitPrice: '20', unit: 'MON' });
    const taken = await t.call('POST', '/api/v1/items', { name: '  hosting ', unitPrice: '25' });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ code: 'item_name_taken', errors: [{ field: 'name' }] });
    expect(taken.body.detail).toContain('already called "hosting"');

    const renamed = await t.call('PATCH', `/api/v1/items/${first.id}`, { archived: true });
    expect(renamed.body.archived).toBe(true);
    const second = await createItem({ name: 'HOSTING', unitPrice: '25', unit: 'MON' });
    // Restoring the first now collides; restoring it under a new name does not.
    const restore = await t.call('PATCH', `/api/v1/items/${first.id}`, { archived: false });
    expect(restore.status).toBe(409);
    expect(fields(restore.body)).toEqual(['name']);
    const restored = await t.call('PATCH', `/api/v1/items/${first.id}`, {
      archived: false,
      name: 'Hosting (legacy)',
    });
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ name: 'Hosting (legacy)', archived: false });
    const clash = await t.call('PATCH', `/api/v1/items/${second.id}`, { name: 'hosting (LEGACY)' });
    expect(clash.status).toBe(409);
  });
});

describe('reading and changing items', () => {
  it('finds items by words of the name or description, active or archived, a page at a time', async () => {
    const made = [];
    for (const n of [1, 2, 3]) {
      t.clock.set(`2026-11-26T10:00:0${n}Z`);
      made.push(await createItem({ name: `Widget ${n}`, description: 'A spare part', unitPrice: '3' }));
    }
    await createItem({ name: 'Gadget', description: 'A 100% spare_part, really', unitPrice: '3' });
    await t.call('PATCH', `/api/v1/items/${made[0].id}`, { archived: true });

    const page1 = await t.call('GET', '/api/v1/items?q=WIDGET&limit=1');
    expect(page1.status).toBe(200);
    expect(page1.body.items.map((i: { name: string }) => i.name)).toEqual(['Widget 3']);
    const page2 = await t.call('GET', `/api/v1/items?q=widget&limit=1&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items.map((i: { name: string }) => i.name)).toEqual(['Widget 2']);
    expect(page2.body.nextCursor).toBeNull();

    const described = await t.call('GET', '/api/v1/items?q=spare part');
    expect(described.body.items.map((i: { name: string }) => i.name)).toEqual(['Widget 3', 'Widget 2']);
    // LIKE wildcards are searched for as themselves.
    const literal = await t.call('GET', '/api/v1/items?q=100%25 spare_');
    expect(literal.body.items.map((i: { name: string }) => i.name)).toEqual(['Gadget']);
    const archived = await t.call('GET', '/api/v1/items?q=widget&archived=true');
    expect(archived.body.items.map((i: { name: string }) => i.name)).toEqual(['Widget 1']);

    expect((await t.call('GET', '/api/v1/items?cursor=forged')).status).toBe(422);
    expect((await t.call('GET', '/api/v1/items?archived=maybe')).status).toBe(400);
    expect((await t.call('GET', '/api/v1/items?limit=500')).status).toBe(400);
  });

  it('changes what it is told and keeps the rest; a refused change leaves the item as it was', async () => {
    const item = await createItem({
      name: 'Translation',
      unitPrice: '0.12',
      unit: 'H87',
      prices: [{ currency: 'EUR', unitPrice: '0.11' }],
      taxRateIds: [vatId],
    });
    t.clock.set('2026-11-27T08:00:00Z');
    const changed = await t.call('PATCH', `/api/v1/items/${item.id}`, {
      description: 'Per word',
      unitPrice: '0.125',
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      name: 'Translation',
      description: 'Per word',
      unitPrice: '0.125',
      unit: 'H87',
      prices: [{ currency: 'EUR', unitPrice: '0.11' }],
      taxRateIds: [vatId],
      updatedAt: '2026-11-27T08:00:00.000Z',
      createdAt: item.createdAt,
    });
    for (const [patch, field] of [
      [{ unit: 'WORD' }, 'unit'],
      [{ taxRateIds: [archivedRateId] }, 'taxRateIds.0'],
      // The item's own currency may not also be among its other prices.
      [{ currency: 'EUR' }, 'prices.0.currency'],
      [{ name: '' }, 'name'],
    ] as const) {
      const refused = await t.call('PATCH', `/api/v1/items/${item.id}`, patch);
      expect(refused.status, JSON.stringify(refused.body)).toBeGreaterThanOrEqual(400);
      expect(refused.status).toBeLessThan(500);
      expect(fields(refused.body)).toEqual([field]);
    }
    expect((await t.call('GET', `/api/v1/items/${item.id}`)).body).toEqual(changed.body);
    const moved = await t.call('PATCH', `/api/v1/items/${item.id}`, {
      currency: 'EUR',
      unitPrice: '0.11',
      prices: [{ currency: 'USD', unitPrice: '0.125' }],
    });
    expect(moved.body).toMatchObject({ currency: 'EUR', prices: [{ currency: 'USD', unitPrice: '0.125' }] });
  });

  it('answers 404 for an item that does not exist, and 401 without credentials', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      const response = await t.call(method, `/api/v1/items/${unknown}`, method === 'PATCH' ? {} : undefined);
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect((await t.call('GET', '/api/v1/items/not-an-id')).status).toBe(404);
    expect((await t.call('GET', '/api/v1/items', undefined, null)).status).toBe(401);
  });
});

describe('items on documents', () => {
  it('fills nothing by itself: a line names its item and keeps its own copy, which item changes never touch', async () => {
    const item = await createItem({ name: 'Consulting', unitPrice: '120', unit: 'HUR', taxRateIds: [vatId] });
    const invoice = await draftWith([
      {
        description: 'Consulting',
        quantity: '3',
        unitPrice: '120',
        unit: 'HUR',
        itemId: item.id,
        taxes: [{ taxRateId: vatId }],
      },
    ]);
    expect(invoice.lines[0]).toMatchObject({ unit: 'HUR', itemId: item.id, unitPrice: '120.00' });
    const sent = await t.call('POST', `/api/v1/invoices/${invoice.id}/mark-sent`);
    expect(sent.status).toBe(200);

    await t.call('PATCH', `/api/v1/items/${item.id}`, {
      name: 'Senior consulting',
      unitPrice: '150',
      unit: 'DAY',
      taxRateIds: [],
    });
    await t.call('PATCH', `/api/v1/tax-rates/${vatId}`, { rate: '21' });
    const after = await t.call('GET', `/api/v1/invoices/${invoice.id}`);
    expect(after.body.lines).toEqual(sent.body.lines);
    expect(after.body.totals).toEqual(sent.body.totals);
    expect(after.body.lines[0]).toMatchObject({
      description: 'Consulting',
      unit: 'HUR',
      unitPrice: '120.00',
    });
    await t.call('PATCH', `/api/v1/tax-rates/${vatId}`, { rate: '20' });
  });

  it('refuses a line naming an item that does not exist', async () => {
    const response = await t.call('POST', '/api/v1/invoices', {
      clientId,
      lines: [
        { description: 'A', quantity: '1', unitPrice: '1' },
        { description: 'B', quantity: '1', unitPrice: '1', itemId: '00000000-0000-4000-8000-000000000000' },
      ],
    });
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([
      { field: 'lines.1.itemId', label: expect.any(String), message: 'No catalogue item has this id' },
    ]);
  });

  it('deletes an unused item (204) and archives a used one instead, saying where it is used', async () => {
    const unused = await createItem({ name: 'Never used', unitPrice: '1' });
    const deleted = await t.call('DELETE', `/api/v1/items/${unused.id}`);
    expect(deleted.status).toBe(204);
    expect((await t.call('GET', `/api/v1/items/${unused.id}`)).status).toBe(404);

    const used = await createItem({ name: 'Used twice', unitPrice: '10' });
    const line = { description: 'Used twice', quantity: '1', unitPrice: '10', itemId: used.id };
    await draftWith([line, line]);
    await draftWith([line]);
    const archived = await t.call('DELETE', `/api/v1/items/${used.id}`);
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({
      outcome: 'archived',
      invoiceCount: 2,
      profileCount: 0,
      item: { id: used.id, archived: true },
    });
    expect(archived.body.reason).toBe(
      '"Used twice" is used on 2 invoices, so it was archived instead of deleted: those lines keep their copy, and archived items are no longer offered',
    );
    // Still there, archived; asking again says the same.
    expect((await t.call('GET', `/api/v1/items/${used.id}`)).body.archived).toBe(true);
    expect((await t.call('DELETE', `/api/v1/items/${used.id}`)).status).toBe(200);
  });

  it('counts a recurring profile and an earlier revision of an invoice as uses; a deleted draft does not', async () => {
    const onProfile = await createItem({ name: 'Monthly care', unitPrice: '50', unit: 'MON' });
    const profile = await t.call('POST', '/api/v1/recurring-profiles', {
      clientId,
      frequency: 'monthly',
      startDate: '2027-01-01',
      lines: [{ description: 'Care', quantity: '1', unitPrice: '50', unit: 'MON', itemId: onProfile.id }],
    });
    expect(profile.status, JSON.stringify(profile.body)).toBe(201);
    expect(profile.body.lines[0]).toMatchObject({ unit: 'MON', itemId: onProfile.id });
    const fromProfile = await t.call('DELETE', `/api/v1/items/${onProfile.id}`);
    expect(fromProfile.body).toMatchObject({ outcome: 'archived', invoiceCount: 0, profileCount: 1 });
    expect(fromProfile.body.reason).toContain('used on 1 recurring profile,');

    const revised = await createItem({ name: 'Replaced later', unitPrice: '10' });
    const invoice = await draftWith([
      { description: 'X', quantity: '1', unitPrice: '10', itemId: revised.id },
    ]);
    await t.call('POST', `/api/v1/invoices/${invoice.id}/mark-sent`);
    const edit = await t.call('PATCH', `/api/v1/invoices/${invoice.id}`, {
      lines: [{ description: 'Y', quantity: '1', unitPrice: '10' }],
    });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    expect(edit.body.lines[0].itemId).toBeNull();
    const fromRevision = await t.call('DELETE', `/api/v1/items/${revised.id}`);
    expect(fromRevision.body).toMatchObject({ outcome: 'archived', invoiceCount: 1 });

    const onDraft = await createItem({ name: 'Drafted only', unitPrice: '10' });
    const draft = await draftWith([{ description: 'Z', quantity: '1', unitPrice: '10', itemId: onDraft.id }]);
    expect((await t.call('DELETE', `/api/v1/invoices/${draft.id}`)).status).toBe(204);
    expect((await t.call('DELETE', `/api/v1/items/${onDraft.id}`)).status).toBe(204);
  });

  it('counts quotes (in any revision) and credit notes as uses, and archives the item instead of failing', async () => {
    const onQuote = await createItem({ name: 'Quoted only', unitPrice: '10' });
    const quote = await t.call('POST', '/api/v1/quotes', {
      clientId,
      currency: 'USD',
      lines: [{ description: 'Q', quantity: '1', unitPrice: '10', itemId: onQuote.id }],
    });
    expect(quote.status, JSON.stringify(quote.body)).toBe(201);
    const fromQuote = await t.call('DELETE', `/api/v1/items/${onQuote.id}`);
    expect(fromQuote.status).toBe(200);
    expect(fromQuote.body).toMatchObject({
      outcome: 'archived',
      invoiceCount: 0,
      quoteCount: 1,
      profileCount: 0,
    });
    expect(fromQuote.body.reason).toContain('used on 1 quote,');

    const replaced = await createItem({ name: 'Quoted, then replaced', unitPrice: '10' });
    const sent = await t.call('POST', '/api/v1/quotes', {
      clientId,
      currency: 'USD',
      lines: [{ description: 'Q', quantity: '1', unitPrice: '10', itemId: replaced.id }],
    });
    await t.call('POST', `/api/v1/quotes/${sent.body.id}/mark-sent`);
    const edit = await t.call('PATCH', `/api/v1/quotes/${sent.body.id}`, {
      lines: [{ description: 'R', quantity: '1', unitPrice: '10' }],
    });
    expect(edit.body.lines[0].itemId).toBeNull();
    const fromRevision = await t.call('DELETE', `/api/v1/items/${replaced.id}`);
    expect(fromRevision.body).toMatchObject({ outcome: 'archived', quoteCount: 1 });

    const credited = await createItem({ name: 'Invoiced and credited', unitPrice: '10' });
    const invoice = await draftWith([
      { description: 'C', quantity: '1', unitPrice: '10', itemId: credited.id },
    ]);
    await t.call('POST', `/api/v1/invoices/${invoice.id}/mark-sent`);
    const note = await t.call('POST', `/api/v1/invoices/${invoice.id}/credit-notes`, {});
    expect(note.status, JSON.stringify(note.body)).toBe(201);
    const fromCredit = await t.call('DELETE', `/api/v1/items/${credited.id}`);
    expect(fromCredit.body).toMatchObject({
      outcome: 'archived',
      invoiceCount: 1,
      quoteCount: 0,
      creditNoteCount: 1,
    });
    expect(fromCredit.body.reason).toContain('used on 1 invoice and 1 credit note,');
  });

  it('a delete that meets a document being saved with the item waits for it and archives instead', async () => {
    const item = await createItem({ name: 'Contended', unitPrice: '10' });
    let deleting: Promise<unknown> | null = null;
    await t.deps.db.transaction().execute(async (trx) => {
      // The invoice path's check holds the item; the delete starts meanwhile and must wait for this commit.
      await checkLineItems(trx, [{ itemId: item.id }]);
      const deletion = deleteItem(t.deps, item.id);
      deleting = deletion;
      await lockWaitOn('items', deletion);
      const { id } = await trx
        .insertInto('invoices')
        .values({
          status: 'draft',
          client_id: clientId,
          currency: 'USD',
          issue_date: '2026-11-25',
          due_date: '2026-11-25',
          payment_terms: 'due_on_receipt',
          taxes: '[]',
          notes: '',
          terms: '',
          tax_rounding: 'per_document',
          invoice_discount_mode: 'before_tax',
          total_minor: 1000n,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('invoice_lines')
        .values({
          invoice_id: id,
          position: 0,
          description: 'Contended',
          quantity: '1',
          unit_price: '10',
          taxes: '[]',
          item_id: item.id,
        })
        .execute();
    });
    expect(await deleting).toMatchObject({ outcome: 'archived', invoiceCount: 1 });
  });
});

describe('API document', () => {
  it('lists the unit codes with their names for items and for invoice and recurring lines', async () => {
    const doc = (await t.call('GET', '/api/v1/openapi.json', undefined, null)).body;
    const body = (path: string) => doc.paths[path].post.requestBody.content['application/json'].schema;
    const lineUnit = (path: string) => {
      const unit = body(path).properties.lines.items.properties.unit;
      return (unit.anyOf ?? [unit]).find((s: { enum?: string[] }) => s.enum);
    };
    for (const unit of [body('/api/v1/items').properties.unit, lineUnit('/api/v1/invoices')]) {
      expect(unit.enum).toEqual(
        expect.arrayContaining(['C62', 'H87', 'HUR', 'DAY', 'MTK', 'KWH', 'XPK', 'LS']),
      );
    }
    expect(lineUnit('/api/v1/recurring-profiles').enum).toContain('HUR');
    expect(JSON.stringify(body('/api/v1/items').properties.unit)).toContain('HUR hour');
  });
});
