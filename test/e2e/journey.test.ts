import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeStripe, startFakeStripe } from '../support/fakes/stripe.ts';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';
import {
  ADMIN,
  type BrowserApp,
  collectPageErrors,
  FINANCE,
  launchBrowser,
  startBrowserApp,
  type TestBrowser,
} from './support/browser-app.ts';
import { expectAccessible, logIn, screenshot, toast } from './support/checks.ts';

/**
 * The journey of the invoicing guide in a real Chromium against the real server: set up the business, Stripe and
 * email, create a client, write an invoice with lines, taxes and discounts (live totals), save, send it by email,
 * the client opens the emailed link in the portal (Viewed), staff record a bank transfer for part of it, the client
 * pays the rest with Pay Now on (a local stand-in for) Stripe's hosted checkout, and the invoice is Paid on both
 * sides, once, even when Stripe's webhook follows.
 */
const STRIPE_SECRET_KEY = 'sk_test_journey_key';
const STRIPE_WEBHOOK_SECRET = 'whsec_journey_secret';

let t: BrowserApp;
let smtp: TestSmtpServer;
let stripe: FakeStripe;
let staff: TestBrowser;
let client: TestBrowser;
let staffErrors: string[];
let invoiceUrl = '';
let invoiceNumber = '';
let portalLink = '';

beforeAll(async () => {
  stripe = await startFakeStripe({ secretKey: STRIPE_SECRET_KEY, webhookSecret: STRIPE_WEBHOOK_SECRET });
  t = await startBrowserApp({
    gateways: { stripe: { host: '127.0.0.1', port: stripe.port, protocol: 'http' } },
  });
  stripe.webhookUrl = `${t.baseUrl}/api/webhooks/stripe`;
  smtp = await startSmtpServer();
  staff = await launchBrowser();
  client = await launchBrowser();
  staffErrors = collectPageErrors(staff.page);
}, 180_000);

afterAll(async () => {
  await staff?.close();
  await client?.close();
  await smtp?.close();
  await t?.close();
  await stripe?.close();
});

