import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let clientId: string;

beforeAll(async () => {
  t = await startTestApp();
  const client = await t.call('POST', '/api/v1/clients', { name: 'Settings Client' });
  expect(client.status).toBe(201);
  clientId = client.body.id;
});

afterAll(async () => {
  await t.close();
});

function fields(body: { errors?: { field: string }[] }): string[] {
  return (body.errors ?? []).map((e) => e.field);
}

async function issue(issueDate: string) {
  const draft = await t.call('POST', '/api/v1/invoices', {
    clientId,
    issueDate,
    lines: [{ description: 'Work', quantity: '1', unitPrice: '10' }],
  });
  expect(draft.status).toBe(201);
  const sent = await t.call('POST', `/api/v1/invoices/${draft.body.id}/mark-sent`);
  expect(sent.status).toBe(200);
  return sent.body.number as string;
}

describe('settings', () => {
  it('starts from the defaults', async () => {
    const settings = await t.call('GET', '/api/v1/settings');
    expect(settings.status).toBe(200);
    expect(settings.body).toMatchObject({
      businessName: '',
      address: { line1: '', line2: '', city: '', region: '', postalCode: '', country: '' },
      defaultCurrency: 'USD',
      locale: 'en-US',
      timeZone: 'UTC',
      defaultPaymentTerms: 'net_30',
      invoiceNumberPattern: 'INV-{YYYY}-{SEQ:4}',
      taxRounding: 'per_document',
      invoiceDiscountMode: 'before_tax',
      defaultTaxRateIds: [],
      defaultNotes: '',
      defaultTerms: '',
    });
    expect(typeof settings.body.updatedAt).toBe('string');
  });

  it('persists the changes of a PATCH and keeps the fields left out', async () => {
    t.clock.set('2026-11-25T11:30:00Z');
    try {
      const patched = await t.call('PATCH', '/api/v1/settings', {
        businessName: 'Remit Test GmbH',
        address: { line1: 'Hauptstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
        email: 'billing@remit.example',
        phone: '+49 30 123',
        taxId: 'DE123456789',
        defaultCurrency: 'eur',
        locale: 'de-DE',
        timeZone: 'Europe/Berlin',
        defaultNotes: 'Danke!',
        defaultTerms: 'Zahlbar ohne Abzug',
        taxRounding: 'per_line',
        invoiceDiscountMode: 'after_tax',
      });
      expect(patched.status).toBe(200);
      expect(patched.body.updatedAt).toBe('2026-11-25T11:30:00.000Z');
    } finally {
      t.clock.set('2026-11-25T10:00:00Z');
    }
    const partial = await t.call('PATCH', '/api/v1/settings', { address: { region: 'Berlin' } });
    expect(partial.status).toBe(200);

    const settings = await t.call('GET', '/api/v1/settings');
    expect(settings.body).toMatchObject({
      businessName: 'Remit Test GmbH',
      address: {
        line1: 'Hauptstraße 1',
        line2: '',
        city: 'Berlin',
        region: 'Berlin',
        postalCode: '10115',
        country: 'DE',
      },
      email: 'billing@remit.example',
      phone: '+49 30 123',
      taxId: 'DE123456789',
      defaultCurrency: 'EUR',
      locale: 'de-DE',
      timeZone: 'Europe/Berlin',
      defaultPaymentTerms: 'net_30',
      invoiceNumberPattern: 'INV-{YYYY}-{SEQ:4}',
      defaultNotes: 'Danke!',
      defaultTerms: 'Zahlbar ohne Abzug',
      taxRounding: 'per_line',
      invoiceDiscountMode: 'after_tax',
    });

    // New invoices pick up the defaults (the client has no currency of its own).
    const invoice = await t.call('POST', '/api/v1/invoices', {
      clientId,
      lines: [{ description: 'Work', quantity: '1', unitPrice: '10' }],
    });
    expect(invoice.body).toMatchObject({
      currency: 'EUR',
      notes: 'Danke!',
      terms: 'Zahlbar ohne Abzug',
      taxRounding: 'per_line',
      invoiceDiscountMode: 'after_tax',
    });

    const empty = await t.call('PATCH', '/api/v1/settings', {});
    expect(empty.status).toBe(200);
    expect(empty.body.businessName).toBe('Remit Test GmbH');

    await t.call('PATCH', '/api/v1/settings', {
      defaultCurrency: 'USD',
      timeZone: 'UTC',
      taxRounding: 'per_document',
      invoiceDiscountMode: 'before_tax',
      defaultNotes: '',
      defaultTerms: '',
    });
  });

  it.each([
    ['INV-{YYYY}', 'no {SEQ}'],
    ['{SEQ}-{SEQ}', 'two {SEQ}'],
    ['INV {SEQ}', 'a space'],
    ['INV-{SEQ:0}', 'width 0'],
    ['INV-{seq}', 'a lower-case token'],
    ['INV-{SEQ', 'an unclosed token'],
    ['', 'nothing'],
  ])('refuses the number pattern %j (%s) with 422 naming invoiceNumberPattern', async (pattern) => {
    const response = await t.call('PATCH', '/api/v1/settings', { invoiceNumberPattern: pattern });
    expect(response.status).toBe(422);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(fields(response.body)).toEqual(['invoiceNumberPattern']);
    const settings = await t.call('GET', '/api/v1/settings');
    expect(settings.body.invoiceNumberPattern).toBe('INV-{YYYY}-{SEQ:4}');
  });

  it.each(['not a locale!', 'zz-ZZ-x-'])('refuses the locale %j (422, field locale)', async (locale) => {
    const response = await t.call('PATCH', '/api/v1/settings', { locale });
    expect(response.status).toBe(422);
    expect(fields(response.body)).toEqual(['locale']);
  });

  it.each(['net_400', 'net_-1', 'net_030', 'whenever'])(
    'refuses the payment terms %j (422, field defaultPaymentTerms)',
    async (terms) => {
      const response = await t.call('PATCH', '/api/v1/settings', { defaultPaymentTerms: terms });
      expect(response.status).toBe(422);
      expect(fields(response.body)).toEqual(['defaultPaymentTerms']);
    },
  );

  it('refuses an unknown currency or time zone, and changes nothing when one field is bad', async () => {
    const currency = await t.call('PATCH', '/api/v1/settings', { defaultCurrency: 'XYZ' });
    expect(currency.status).toBe(422);
    expect(fields(currency.body)).toEqual(['defaultCurrency']);
    const zone = await t.call('PATCH', '/api/v1/settings', { timeZone: 'Mars/Olympus_Mons' });
    expect(zone.status).toBe(422);
    expect(fields(zone.body)).toEqual(['timeZone']);
    const offset = await t.call('PATCH', '/api/v1/settings', { timeZone: '+01:00' });
    expect(offset.status).toBe(422);
    expect(fields(offset.body)).toEqual(['timeZone']);

    const mixed = await t.call('PATCH', '/api/v1/settings', {
      businessName: 'Half Applied',
      defaultPaymentTerms: 'net_400',
    });
    expect(mixed.status).toBe(422);
    expect((await t.call('GET', '/api/v1/settings')).body.businessName).not.toBe('Half Applied');
  });

  it('refuses unknown fields and bad enum values with 400', async () => {
    const unknown = await t.call('PATCH', '/api/v1/settings', { colour: 'blue' });
    expect(unknown.status).toBe(400);
    expect(fields(unknown.body)).toEqual(['colour']);
    const rounding = await t.call('PATCH', '/api/v1/settings', { taxRounding: 'sometimes' });
    expect(rounding.status).toBe(400);
    expect(fields(rounding.body)).toEqual(['taxRounding']);
  });

  it('stores a time zone under its canonical name', async () => {
    const patched = await t.call('PATCH', '/api/v1/settings', { timeZone: 'europe/paris' });
    expect(patched.status).toBe(200);
    expect(patched.body.timeZone).toBe('Europe/Paris');
    await t.call('PATCH', '/api/v1/settings', { timeZone: 'UTC' });
  });

  it('gives invoices created after a switch to due_on_receipt a due date equal to the issue date', async () => {
    const before = await t.call('POST', '/api/v1/invoices', {
      clientId,
      issueDate: '2026-11-20',
      lines: [{ description: 'Work', quantity: '1', unitPrice: '10' }],
    });
    expect(before.body).toMatchObject({ paymentTerms: 'net_30', dueDate: '2026-12-20' });

    const patched = await t.call('PATCH', '/api/v1/settings', { defaultPaymentTerms: 'due_on_receipt' });
    expect(patched.status).toBe(200);
    expect(patched.body.defaultPaymentTerms).toBe('due_on_receipt');

    const dated = await t.call('POST', '/api/v1/invoices', {
      clientId,
      issueDate: '2026-11-20',
      lines: [{ description: 'Work', quantity: '1', unitPrice: '10' }],
    });
    expect(dated.status).toBe(201);
    expect(dated.body).toMatchObject({
      paymentTerms: 'due_on_receipt',
      issueDate: '2026-11-20',
      dueDate: '2026-11-20',
    });
    const today = await t.call('POST', '/api/v1/invoices', {
      clientId,
      lines: [{ description: 'Work', quantity: '1', unitPrice: '10' }],
    });
    expect(today.body).toMatchObject({ issueDate: '2026-11-25', dueDate: '2026-11-25' });

    // Invoices already written keep their own terms.
    const old = await t.call('GET', `/api/v1/invoices/${before.body.id}`);
    expect(old.body).toMatchObject({ paymentTerms: 'net_30', dueDate: '2026-12-20' });

    const net14 = await t.call('PATCH', '/api/v1/settings', { defaultPaymentTerms: 'net_14' });
    expect(net14.body.defaultPaymentTerms).toBe('net_14');
    const later = await t.call('POST', '/api/v1/invoices', {
      clientId,
      issueDate: '2026-12-25',
      lines: [{ description: 'Work', quantity: '1', unitPrice: '10' }],
    });
    expect(later.body.dueDate).toBe('2027-01-08');
    const endOfMonth = await t.call('PATCH', '/api/v1/settings', { defaultPaymentTerms: 'eom' });
    expect(endOfMonth.body.defaultPaymentTerms).toBe('eom');
    const monthEnd = await t.call('POST', '/api/v1/invoices', {
      clientId,
      issueDate: '2026-12-25',
      lines: [{ description: 'Work', quantity: '1', unitPrice: '10' }],
    });
    expect(monthEnd.body).toMatchObject({ paymentTerms: 'eom', dueDate: '2026-12-31' });
    await t.call('PATCH', '/api/v1/settings', { defaultPaymentTerms: 'net_30' });
  });

  it('numbers the next issued invoice with a changed pattern; each scope has its own counter', async () => {
    expect(await issue('2026-11-25')).toBe('INV-2026-0001');
    const early = await t.call('POST', '/api/v1/invoices', {
      clientId,
      issueDate: '2026-11-25',
      lines: [{ description: 'Saved before the change', quantity: '1', unitPrice: '10' }],
    });

    const patched = await t.call('PATCH', '/api/v1/settings', { invoiceNumberPattern: 'F{YY}{MM}-{SEQ:3}' });
    expect(patched.status).toBe(200);
    expect(patched.body.invoiceNumberPattern).toBe('F{YY}{MM}-{SEQ:3}');

    // A draft saved before the change is numbered when it is issued, with the pattern of that moment.
    const sent = await t.call('POST', `/api/v1/invoices/${early.body.id}/mark-sent`);
    expect(sent.body.number).toBe('F2611-001');
    expect(await issue('2026-11-02')).toBe('F2611-002');
    // The month is part of the pattern: December starts again.
    expect(await issue('2026-12-01')).toBe('F2612-001');

    // Back to the yearly pattern: its counter (scope 2026) carries on.
    await t.call('PATCH', '/api/v1/settings', { invoiceNumberPattern: 'INV-{YYYY}-{SEQ:4}' });
    expect(await issue('2026-11-25')).toBe('INV-2026-0002');
    expect(await issue('2027-01-04')).toBe('INV-2027-0001');
  });
});
