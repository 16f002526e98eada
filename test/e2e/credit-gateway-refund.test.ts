import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInvoiceLink } from '../../src/services/portal/create-invoice-link.ts';
import { type FakeStripe, startFakeStripe } from '../support/fakes/stripe.ts';
import { Browser } from '../support/portal-harness.ts';
import {
  ADMIN,
  type BrowserApp,
  collectPageErrors,
  launchBrowser,
  startBrowserApp,
  type TestBrowser,
} from './support/browser-app.ts';
import { expectAccessible, logIn, screenshot, toast } from './support/checks.ts';
import { type StaffApi, staffApi } from './support/staff-api.ts';

/**
 * Staff refund a client's credit through Stripe in a real Chromium: an invoice paid online is cancelled, and the
 * refund form offers the Stripe payment first; the refund goes to Stripe and shows on the credit note and the payment.
 */
const STRIPE = { secretKey: 'sk_test_credit_refund_page', webhookSecret: 'whsec_credit_refund_page' };

let t: BrowserApp;
let stripe: FakeStripe;
let staff: TestBrowser;
let staffErrors: string[];
let callApi: StaffApi;

beforeAll(async () => {
  stripe = await startFakeStripe(STRIPE);
  t = await startBrowserApp({
    gateways: { stripe: { host: '127.0.0.1', port: stripe.port, protocol: 'http' } },
  });
  callApi = await staffApi(t, 'credit refund test');
  await callApi('PUT', '/settings/gateways/stripe', { enabled: true, mode: 'test', credentials: STRIPE });
  staff = await launchBrowser();
  staffErrors = collectPageErrors(staff.page);
  await logIn(staff.page, t.baseUrl, ADMIN);
}, 180_000);

afterAll(async () => {
  await staff?.close();
  await t?.close();
  await stripe?.close();
});

/** The client pays the invoice through Stripe from an emailed link; Stripe's event is applied. */
async function payThroughStripe(invoiceId: string, contactId: string): Promise<void> {
  const link = await t.database.db
    .transaction()
    .execute((trx) => createInvoiceLink(trx, { invoiceId, contactId, now: t.clock.now() }));
  const client = new Browser(t.baseUrl);
  expect((await client.get(`/api/portal/v1/links/${link.token}`)).status).toBe(200);
  const started = await client.post(`/api/portal/v1/invoices/${invoiceId}/pay`, { provider: 'stripe' });
  expect(started.status).toBe(201);
  const event = stripe.event('checkout.session.completed', stripe.pay(started.body.checkoutId));
  const signed = stripe.sign(event, { timestamp: Math.floor(t.clock.now().getTime() / 1000) });
  const delivered = await fetch(`${t.baseUrl}/api/webhooks/stripe`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': signed.signature },
    body: signed.body,
  });
  expect(delivered.status).toBe(200);
  await t.processWebhooks();
}

describe('refunding credit through a gateway', () => {
  it('offers the Stripe payment in the refund form and refunds through Stripe', async () => {
    const client = await callApi('POST', '/clients', {
      name: 'Nordlys AS',
      contacts: [{ name: 'Ingrid', email: 'ingrid@nordlys.example' }],
    });
    const invoice = await callApi('POST', '/invoices', {
      clientId: client.id,
      currency: 'EUR',
      lines: [{ description: 'Workshop', quantity: '1', unitPrice: '250.00' }],
    });
    await callApi('POST', `/invoices/${invoice.id}/mark-sent`);
    await payThroughStripe(invoice.id, client.contacts[0].id);
    const cancelled = await callApi('POST', `/invoices/${invoice.id}/cancel`, {
      reason: 'Workshop cancelled',
    });
    const creditNote = cancelled.creditNote;

    const { page } = staff;
    await page.goto(`${t.baseUrl}/app/credit-notes/${creditNote.id}`);
    await expect.poll(() => page.getByTestId('credit-remaining').textContent()).toBe('€250.00');
    await page.getByRole('button', { name: 'Record refund' }).click();
    const dialog = page.getByRole('dialog', { name: 'Record a refund' });
    const how = dialog.getByLabel('Refund', { exact: true });
    await expect
      .poll(() => how.locator('option:checked').textContent())
      .toMatch(/^Through Stripe: payment of/);
    // The payment's own fields replace date and method.
    expect(await dialog.getByLabel('Method').count()).toBe(0);
    await expectAccessible(page, 'refund through a gateway dialog');
    await dialog.getByLabel('Amount (EUR)').fill('100.00');
    await dialog.getByRole('button', { name: 'Refund through Stripe' }).click();
    await toast(page, 'Refund recorded');
    await expect.poll(() => page.getByTestId('credit-remaining').textContent()).toBe('€150.00');
    await page.getByText(/Refunded · through Stripe · re_test_/).waitFor();
    const refundCall = stripe.requests.filter((r) => r.path === '/v1/refunds').at(-1)!;
    expect(refundCall.body).toMatchObject({ amount: '10000' });
    await screenshot(page, 'credit-notes-20-refunded-through-stripe');

    // Chosen "by hand", the form asks for the method and date again.
    await page.getByRole('button', { name: 'Record refund' }).click();
    await how.selectOption({ label: 'Recorded by hand (paid back outside Remit)' });
    await dialog.getByLabel('Method').waitFor();
    expect(await dialog.getByLabel('Amount (EUR)').inputValue()).toBe('150.00');

    await page.goto(`${t.baseUrl}/app/invoices/${invoice.id}`);
    await page.getByText(/Credit refunded through it/).waitFor();
    expect(staffErrors).toEqual([]);
  }, 120_000);
});