describe('the invoicing journey in a browser', () => {
  it('shows the login page for the admin app and logs in', async () => {
    const { page } = staff;
    await page.goto(`${t.baseUrl}/`);
    await page.getByRole('heading', { name: 'Log in to your workspace' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/app');
    await screenshot(page, '01-login');
    await expectAccessible(page, 'login');
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').getByText('do not match').waitFor();
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByText('No invoices yet').waitFor();
  }, 120_000);

  it('sets up the business, a tax rate and email delivery in settings', async () => {
    const { page } = staff;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Business name').fill('Northwind Studio');
    await page.getByLabel('Email', { exact: true }).fill('billing@northwind.example');
    await page.getByLabel('Street address').fill('12 Harbour Street');
    await page.getByLabel('City').fill('Leith');
    await page.getByLabel('Payment instructions').fill('Bank transfer to GB33 BUKB 2020 1555 5555 55');
    await page.getByRole('button', { name: 'Save business details' }).click();
    await toast(page, 'Settings saved');
    await expect.poll(() => page.locator('.brand-business').textContent()).toBe('Northwind Studio');
    await screenshot(page, '02-settings-business');
    await expectAccessible(page, 'settings');

    await page.getByRole('link', { name: 'Taxes' }).click();
    await page.getByLabel('Tax name').fill('GST');
    await page.getByLabel('Rate (%)').fill('5');
    await page.getByRole('button', { name: 'Add tax rate' }).click();
    await page.getByRole('cell', { name: 'GST', exact: true }).waitFor();

    await page.getByRole('link', { name: 'Email (SMTP)' }).click();
    await page.getByLabel('Host').fill('127.0.0.1');
    await page.getByLabel('Port').fill(String(smtp.port));
    await page.getByLabel('Security').selectOption('none');
    await page.getByLabel('From name').fill('Northwind Billing');
    await page.getByLabel('From address').fill('billing@northwind.example');
    await page.getByRole('button', { name: 'Save email settings' }).click();
    await toast(page, 'Email settings saved');
    await page.getByRole('button', { name: 'Send test email' }).click();
    await page.getByText('Sent to admin@example.com').waitFor();
    expect(smtp.recipients.at(-1)).toEqual(['admin@example.com']);

    await page.getByRole('link', { name: 'Payment gateways' }).click();
    const stripeForm = page.locator('form', { has: page.getByRole('heading', { name: 'Stripe' }) });
    await stripeForm.getByLabel('Offer Stripe on invoices').check();
    await stripeForm.getByLabel('Secret key').fill(STRIPE_SECRET_KEY);
    await stripeForm.getByLabel('Webhook signing secret').fill(STRIPE_WEBHOOK_SECRET);
    await stripeForm.getByRole('button', { name: 'Save Stripe' }).click();
    await toast(page, 'Stripe settings saved');
    await stripeForm.getByText('Taking payments').waitFor();
    await stripeForm.getByRole('button', { name: 'Check connection' }).click();
    await stripeForm.getByText('Connection works.').waitFor();
    // The keys went to the server and stay there: the form shows only that they are set.
    expect(await stripeForm.getByLabel('Secret key').inputValue()).toBe('');
    await screenshot(page, '02-settings-gateways');
    await expectAccessible(page, 'payment gateway settings');
  }, 120_000);

  it('creates a client with a contact and a project', async () => {
    const { page } = staff;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Clients' }).click();
    await page.getByText('No clients yet').waitFor();
    await page.getByRole('link', { name: 'New client' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Acme Retail');
    await page.getByLabel('Company').fill('Acme Retail plc');
    await page.getByLabel('Billing email').fill('not-an-email');
    await page.getByRole('button', { name: '+ Add contact' }).click();
    await page.getByLabel('Contact name').fill('Priya Shah');
    await page.getByLabel('Contact email').fill('priya@acme.example');
    await page.getByRole('button', { name: 'Create client' }).click();
    // The field error is shown next to the input it belongs to (checked in the browser with the API's rules).
    const billing = page.getByLabel('Billing email');
    await expect.poll(() => billing.getAttribute('aria-invalid')).toBe('true');
    await billing.fill('accounts@acme.example');
    await page.getByRole('button', { name: 'Create client' }).click();
    await page.getByRole('heading', { name: 'Acme Retail', level: 1 }).waitFor();
    await page.getByLabel('New project').fill('Spring campaign');
    await page.getByRole('button', { name: 'Add project' }).click();
    await page.getByText('Spring campaign').waitFor();
    await screenshot(page, '03-client');
    await expectAccessible(page, 'client page');
  }, 120_000);

  it('writes an invoice with lines, taxes and discounts, with live totals and field errors', async () => {
    const { page } = staff;
    await page.getByRole('link', { name: 'New invoice' }).click();
    await page.getByRole('heading', { name: 'New invoice' }).waitFor();
    await expect.poll(() => page.getByLabel('Client', { exact: true }).inputValue()).not.toBe('');
    await page.getByLabel('Payment terms').selectOption('net_30');

    await page.getByLabel('Line 1 description').fill('Consulting');
    await page.getByLabel('Line 1 quantity').fill('1.5');
    await page.getByLabel('Line 1 unit price').fill('82.6446');
    await page.getByLabel('Line 1 tax').selectOption({ label: 'GST 5%' });
    await expect.poll(() => page.getByLabel('Line 1 amount').textContent()).toBe('$123.97');

    await page.getByRole('button', { name: '+ Add line' }).click();
    await page.getByLabel('Line 2 description').fill('Design');
    await page.getByLabel('Line 2 quantity').fill('2');
    await page.getByLabel('Line 2 unit price').fill('100');
    await page.getByLabel('Line 2 discount', { exact: true }).selectOption('percent');
    await page.getByLabel('Line 2 discount value').fill('10');

    await page.getByLabel('Invoice discount').selectOption('fixed');
    await page.getByLabel('Discount (USD)').fill('10.00');
    // The same engine as the server: 123.97 + 180.00 − 10.00 discount + 5.99 GST.
    await expect.poll(() => page.getByTestId('total-total').textContent()).toBe('$299.96');
    expect(await page.getByTestId('total-subtotal').textContent()).toBe('$323.97');

    // A third line without a description: moved, the server refuses it, the message sits next to that input.
    await page.getByRole('button', { name: '+ Add line' }).click();
    await page.getByLabel('Line 3 unit price').fill('5');
    await page.getByRole('button', { name: 'Move line 3 up' }).click();
    expect(await page.getByLabel('Line 3 description').inputValue()).toBe('Design');
    await expect.poll(() => page.getByTestId('total-total').textContent()).not.toBe('$299.96');
    await screenshot(page, '04-invoice-editor');
    await expectAccessible(page, 'invoice editor');
    await page.getByRole('button', { name: 'Save draft invoice' }).click();
    const empty = page.getByLabel('Line 2 description');
    await expect.poll(() => empty.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await empty.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`[id="${describedBy.split(' ').at(-1)}"]`).textContent()).toMatch(/\S/);
    await screenshot(page, '05-invoice-editor-field-error');
    await page.getByRole('button', { name: 'Remove line 2' }).click();
    await expect.poll(() => page.getByTestId('total-total').textContent()).toBe('$299.96');

    await page.getByRole('button', { name: 'Save draft invoice' }).click();
    await page.getByRole('heading', { name: /Draft invoice/ }).waitFor();
    invoiceUrl = page.url();
    await page.getByTestId('balance-due').getByText('$299.96').waitFor();
    await screenshot(page, '06-invoice-draft');
    await expectAccessible(page, 'invoice page');
  }, 120_000);

  it('sends the invoice by email: it gets its number and a portal link goes to the contact', async () => {
    const { page } = staff;
    await page.getByRole('button', { name: 'Send invoice' }).click();
    const dialog = page.getByRole('dialog', { name: 'Send invoice' });
    await dialog.getByLabel(/Priya Shah/).waitFor();
    expect(await dialog.getByLabel(/Priya Shah/).isChecked()).toBe(true);
    // The client's billing email is not a contact: it is offered as a copy, ticked.
    expect(await dialog.getByLabel('Also send a copy to accounts@acme.example').isChecked()).toBe(true);
    await dialog.getByLabel('Message').fill('Thank you for your business.');
    await dialog.getByRole('button', { name: 'Send invoice' }).click();
    await toast(page, 'Invoice sent');
    const heading = await page.getByRole('heading', { level: 1 }).textContent();
    invoiceNumber = /INV-\d{4}-\d{4}/.exec(heading ?? '')?.[0] ?? '';
    expect(invoiceNumber).toMatch(/^INV-\d{4}-0001$/);
    await page.locator('.badge-sent').first().waitFor();

    await t.deliverEmails();
    const email = smtp.messages.find((message) => message.subject?.includes(invoiceNumber));
    expect(email, 'the invoice email reached the SMTP server').toBeDefined();
    expect(smtp.recipients.at(-1)).toEqual(['priya@acme.example', 'accounts@acme.example']);
    expect(JSON.stringify(email?.cc)).toContain('accounts@acme.example');
    portalLink = new RegExp(`${t.baseUrl}/portal/link/[A-Za-z0-9_-]+`).exec(email?.text ?? '')?.[0] ?? '';
    expect(portalLink).not.toBe('');
    await page.reload();
    await page.getByRole('heading', { name: 'Emails' }).waitFor();
    await page.locator('.badge-email-sent').first().waitFor();
    await page.locator('.timeline', { hasText: 'Invoice emailed to priya@acme.example' }).waitFor();
  }, 120_000);

  it('lets the client open the emailed link in the portal, with the business branding', async () => {
    const { page } = client;
    const errors = collectPageErrors(page);
    await page.goto(portalLink);
    await page.getByRole('heading', { name: new RegExp(`Invoice ${invoiceNumber}`) }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/portal\/invoices\//);
    await page.locator('.document-business-name', { hasText: 'Northwind Studio' }).waitFor();
    await page.locator('.amount-due', { hasText: '$299.96' }).waitFor();
    await page.getByText('GB33 BUKB').first().waitFor();
    const pdf = await page.request.get(
      await page
        .getByRole('link', { name: 'Download PDF' })
        .getAttribute('href')
        .then((h) => `${t.baseUrl}${h}`),
    );
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    await screenshot(page, '07-portal-invoice');
    await expectAccessible(page, 'portal invoice');
    expect(errors).toEqual([]);
  }, 120_000);

  it('keeps a contact out of the admin app', async () => {
    const { page } = client;
    await page.goto(`${t.baseUrl}/app/invoices`);
    await page.getByRole('heading', { name: 'Log in to your workspace' }).waitFor();
    const status = await page.evaluate(async () => (await fetch('/api/v1/invoices')).status);
    expect(status).toBe(401);
  }, 60_000);

  it('shows the invoice as viewed; staff record a bank transfer for part of it', async () => {
    const { page } = staff;
    await page.goto(invoiceUrl);
    await page.locator('h1 .badge-viewed').waitFor();
    await page.getByRole('button', { name: 'Record payment' }).click();
    const dialog = page.getByRole('dialog', { name: 'Record a payment' });
    expect(await dialog.getByLabel('Amount (USD)').inputValue()).toBe('299.96');
    await dialog.getByLabel('Amount (USD)').fill('100.00');
    await dialog.getByLabel('Method').selectOption('bank_transfer');
    await dialog.getByLabel('Reference').fill('TRX-2291');
    await dialog.getByRole('button', { name: 'Record payment' }).click();
    await toast(page, 'Payment recorded');
    await page.locator('h1 .badge-partially_paid').waitFor();
    await page.getByTestId('balance-due').getByText('$199.96').waitFor();
    await page.getByRole('list').getByText('TRX-2291', { exact: false }).first().waitFor();
  }, 120_000);

  it('lets the client pay the rest with Pay Now through Stripe; the invoice is paid once', async () => {
    // The browser signs Stripe's webhook with the real time: bring the server's clock to it.
    t.clock.set(new Date().toISOString());
    const { page } = client;
    const errors = collectPageErrors(page);
    await page.goto(portalLink);
    await page.locator('.amount-due', { hasText: '$199.96' }).waitFor();
    await page.getByRole('button', { name: 'Pay now with Stripe' }).click();

    // Stripe's hosted page, at Stripe's address, for the balance in minor units.
    await page.getByRole('heading', { name: /^Pay / }).waitFor();
    expect(new URL(page.url()).port).toBe(String(stripe.port));
    expect(await page.getByTestId('checkout-amount').textContent()).toBe('USD 19996 (minor units)');
    await page.getByLabel('Card number').fill('4000 0000 0000 0002');
    await page.getByRole('button', { name: 'Pay' }).click();
    await page.getByRole('alert').getByText('declined').waitFor();
    await page.getByLabel('Card number').fill('4242 4242 4242 4242');
    await page.getByRole('button', { name: 'Pay' }).click();

    // Back in the portal: the return is checked with Stripe itself, and the payment is applied at once.
    await page.getByText('Paid in full, thank you.').waitFor();
    expect(new URL(page.url()).origin).toBe(t.baseUrl);
    await page.locator('.amount-due', { hasText: '$0.00' }).waitFor();
    await screenshot(page, '09-portal-paid');
    await expectAccessible(page, 'portal paid invoice');
    expect(errors).toEqual([]);

    // Stripe's signed webhook follows; it is accepted and, processed, changes nothing.
    expect(await Promise.all(stripe.webhookDeliveries)).toEqual([
      { status: 200, type: 'checkout.session.completed' },
    ]);
    await t.processWebhooks();
    const payments = await t.database.db
      .selectFrom('payments')
      .select(['amount_minor', 'method', 'provider'])
      .orderBy('amount_minor')
      .execute();
    expect(payments.map((p) => [String(p.amount_minor), p.method, p.provider])).toEqual([
      ['10000', 'bank_transfer', 'offline'],
      ['19996', 'card', 'stripe'],
    ]);

    // The client gets a receipt by email (the bank transfer's receipt went to the billing email).
    await t.deliverEmails();
    const receipt = smtp.messages.find(
      (m, index) =>
        m.subject?.startsWith('Payment received for invoice') &&
        smtp.recipients[index]?.includes('priya@acme.example'),
    );
    expect(receipt?.text).toContain('we received your payment of $199.96');
    expect(smtp.recipients[smtp.messages.indexOf(receipt!)]).toEqual(['priya@acme.example']);
  }, 120_000);

  it('shows staff the invoice as paid, with both payments', async () => {
    const { page } = staff;
    await page.goto(invoiceUrl);
    await page.locator('h1 .badge-paid').waitFor();
    await page.getByTestId('balance-due').getByText('$0.00').waitFor();
    await page.getByRole('list').getByText('TRX-2291', { exact: false }).first().waitFor();
    await page.locator('.payments li', { hasText: '$199.96' }).getByText('Card').waitFor();
    await screenshot(page, '08-invoice-paid');
    await expectAccessible(page, 'paid invoice');

    // The admin sees Stripe's event arrive and apply in the gateway settings.
    await page.goto(`${t.baseUrl}/app/settings/gateways`);
    const events = page.getByRole('table', { name: 'Webhook events, newest first' });
    await events
      .getByRole('row', { name: /checkout\.session\.completed/ })
      .getByText('Applied')
      .waitFor();
    await screenshot(page, '08-settings-webhook-events');
    await expectAccessible(page, 'webhook events');
  }, 120_000);

  it('invites the contact to the portal; she sets a password, sees her invoices, and signs in again', async () => {
    const { page } = staff;
    await page.goto(invoiceUrl);
    await page.getByRole('link', { name: 'Acme Retail' }).first().click();
    await page.getByRole('heading', { name: 'Client portal access' }).waitFor();
    await page.getByRole('button', { name: 'Invite', exact: true }).click();
    await toast(page, 'Invitation sent to priya@acme.example');
    const before = smtp.messages.length;
    await t.deliverEmails();
    expect(smtp.messages.length).toBe(before + 1);
    const invitation = smtp.messages.at(-1);
    const setPassword = new RegExp(`${t.baseUrl}/portal/set-password#token=[A-Za-z0-9_-]+`).exec(
      invitation?.text ?? '',
    )?.[0];
    expect(setPassword, 'the invitation email carries the set-password link').toBeDefined();

    const portal = client.page;
    await portal.goto(setPassword!);
    await portal.getByLabel('New password').fill('priya-portal-pass-1');
    await portal.getByRole('button', { name: 'Save and sign in' }).click();
    await portal.getByRole('heading', { name: 'Your invoices' }).waitFor();
    await portal.getByRole('link', { name: new RegExp(invoiceNumber) }).waitFor();
    await screenshot(portal, '10-portal-invoices');
    await expectAccessible(portal, 'portal invoice list');

    await portal.getByRole('button', { name: 'Log out' }).click();
    await portal.getByRole('heading', { name: 'View and pay your invoices' }).waitFor();
    await screenshot(portal, '10-portal-login');
    await expectAccessible(portal, 'portal login');
    await portal.getByLabel('Email').fill('priya@acme.example');
    await portal.getByLabel('Password').fill('priya-portal-pass-1');
    await portal.getByRole('button', { name: 'Sign in', exact: true }).click();
    await portal.getByRole('link', { name: new RegExp(invoiceNumber) }).click();
    await portal.getByText('Paid in full, thank you.').waitFor();
  }, 120_000);

  it('lists, filters and searches invoices, and the dashboard adds them up', async () => {
    const { page } = staff;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Invoices' }).click();
    await page.getByRole('link', { name: invoiceNumber }).waitFor();
    await page.getByRole('button', { name: 'Overdue' }).click();
    await page.getByText('No invoices match').waitFor();
    await page.getByRole('button', { name: 'Paid', exact: true }).click();
    await page.getByRole('link', { name: invoiceNumber }).waitFor();
    await page.getByLabel('Search invoices').fill('no-such-number');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('No invoices match').waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByRole('link', { name: invoiceNumber }).waitFor();
    expect(await page.getByLabel('Search invoices').inputValue()).toBe('');
    // Sorting is the server's: the order goes into the address and the request.
    const sorted = page.waitForResponse((r) => r.url().includes('/api/v1/invoices?sort=-balanceDue'));
    await page.getByRole('button', { name: 'Balance' }).click();
    await page.getByRole('button', { name: 'Balance' }).click();
    expect((await sorted).status()).toBe(200);
    expect(new URL(page.url()).searchParams.get('sort')).toBe('-balanceDue');
    await expect
      .poll(() => page.getByRole('columnheader', { name: 'Balance' }).getAttribute('aria-sort'))
      .toBe('descending');
    await page.getByRole('link', { name: invoiceNumber }).waitFor();
    await screenshot(page, '10-invoice-list');
    await expectAccessible(page, 'invoice list');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    await page.locator('.stat-good .stat-value', { hasText: '$299.96' }).waitFor();
    await screenshot(page, '11-dashboard');
    await expectAccessible(page, 'dashboard');
    expect(staffErrors).toEqual([]);
  }, 120_000);

  it('does not let finance staff open user management', async () => {
    const { page } = staff;
    await page.getByRole('button', { name: 'Log out' }).click();
    await logIn(page, t.baseUrl, FINANCE);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    expect(await page.getByRole('link', { name: 'Users & roles' }).count()).toBe(0);
    await page.goto(`${t.baseUrl}/app/settings/users`);
    await page.getByRole('heading', { name: 'Admins only' }).waitFor();
    expect(await page.getByRole('table', { name: 'Users' }).count()).toBe(0);
    await screenshot(page, '12-finance-users-refused');
  }, 120_000);

  it('works on a phone', async () => {
    const phone = await launchBrowser({ width: 390, height: 844 });
    try {
      await logIn(phone.page, t.baseUrl, ADMIN);
      await screenshot(phone.page, '13-phone-dashboard');
      await phone.page.goto(invoiceUrl);
      await phone.page.locator('h1 .badge-paid').waitFor();
      await screenshot(phone.page, '14-phone-invoice');
      const overflow = await phone.page.evaluate<number>(
        'document.documentElement.scrollWidth - window.innerWidth',
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await phone.page.goto(`${t.baseUrl}/app/invoices/new`);
      await phone.page.getByLabel('Line 1 description').waitFor();
      await screenshot(phone.page, '15-phone-editor');
    } finally {
      await phone.close();
    }
  }, 120_000);
});
