/**
 * CSV imports over HTTP: the mapping step (preview), dry runs that list every bad row with its physical line, and
 * all-or-nothing imports of clients and items from realistic files (quotes, commas, embedded newlines, BOM,
 * semicolons, Latin-1 and UTF-16), with the admin-only role check and the audit log entry.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;

const fixture = (name: string) => readFileSync(new URL(`../fixtures/imports/${name}`, import.meta.url));

async function upload(
  path: string,
  body: string | Buffer,
  query: Record<string, string> = {},
  token: string = t.adminToken,
  contentType = 'text/csv',
) {
  const search = new URLSearchParams(query).toString();
  const response = await t.app.inject({
    method: 'POST',
    url: `/api/v1/imports/${path}${search ? `?${search}` : ''}`,
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
    payload: body,
  });
  return { status: response.statusCode, body: response.json(), type: response.headers['content-type'] };
}

async function count(table: 'clients' | 'items' | 'invoices' | 'payments' | 'contacts' | 'audit_log') {
  const row = await t.deps.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t?.close();
});

describe('mapping step', () => {
  it('recognises the Invoice Ninja client export and suggests its mapping', async () => {
    const { status, body } = await upload('clients/preview', fixture('invoice-ninja-clients.csv'));
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({
      encoding: 'utf-8',
      bom: false,
      delimiter: ',',
      rowCount: 3,
      preset: { id: 'invoice-ninja' },
      mapping: {
        name: 'Client Name',
        email: 'Contact Email',
        addressLine1: 'Client Street',
        currency: 'Client Currency',
      },
      missingFields: [],
    });
    // The second record spans lines 3 and 4: the third starts on line 5.
    expect(body.sampleRows.map((row: { line: number }) => row.line)).toEqual([2, 3, 5]);
    expect(body.sampleRows[1].values[1]).toBe('1 Main St\nUnit 4');
  });

  it('answers an incomplete mapping with the fields still missing, and refuses a column the file lacks', async () => {
    const preview = await upload('items/preview', 'Thing;Cost\nA;1\n');
    expect(preview.status).toBe(200);
    expect(preview.body.delimiter).toBe(';');
    expect(preview.body.missingFields.map((m: { field: string }) => m.field)).toEqual(['name']);
    expect(preview.body.unmappedColumns).toEqual(['Thing']);
    const wrong = await upload('items/preview', 'Thing;Cost\nA;1\n', { 'map.name': 'Label' });
    expect(wrong.status).toBe(422);
    expect(wrong.type).toContain('application/problem+json');
    expect(wrong.body.errors[0]).toMatchObject({ field: 'map.name' });
    expect(wrong.body.errors[0].message).toContain('no column "Label"');
  });

  it('refuses empty files, header-only files and other content types', async () => {
    expect((await upload('clients/preview', '')).status).toBe(422);
    const headerOnly = await upload('clients', 'Name,Email\n', { dryRun: 'true' });
    expect(headerOnly.status).toBe(422);
    expect(headerOnly.body.detail).toContain('no rows');
    const json = await upload('clients', '{"name":"x"}', {}, t.adminToken, 'application/json');
    expect(json.status).toBe(415);
  });

  it('is for admins only', async () => {
    const asFinance = await upload('clients/preview', 'Name\nA\n', {}, t.financeToken);
    expect(asFinance.status).toBe(403);
    const importing = await upload('clients', 'Name\nA\n', {}, t.financeToken);
    expect(importing.status).toBe(403);
    expect(await count('clients')).toBe(0);
  });
});

describe('clients', () => {
  it('dry run reports what the real run then creates, with contacts, and writes an audit entry', async () => {
    const file = fixture('invoice-ninja-clients.csv');
    const dry = await upload('clients', file, { dryRun: 'true' });
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body).toMatchObject({
      valid: true,
      dryRun: true,
      importId: null,
      created: { clients: 3, contacts: 2 },
    });
    expect(await count('clients')).toBe(0);

    const auditBefore = await count('audit_log');
    const real = await upload('clients', file);
    expect(real.status, JSON.stringify(real.body)).toBe(200);
    expect(real.body).toMatchObject({ valid: true, dryRun: false, created: dry.body.created });
    expect(real.body.importId).toMatch(/^[0-9a-f-]{36}$/);
    const clients = await t.deps.db.selectFrom('clients').selectAll().orderBy('name').execute();
    expect(clients.map((c) => c.name)).toEqual([
      'Acme "Rockets" Ltd',
      'Müller, Schmidt & Co',
      'Solo Designer',
    ]);
    expect(clients[0]).toMatchObject({
      address_line1: '1 Main St\nUnit 4',
      currency: 'USD',
      country_code: 'US',
    });
    expect(clients[1]).toMatchObject({
      vat_id: 'DE123456789',
      email: 'anna@mueller.example',
      country_code: 'DE',
    });
    const contacts = await t.deps.db
      .selectFrom('contacts')
      .select(['name', 'email'])
      .orderBy('name')
      .execute();
    expect(contacts).toEqual([
      { name: 'Anna Müller', email: 'anna@mueller.example' },
      { name: 'Wile Coyote', email: 'wile@acme.example' },
    ]);
    expect(await count('audit_log')).toBe(auditBefore + 1);
    const entry = await t.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'import.completed')
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ entity_type: 'import', entity_id: real.body.importId });

    const listed = await t.call('GET', '/api/v1/imports');
    expect(listed.body.items[0]).toMatchObject({ id: real.body.importId, kind: 'clients', rowCount: 3 });

    // The same file again: every row is a client already, and nothing is written.
    const again = await upload('clients', file);
    expect(again.status).toBe(422);
    expect(again.body).toMatchObject({ code: 'import_rejected', badRows: 3 });
    expect(again.body.rows[1]).toMatchObject({ line: 3, column: 'Contact Email', field: 'email' });
    expect(await count('clients')).toBe(3);
  });

  it('lists every bad row with its line and imports nothing when one row in the middle is bad', async () => {
    const file = [
      'Name;Email;Currency;Notes',
      'Good One;good1@example.com;EUR;"multi',
      'line; notes"',
      'Bad Currency;bad@example.com;EURO;',
      ';noname@example.com;EUR;',
      'Good Two;good1@example.com;EUR;',
      'Good Three;good3@example.com;;',
    ].join('\r\n');
    const before = await count('clients');
    const dry = await upload('clients', file, { dryRun: 'true' });
    expect(dry.status).toBe(200);
    expect(dry.body.valid).toBe(false);
    expect(dry.body.problems).toEqual([
      expect.objectContaining({
        line: 4,
        column: 'Currency',
        field: 'currency',
        reason: expect.stringContaining('EURO'),
      }),
      expect.objectContaining({ line: 5, column: 'Name', field: 'name', reason: 'A client needs a name' }),
      expect.objectContaining({
        line: 6,
        column: 'Email',
        reason: expect.stringContaining('Line 2 already'),
      }),
    ]);
    const real = await upload('clients', file);
    expect(real.status).toBe(422);
    expect(real.body.rows).toEqual(dry.body.problems);
    expect(await count('clients')).toBe(before);
  });

  it('reads a UTF-8 file with a BOM and a UTF-16 file, and refuses Latin-1 unless named', async () => {
    const text = 'Name,City\nZoë Café,Genève\n';
    const bom = await upload(
      'clients/preview',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
    );
    expect(bom.body).toMatchObject({ encoding: 'utf-8', bom: true, headers: ['Name', 'City'] });
    const utf16 = await upload(
      'clients/preview',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
    );
    expect(utf16.body).toMatchObject({ encoding: 'utf-16le', bom: true });
    expect(utf16.body.sampleRows[0].values).toEqual(['Zoë Café', 'Genève']);

    const latin1 = fixture('latin1-clients.csv');
    const refused = await upload('clients', latin1);
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0].field).toBe('file');
    expect(refused.body.detail).toContain('line 2');
    expect(refused.body.detail).toContain('encoding=windows-1252');
    const named = await upload('clients', latin1, { encoding: 'windows-1252' });
    expect(named.status, JSON.stringify(named.body)).toBe(200);
    const client = await t.deps.db
      .selectFrom('clients')
      .selectAll()
      .where('city', '=', 'Genève')
      .executeTakeFirst();
    expect(client?.name).toBe('Zoë Müller');
  });
});

describe('items', () => {
  it('imports an InvoiceShelf/Crater items file with amounts in cents and unit names', async () => {
    // Name, description, price: any program's catalogue reads so; the preset (cents) must be named.
    const guessed = await upload('items/preview', fixture('invoiceshelf-items.csv'));
    expect(guessed.body).toMatchObject({ preset: null, amountsInMinorUnits: false });
    const { status, body } = await upload('items', fixture('invoiceshelf-items.csv'), {
      preset: 'invoiceshelf',
    });
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({
      created: { items: 3 },
      file: { preset: { id: 'invoiceshelf' }, amountsInMinorUnits: true },
    });
    const items = await t.deps.db
      .selectFrom('items')
      .select(['name', 'description', 'unit_price', 'unit', 'currency'])
      .orderBy('name')
      .execute();
    expect(items).toEqual([
      {
        name: 'Design work',
        description: 'Logo, layout "and" colours',
        unit_price: '120.000000',
        unit: 'HUR',
        currency: 'USD',
      },
      {
        name: 'Hosting',
        description: 'Monthly hosting',
        unit_price: '19.990000',
        unit: 'MON',
        currency: 'USD',
      },
      { name: 'Printed flyers', description: '', unit_price: '0.450000', unit: 'H87', currency: 'USD' },
    ]);
  });

  it('reads decimal commas in semicolon files and refuses duplicates and bad prices', async () => {
    const file = 'Name;Price;Unit\nConsulting;1.250,50;day\nConsulting;10;\nWidget;abc;\nGadget;3;parsec\n';
    const dry = await upload('items', file, { dryRun: 'true' });
    expect(dry.body.problems.map((p: { line: number; field: string }) => [p.line, p.field])).toEqual([
      [3, 'name'],
      [4, 'unitPrice'],
      [5, 'unit'],
    ]);
    const fixed = await upload('items', 'Name;Price;Unit\nConsulting;1.250,50;day\n');
    expect(fixed.status).toBe(200);
    const item = await t.deps.db
      .selectFrom('items')
      .selectAll()
      .where('name', '=', 'Consulting')
      .executeTakeFirstOrThrow();
    expect(item).toMatchObject({ unit_price: '1250.500000', unit: 'DAY' });
  });
});
