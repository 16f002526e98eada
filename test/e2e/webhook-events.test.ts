import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeStripe, startFakeStripe } from '../support/fakes/stripe.ts';
import {
  ADMIN,
  type BrowserApp,
  collectPageErrors,
  launchBrowser,
  startBrowserApp,
  type TestBrowser,
} from './support/browser-app.ts';
import { expectAccessible, logIn, screenshot, toast } from './support/checks.ts';

/**
 * The admin's list of webhook events in a real Chromium: an event Remit did not act on says so, with the reason in
 * words, next to one that applied.
 */
const STRIPE = { secretKey: 'sk_test_events_page_key', webhookSecret: 'whsec_events_page_secret' };

let t: BrowserApp;
let stripe: FakeStripe;
let staff: TestBrowser;
let staffErrors: string[];

beforeAll(async () => {
  stripe = await startFakeStripe(STRIPE);
  t = await startBrowserApp({
    gateways: { stripe: { host: '127.0.0.1', port: stripe.port, protocol: 'http' } },
  });
  staff = await launchBrowser();
  staffErrors = collectPageErrors(staff.page);
  await logIn(staff.page, t.baseUrl, ADMIN);
}, 180_000);

afterAll(async () => {
  await staff?.close();
  await t?.close();
  await stripe?.close();
});

async function deliver(body: Record<string, unknown> | string) {
  const signed = stripe.sign(body, { timestamp: Math.floor(t.clock.now().getTime() / 1000) });
  const response = await fetch(`${t.baseUrl}/api/webhooks/stripe`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': signed.signature },
    body: signed.body,
  });
  return response.status;
}

describe('webhook events page', () => {
  it('shows ignored events with the reason in words', async () => {
    const { page } = staff;
    await page.goto(`${t.baseUrl}/app/settings/gateways`);
    const stripeForm = page.locator('form', { has: page.getByRole('heading', { name: 'Stripe' }) });
    await stripeForm.getByLabel('Offer Stripe on invoices').check();
    await stripeForm.getByLabel('Secret key').fill(STRIPE.secretKey);
    await stripeForm.getByLabel('Webhook signing secret').fill(STRIPE.webhookSecret);
    await stripeForm.getByRole('button', { name: 'Save Stripe' }).click();
    await toast(page, 'Stripe settings saved');

    const session = {
      id: 'cs_test_not_ours',
      object: 'checkout.session',
      payment_status: 'paid',
      payment_intent: 'pi_test_not_ours',
      amount_total: 1000,
      currency: 'usd',
      metadata: { invoice_id: 'INV-0042' },
    };
    expect(await deliver(stripe.event('checkout.session.completed', session))).toBe(200);
    expect(await deliver('<html>a proxy error page</html>')).toBe(200);
    await t.processWebhooks();

    await page.reload();
    const events = page.getByRole('table', { name: 'Webhook events, newest first' });
    const foreign = events.getByRole('row', { name: /checkout\.session\.completed/ });
    await foreign.getByText('Ignored', { exact: true }).waitFor();
    await foreign
      .getByText('data.object.metadata.invoice_id is not a Remit invoice id: "INV-0042"')
      .waitFor();
    await events
      .getByRole('row', { name: /unknown/ })
      .getByText('The body is not JSON')
      .waitFor();
    await screenshot(page, '40-settings-webhook-events-ignored');
    await expectAccessible(page, 'webhook events with ignored ones');
    expect(staffErrors).toEqual([]);
  }, 120_000);
});
