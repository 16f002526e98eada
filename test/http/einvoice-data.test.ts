/**
 * The data e-invoices need, through the API: the organisation's ids, electronic address, contact and bank account,
 * clients' VAT number, electronic address and buyer reference, countries as ISO codes, tax rates' VAT category.
 * Wrong values are refused with 422 naming the field in plain words, and nothing of a refused change is saved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t?.close();
});

function firstError(body: { errors?: { field: string; message: string }[] }) {
  return body.errors?.[0] ?? { field: '', message: '' };
}

describe('organisation e-invoice settings', () => {
  it('saves ids, electronic address, contact and bank account, normalised', async () => {
    const saved = await t.call('PATCH', '/api/v1/settings', {
      businessName: 'Muster GmbH',
      address: { countryCode: 'de', city: 'Berlin', postalCode: '10115' },
      einvoicing: {
        legalName: 'Muster Beratung GmbH',
        vatId: 'de 123 456 789',
        taxRegistrationId: '12/345/67890',
        legalRegistration: { id: 'HRB 12345', scheme: '' },
        electronicAddress: { id: 'DE123456789', scheme: '9930' },
        contact: { name: 'Erika Muster', phone: '+49 30 123456', email: 'erika@muster.example' },
        paymentMeans: {
          code: '58',
          iban: 'de89 3704 0044 0532 0130 00',
          bic: 'cobadeffxxx',
          accountName: 'Muster GmbH',
        },
      },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.address).toMatchObject({
      country: 'Germany',
      countryCode: 'DE',
      countryNeedsReview: false,
    });
    expect(saved.body.einvoicing).toEqual({
      legalName: 'Muster Beratung GmbH',
      vatId: 'DE123456789',
      taxRegistrationId: '12/345/67890',
      legalRegistration: { id: 'HRB 12345', scheme: '' },
      electronicAddress: { id: 'DE123456789', scheme: '9930' },
      contact: { name: 'Erika Muster', phone: '+49 30 123456', email: 'erika@muster.example' },
      paymentMeans: {
        code: '58',
        iban: 'DE89370400440532013000',
        bic: 'COBADEFFXXX',
        accountName: 'Muster GmbH',
      },
    });
  });

  it('reads a typed country into its code, and flags one it cannot read', async () => {
    const read = await t.call('PATCH', '/api/v1/settings', { address: { country: 'Deutschland' } });
    expect(read.body.address).toMatchObject({
      country: 'Deutschland',
      countryCode: 'DE',
      countryNeedsReview: false,
    });
    const unread = await t.call('PATCH', '/api/v1/settings', { address: { country: 'Freedonia' } });
    expect(unread.body.address).toMatchObject({
      country: 'Freedonia',
      countryCode: null,
      countryNeedsReview: true,
    });
    const picked = await t.call('PATCH', '/api/v1/settings', { address: { countryCode: 'DE' } });
    expect(picked.body.address).toMatchObject({ country: 'Germany', countryCode: 'DE' });
  });

  it.each([
    [
      { paymentMeans: { code: '58', iban: 'DE89 3704 0044 0532 0130 01' } },
      'einvoicing.paymentMeans.iban',
      /check digits/,
    ],
    [{ vatId: '123456789' }, 'einvoicing.vatId', /country prefix/],
    [
      { electronicAddress: { id: '0123456789', scheme: '0208' } },
      'einvoicing.electronicAddress.id',
      /Belgian enterprise number/,
    ],
    [{ electronicAddress: { id: 'x@example.com' } }, 'einvoicing.electronicAddress.scheme', /scheme/],
    [{ contact: { email: 'not-an-email' } }, 'einvoicing.contact.email', /not an email/],
    [{ paymentMeans: { code: '999' } }, 'einvoicing.paymentMeans.code', /payment means code/],
  ])('refuses %j naming %s, and saves nothing of the change', async (einvoicing, field, message) => {
    const response = await t.call('PATCH', '/api/v1/settings', { businessName: 'Changed Name', einvoicing });
    expect(response.status).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(firstError(response.body).field).toBe(field);
    expect(firstError(response.body).message).toMatch(message);
    const settings = await t.call('GET', '/api/v1/settings');
    expect(settings.body.businessName).toBe('Muster GmbH');
    expect(settings.body.einvoicing.paymentMeans.iban).toBe('DE89370400440532013000');
  });

  it('refuses a country code that is no country', async () => {
    const response = await t.call('PATCH', '/api/v1/settings', { address: { countryCode: 'UK' } });
    expect(response.status).toBe(422);
    expect(firstError(response.body).field).toBe('address.countryCode');
  });
});

describe('client e-invoice fields', () => {
  it('saves VAT number, electronic address, buyer reference and preferred format', async () => {
    const created = await t.call('POST', '/api/v1/clients', {
      name: 'Stadt Musterhausen',
      address: { country: 'Deutschland', city: 'Musterhausen', postalCode: '12345' },
      vatId: 'de 987654321',
      electronicAddress: { id: '04011000-12345-03', scheme: '0204' },
      buyerReference: '04011000-12345-03',
      einvoiceFormat: 'xrechnung',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      vatId: 'DE987654321',
      electronicAddress: { id: '04011000-12345-03', scheme: '0204' },
      buyerReference: '04011000-12345-03',
      einvoiceFormat: 'xrechnung',
      address: { country: 'Deutschland', countryCode: 'DE', countryNeedsReview: false },
    });
  });

  it('refuses a Leitweg-ID with wrong check digits, naming the buyer reference', async () => {
    const response = await t.call('POST', '/api/v1/clients', {
      name: 'Amt',
      buyerReference: '04011000-12345-04',
    });
    expect(response.status).toBe(422);
    expect(firstError(response.body)).toMatchObject({ field: 'buyerReference' });
    expect(firstError(response.body).message).toMatch(/check digits/);
  });

  it('refuses an unknown format and a GLN with a wrong check digit', async () => {
    const format = await t.call('POST', '/api/v1/clients', { name: 'X', einvoiceFormat: 'pdf' });
    expect(format.status).toBe(400);
    const gln = await t.call('POST', '/api/v1/clients', {
      name: 'X',
      electronicAddress: { id: '4000001000006', scheme: '0088' },
    });
    expect(gln.status).toBe(422);
    expect(firstError(gln.body).field).toBe('electronicAddress.id');
  });
});

describe('tax rates: VAT category', () => {
  async function create(body: Record<string, unknown>) {
    return t.call('POST', '/api/v1/tax-rates', { name: 'VAT', rate: '0', ...body });
  }

  it('saves standard, reverse charge (default VATEX) and exempt with a reason', async () => {
    const standard = await create({ rate: '19', vatCategory: 'S' });
    expect(standard.status, JSON.stringify(standard.body)).toBe(201);
    expect(standard.body).toMatchObject({ vatCategory: 'S', exemptionReason: '', vatexCode: null });
    const reverse = await create({ name: 'Reverse charge', vatCategory: 'AE' });
    expect(reverse.status).toBe(201);
    const exempt = await create({
      name: 'Exempt',
      vatCategory: 'E',
      exemptionReason: 'Exempt under Article 132(1)(i)',
      vatexCode: 'vatex-eu-132-1i',
    });
    expect(exempt.body).toMatchObject({ vatCategory: 'E', vatexCode: 'VATEX-EU-132-1I' });
    const salesTax = await create({ name: 'Sales tax', rate: '8.875' });
    expect(salesTax.body.vatCategory).toBeNull();
  });

  it.each([
    [{ vatCategory: 'E' }, 'exemptionReason', /reason for the exemption/],
    [{ vatCategory: 'AE', rate: '19' }, 'rate', /rate must be 0/],
    [{ vatCategory: 'Z', rate: '7' }, 'rate', /rate must be 0/],
    [{ vatCategory: 'S', rate: '0' }, 'rate', /above 0/],
    [{ vatCategory: 'S', rate: '19', exemptionReason: 'because' }, 'exemptionReason', /not an exemption/],
    [{ vatCategory: 'E', vatexCode: 'VATEX-EU-AE' }, 'vatexCode', /belongs to/],
    [{ vatCategory: 'S', rate: '10', compound: true }, 'compound', /cannot be compound/],
    [{ exemptionReason: 'Exempt' }, 'vatCategory', /VAT category/],
  ])('refuses %j naming %s', async (body, field, message) => {
    const response = await create(body);
    expect(response.status, JSON.stringify(response.body)).toBe(422);
    expect(firstError(response.body).field).toBe(field);
    expect(firstError(response.body).message).toMatch(message);
  });

  it('checks a changed rate against the category it keeps', async () => {
    const zero = await create({ name: 'Zero', vatCategory: 'Z' });
    const raised = await t.call('PATCH', `/api/v1/tax-rates/${zero.body.id}`, { rate: '5' });
    expect(raised.status).toBe(422);
    expect(firstError(raised.body).field).toBe('rate');
    const moved = await t.call('PATCH', `/api/v1/tax-rates/${zero.body.id}`, { rate: '5', vatCategory: 'S' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ rate: '5', vatCategory: 'S' });
  });
});
