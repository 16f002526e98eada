/** GET /api/v1/dashboard/setup: each first-run step ticks when the data it stands for exists, and only then. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePng } from '../pdf/pdf-tools.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t.close();
});

async function done(): Promise<string[]> {
  const response = await t.call('GET', '/api/v1/dashboard/setup', undefined, t.financeToken);
  expect(response.status).toBe(200);
  const steps = response.body.steps as { id: string; done: boolean }[];
  expect(response.body.complete).toBe(steps.every((step) => step.done));
  return steps.filter((step) => step.done).map((step) => step.id);
}

async function ok(method: 'POST' | 'PATCH' | 'PUT', url: string, body: unknown) {
  const response = await t.call(method, url, body);
  expect(response.status, `${url} ${JSON.stringify(response.body)}`).toBeLessThan(300);
  return response.body;
}

describe('GET /api/v1/dashboard/setup', () => {
  it('ticks each step as it is done and is complete when all are', async () => {
    expect(await done()).toEqual([]);

    await ok('PATCH', '/api/v1/settings', { businessName: 'Studio Nord', email: 'hello@nord.example' });
    expect(await done()).toEqual([]);
    await ok('PATCH', '/api/v1/settings', { address: { city: 'Hamburg' } });
    expect(await done()).toEqual(['business_details']);

    const logo = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/settings/logo',
      headers: { authorization: `Bearer ${t.adminToken}`, 'content-type': 'image/png' },
      payload: makePng(20, 10, () => [255, 0, 0]),
    });
    expect(logo.statusCode).toBe(200);
    await ok('POST', '/api/v1/tax-rates', { name: 'VAT', rate: '19' });
    await ok('PATCH', '/api/v1/settings', { paymentInstructions: 'IBAN DE89 3704 0044 0532 0130 00' });
    await ok('PUT', '/api/v1/settings/smtp', {
      host: 'smtp.example.com',
      port: 587,
      security: 'starttls',
      fromAddress: 'billing@nord.example',
    });
    expect(await done()).toEqual(['business_details', 'logo', 'tax_rates', 'payment_details', 'smtp']);

    const client = await ok('POST', '/api/v1/clients', { name: 'Acme', currency: 'EUR' });
    const draft = await ok('POST', '/api/v1/invoices', {
      clientId: client.id,
      currency: 'EUR',
      taxes: [],
      lines: [{ description: 'Work', quantity: '1', unitPrice: '10.00' }],
    });
    expect(await done()).not.toContain('first_invoice');
    await ok('POST', `/api/v1/invoices/${draft.id}/mark-sent`, undefined);
    const response = await t.call('GET', '/api/v1/dashboard/setup');
    expect(response.body).toEqual({
      complete: true,
      steps: [
        'business_details',
        'logo',
        'tax_rates',
        'payment_details',
        'smtp',
        'first_client',
        'first_invoice',
      ].map((id) => ({ id, done: true })),
    });
  });
});
