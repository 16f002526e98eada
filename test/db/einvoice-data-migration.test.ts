/**
 * Migration 020 on data written before it: free-text countries become ISO codes where they can be read (the text
 * stays), tax ids shaped like VAT numbers become VAT ids, and rates named like VAT become standard rate.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { down, up } from '../../src/db/migrations/020-einvoice-data.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db as unknown as Kysely<unknown>;
  await down(db);
  const q = (text: string, values: unknown[] = []) => database.pool.query(text, values);
  await q(`update settings set country = 'Deutschland', tax_id = 'de 123 456 789' where id = 1`);
  await q(
    `insert into clients (name, country, tax_id) values
       ('Brussels', 'Belgique', 'BE0123456749'), ('Paris', 'france', ''), ('Nowhere', 'Narnia', '12-3456789')`,
  );
  await q(
    `insert into tax_rates (name, rate, inclusive, compound, is_default) values
       ('VAT 20%', 20, false, false, false), ('MwSt.', 19, false, false, false),
       ('Sales tax', 8.875, false, false, false), ('VAT zero', 0, false, false, false)`,
  );
  await up(db);
});

afterAll(async () => {
  await database?.close();
});

describe('migration 020: e-invoice data', () => {
  it('reads the organisation’s country and VAT number', async () => {
    const { rows } = await database.pool.query(
      'select country, country_code, vat_id, tax_registration_id, payment_means_code from settings',
    );
    expect(rows[0]).toEqual({
      country: 'Deutschland',
      country_code: 'DE',
      vat_id: 'DE123456789',
      tax_registration_id: '',
      payment_means_code: '58',
    });
  });

  it('reads clients’ countries, keeps the text it cannot read with no code, and moves VAT-shaped tax ids', async () => {
    const { rows } = await database.pool.query(
      'select name, country, country_code, vat_id, tax_id, einvoice_format from clients order by name',
    );
    expect(rows).toEqual([
      {
        name: 'Brussels',
        country: 'Belgique',
        country_code: 'BE',
        vat_id: 'BE0123456749',
        tax_id: 'BE0123456749',
        einvoice_format: 'none',
      },
      {
        name: 'Nowhere',
        country: 'Narnia',
        country_code: null,
        vat_id: '',
        tax_id: '12-3456789',
        einvoice_format: 'none',
      },
      {
        name: 'Paris',
        country: 'france',
        country_code: 'FR',
        vat_id: '',
        tax_id: '',
        einvoice_format: 'none',
      },
    ]);
  });

  it('marks rates named like VAT above 0 % as standard rate and leaves the others undecided', async () => {
    const { rows } = await database.pool.query('select name, vat_category from tax_rates order by name');
    expect(Object.fromEntries(rows.map((r) => [r.name, r.vat_category]))).toMatchObject({
      'VAT 20%': 'S',
      'MwSt.': 'S',
      'Sales tax': null,
      'VAT zero': null,
    });
  });
});
