/**
 * A tax cannot be both inclusive (contained in the price) and compound (charged on top of the price and the other
 * taxes). Refused when a tax rate is created or changed, when an invoice or recurring profile is saved with such a
 * tax written out, and, for rates an older version let into the database, when an invoice uses one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let clientId: string;

const BOTH = 'A tax cannot be both inclusive and compound';

beforeAll(async () => {
  t = await startTestApp();
  const client = await t.call('POST', '/api/v1/clients', { name: 'Tax Test Ltd' });
  expect(client.status).toBe(201);
  clientId = client.body.id;
});

afterAll(async () => {
  await t?.close();
});

function fields(body: { errors?: { field: string }[] }): string[] {
  return (body.errors ?? []).map((e) => e.field);
}

async function createRate(body: Record<string, unknown>) {
  const response = await t.call('POST', '/api/v1/tax-rates', body);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string; name: string };
}

/** A rate as an older version could store it: inclusive and compound at once. */
async function legacyRate(name: string, options: { isDefault?: boolean } = {}) {
  const row = await t.deps.db
    .insertInto('tax_rates')
    .values({
      name,
      rate: '10',
      inclusive: true,
      compound: true,
      is_default: options.isDefault ?? false,
      created_at: t.clock.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function countRows(table: 'tax_rates' | 'invoices' | 'recurring_profiles') {
  const row = await t.deps.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('tax rates', () => {
  it('refuses to create a rate that is both inclusive and compound (422 naming compound), writing nothing', async () => {
    const before = await countRows('tax_rates');
    const response = await t.call('POST', '/api/v1/tax-rates', {
      name: 'Odd tax',
      rate: '5',
      inclusive: true,
      compound: true,
    });
    expect(response.status).toBe(422);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.errors).toEqual([
      { field: 'compound', label: expect.any(String), message: expect.stringContaining(BOTH) },
    ]);
    expect(await countRows('tax_rates')).toBe(before);
  });

  it('refuses a change that would make a rate both, naming the flag that was sent, and keeps the rate', async () => {
    const inclusive = await createRate({ name: 'VAT incl', rate: '20', inclusive: true });
    const compound = await createRate({ name: 'QST', rate: '9.975', compound: true });
    for (const [id, patch, field] of [
      [inclusive.id, { compound: true }, 'compound'],
      [compound.id, { inclusive: true }, 'inclusive'],
      [compound.id, { inclusive: true, compound: true }, 'compound'],
      [inclusive.id, { name: 'Renamed', compound: true, isDefault: true }, 'compound'],
    ] as const) {
      const response = await t.call('PATCH', `/api/v1/tax-rates/${id}`, patch);
      expect(response.status, JSON.stringify(patch)).toBe(422);
      expect(fields(response.body)).toEqual([field]);
    }
    expect((await t.call('GET', `/api/v1/tax-rates/${inclusive.id}`)).body).toMatchObject({
      name: 'VAT incl',
      inclusive: true,
      compound: false,
      isDefault: false,
    });
    // Switching one flag off while turning the other on is a valid change.
    const switched = await t.call('PATCH', `/api/v1/tax-rates/${compound.id}`, {
      inclusive: true,
      compound: false,
    });
    expect(switched.status).toBe(200);
    expect(switched.body).toMatchObject({ inclusive: true, compound: false });
  });
});

describe('invoices and recurring profiles with such a tax written out', () => {
  const odd = { name: 'Odd', rate: '5', inclusive: true, compound: true };

  it('refuses the invoice (422 naming the tax on the line or the invoice), writing nothing', async () => {
    const before = await countRows('invoices');
    const onLine = await t.call('POST', '/api/v1/invoices', {
      clientId,
      lines: [{ description: 'Work', quantity: '1', unitPrice: '100', taxes: [odd] }],
    });
    expect(onLine.status).toBe(422);
    expect(onLine.body.errors).toEqual([
      {
        field: 'lines.0.taxes.0.compound',
        label: expect.any(String),
        message: expect.stringContaining(BOTH),
      },
    ]);
    const onInvoice = await t.call('POST', '/api/v1/invoices', {
      clientId,
      lines: [{ description: 'Work', quantity: '1', unitPrice: '100' }],
      taxes: [odd],
    });
    expect(onInvoice.status).toBe(422);
    expect(fields(onInvoice.body)).toEqual(['taxes.0.compound']);
    expect(await countRows('invoices')).toBe(before);
  });

  it('refuses the recurring profile the same way', async () => {
    const before = await countRows('recurring_profiles');
    const response = await t.call('POST', '/api/v1/recurring-profiles', {
      clientId,
      frequency: 'monthly',
      startDate: '2026-12-31',
      lines: [{ description: 'Retainer', quantity: '1', unitPrice: '100', taxes: [odd] }],
    });
    expect(response.status).toBe(422);
    expect(fields(response.body)).toEqual(['lines.0.taxes.0.compound']);
    expect(await countRows('recurring_profiles')).toBe(before);
  });
});

describe('a rate already in the database that is both (stored by an older version)', () => {
  it('is refused when an invoice or profile uses it, naming the line’s tax and the rate', async () => {
    const id = await legacyRate('Legacy tax');
    const before = await countRows('invoices');
    const onLine = await t.call('POST', '/api/v1/invoices', {
      clientId,
      lines: [{ description: 'Work', quantity: '1', unitPrice: '100', taxes: [{ taxRateId: id }] }],
    });
    expect(onLine.status).toBe(422);
    expect(onLine.body.errors).toEqual([
      {
        field: 'lines.0.taxes.0.taxRateId',
        label: expect.any(String),
        message: expect.stringMatching(/"Legacy tax".*inclusive and compound/),
      },
    ]);
    const onInvoice = await t.call('POST', '/api/v1/invoices', {
      clientId,
      lines: [{ description: 'Work', quantity: '1', unitPrice: '100' }],
      taxes: [{ taxRateId: id }],
    });
    expect(onInvoice.status).toBe(422);
    expect(fields(onInvoice.body)).toEqual(['taxes.0.taxRateId']);
    const profile = await t.call('POST', '/api/v1/recurring-profiles', {
      clientId,
      frequency: 'monthly',
      startDate: '2026-12-31',
      lines: [{ description: 'Retainer', quantity: '1', unitPrice: '100', taxes: [{ taxRateId: id }] }],
    });
    expect(profile.status).toBe(422);
    expect(fields(profile.body)).toEqual(['lines.0.taxes.0.taxRateId']);
    expect(await countRows('invoices')).toBe(before);
  });

  it('as a default tax, refuses new invoices that take the defaults, saying which rate to fix', async () => {
    const id = await legacyRate('Legacy default', { isDefault: true });
    const response = await t.call('POST', '/api/v1/invoices', {
      clientId,
      lines: [{ description: 'Work', quantity: '1', unitPrice: '100' }],
    });
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([
      {
        field: 'taxes',
        label: expect.any(String),
        message: expect.stringMatching(/default tax rate "Legacy default".*inclusive and compound/),
      },
    ]);
    // Invoices that name their taxes are not held back by the default.
    const explicit = await t.call('POST', '/api/v1/invoices', {
      clientId,
      lines: [{ description: 'Work', quantity: '1', unitPrice: '100' }],
      taxes: [],
    });
    expect(explicit.status).toBe(201);
    await t.deps.db.updateTable('tax_rates').set({ is_default: false }).where('id', '=', id).execute();
  });

  it('leaves invoices made before the rate went bad readable, and refuses their edit naming the tax', async () => {
    const rate = await createRate({ name: 'Once fine', rate: '10' });
    const created = await t.call('POST', '/api/v1/invoices', {
      clientId,
      lines: [{ description: 'Work', quantity: '1', unitPrice: '100', taxes: [{ taxRateId: rate.id }] }],
      taxes: [],
    });
    expect(created.status).toBe(201);
    await t.deps.db
      .updateTable('tax_rates')
      .set({ inclusive: true, compound: true })
      .where('id', '=', rate.id)
      .execute();
    const read = await t.call('GET', `/api/v1/invoices/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body.totals.total).toBe('110.00');
    const pdf = await t.app.inject({
      method: 'GET',
      url: `/api/v1/invoices/${created.body.id}/pdf`,
      headers: { authorization: `Bearer ${t.adminToken}` },
    });
    expect(pdf.statusCode).toBe(200);
    // The editor sends saved taxes by id: the edit is refused with the tax named, and the invoice stays as it was.
    const edited = await t.call('PATCH', `/api/v1/invoices/${created.body.id}`, {
      lines: [{ description: 'More work', quantity: '2', unitPrice: '100', taxes: [{ taxRateId: rate.id }] }],
    });
    expect(edited.status).toBe(422);
    expect(fields(edited.body)).toEqual(['lines.0.taxes.0.taxRateId']);
    expect((await t.call('GET', `/api/v1/invoices/${created.body.id}`)).body.lines[0].description).toBe(
      'Work',
    );
    // Edits that leave the lines alone still work.
    expect((await t.call('PATCH', `/api/v1/invoices/${created.body.id}`, { notes: 'Thanks' })).status).toBe(
      200,
    );
  });

  it('must be fixed before any other change, and may be archived as it is', async () => {
    const id = await legacyRate('Legacy to fix');
    const renamed = await t.call('PATCH', `/api/v1/tax-rates/${id}`, { name: 'Renamed' });
    expect(renamed.status).toBe(422);
    expect(fields(renamed.body)).toEqual(['compound']);
    const fixed = await t.call('PATCH', `/api/v1/tax-rates/${id}`, { name: 'Fixed', compound: false });
    expect(fixed.status).toBe(200);
    expect(fixed.body).toMatchObject({ name: 'Fixed', inclusive: true, compound: false });

    const other = await legacyRate('Legacy to archive');
    const archived = await t.call('PATCH', `/api/v1/tax-rates/${other}`, { archived: true });
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ archived: true, inclusive: true, compound: true });
  });
});
