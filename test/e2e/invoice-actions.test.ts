import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeStripe, startFakeStripe } from '../support/fakes/stripe.ts';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';
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
 * The actions on a staff invoice page in a real Chromium: copy a portal link for one of the client's contacts (and
 * open it in another browser, where the invoice shows and staff then see it Viewed), send a reminder that reaches
 * the SMTP server, duplicate the invoice into a new draft, and void it with a reason that shows on the timeline;
 * and decide on a card payment Stripe reported for another amount than asked (held for review).
 */
const STRIPE = { secretKey: 'sk_test_actions_key', webhookSecret: 'whsec_actions_secret' };

let t: BrowserApp;
let smtp: TestSmtpServer;
let stripe: FakeStripe;
let staff: TestBrowser;
let staffErrors: string[];
let callApi: StaffApi;
let clientId = '';
let invoice = { id: '', number: '' };
let portalUrl = '';

async function issuedInvoice(forClientId: string, description: string) {
  const draft = await callApi('POST', '/invoices', {
    clientId: forClientId,
    lines: [{ description, quantity: '3', unitPrice: '120.00' }],
  });
  const sent = await callApi('POST', `/invoices/${draft.id}/mark-sent`);
  return { id: sent.id as string, number: sent.number as string };
}

beforeAll(async () => {
  stripe = await startFakeStripe(STRIPE);
  t = await startBrowserApp({
    gateways: { stripe: { host: '127.0.0.1', port: stripe.port, protocol: 'http' } },
  });
  stripe.webhookUrl = `${t.baseUrl}/api/webhooks/stripe`;
  smtp = await startSmtpServer();
  callApi = await staffApi(t, 'invoice actions test');
  // Voiding an issued invoice is what this file checks; Cancel with credit note replaces it when corrections need one.
  await callApi('PATCH', '/settings', { businessName: 'Harbour Studio', correctionsNeedCreditNote: false });
  await callApi('PUT', '/settings/gateways/stripe', { enabled: true, mode: 'test', credentials: STRIPE });
  await callApi('PUT', '/settings/smtp', {
    host: '127.0.0.1',
    port: smtp.port,
    security: 'none',
    fromName: 'Harbour Billing',
    fromAddress: 'billing@harbour-studio.example',
  });
  const client = await callApi('POST', '/clients', {
    name: 'Lindqvist Goods',
    contacts: [
      { name: 'Lena Lind', email: 'lena@lindqvist.example' },
      { name: 'Omar Okafor', email: 'omar@lindqvist.example' },
    ],
  });
  clientId = client.id;
  invoice = await issuedInvoice(clientId, 'Shop window design');

  staff = await launchBrowser();
  staffErrors = collectPageErrors(staff.page);
  await staff.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.baseUrl });
  await logIn(staff.page, t.baseUrl, ADMIN);
}, 180_000);

afterAll(async () => {
  await staff?.close();
  await smtp?.close();
  await t?.close();
  await stripe?.close();
});

describe('invoice page actions in a browser', () => {
  it('copies a portal link for the chosen contact, shown in a field and on the clipboard', async () => {
    const { page } = staff;
    await page.goto(`${t.baseUrl}/app/invoices/${invoice.id}`);
    await page.getByRole('heading', { name: new RegExp(`Invoice ${invoice.number}`) }).waitFor();
    await page.locator('h1 .badge-sent').waitFor();

    await page.getByRole('button', { name: 'Copy portal link' }).click();
    const dialog = page.getByRole('dialog', { name: 'Portal link' });
    await dialog.getByRole('radio', { name: /Lena Lind/ }).waitFor();
    expect(await dialog.getByRole('radio').count()).toBe(2);
    await dialog.getByRole('radio', { name: /Omar Okafor/ }).check();
    await screenshot(page, '30-invoice-portal-link-choose');
    await expectAccessible(page, 'invoice page with the portal link dialog');

    await dialog.getByRole('button', { name: 'Create and copy link' }).click();
    await dialog.getByText('Copied to the clipboard.').waitFor();
    const field = dialog.getByLabel('Portal link');
    portalUrl = await field.inputValue();
    expect(portalUrl).toMatch(new RegExp(`^${t.baseUrl}/portal/link/rl_[A-Za-z0-9_-]+$`));
    expect(await field.getAttribute('readonly')).not.toBeNull();
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(portalUrl);
    await dialog
      .getByText(/Omar Okafor/)
      .first()
      .waitFor();
    await dialog.getByText(/Works until/).waitFor();
    await screenshot(page, '30-invoice-portal-link-copied');
    await expectAccessible(page, 'invoice page with the portal link shown');

    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.locator('.timeline', { hasText: 'Portal link created for Omar Okafor' }).waitFor();
  }, 120_000);

  it('opens the copied link in a fresh browser: the portal shows the invoice to that contact', async () => {
    const client = await launchBrowser();
    try {
      const errors = collectPageErrors(client.page);
      await client.page.goto(portalUrl);
      await client.page.getByRole('heading', { name: new RegExp(`Invoice ${invoice.number}`) }).waitFor();
      expect(new URL(client.page.url()).pathname).toBe(`/portal/invoices/${invoice.id}`);
      await client.page.locator('.document-business-name', { hasText: 'Harbour Studio' }).waitFor();
      const me = (await client.page.evaluate(async () => (await fetch('/api/portal/v1/me')).json())) as {
        contact: { name: string };
        scope: unknown;
      };
      expect(me.contact.name).toBe('Omar Okafor');
      expect(me.scope).toEqual({ kind: 'invoice_link', invoiceId: invoice.id });
      await screenshot(client.page, '30-invoice-portal-opened');
      expect(errors).toEqual([]);
    } finally {
      await client.close();
    }

    const { page } = staff;
    await page.reload();
    await page.locator('h1 .badge-viewed').waitFor();
    await page.locator('.timeline', { hasText: 'Viewed' }).waitFor();
  }, 120_000);

  it('sends a reminder that reaches the contact by email', async () => {
    const { page } = staff;
    await page.getByRole('button', { name: 'Send reminder' }).click();
    const dialog = page.getByRole('dialog', { name: 'Send a reminder' });
    await dialog.getByLabel(/Lena Lind/).uncheck();
    expect(await dialog.getByLabel(/Omar Okafor/).isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'Send reminder' }).click();
    await toast(page, 'Reminder queued');

    const before = smtp.messages.length;
    await t.deliverEmails();
    expect(smtp.messages.length).toBe(before + 1);
    expect(smtp.recipients.at(-1)).toEqual(['omar@lindqvist.example']);
    const reminder = smtp.messages.at(-1)!;
    expect(reminder.subject).toContain(invoice.number);
    expect(reminder.text).toMatch(new RegExp(`${t.baseUrl}/portal/link/rl_`));
    await page.reload();
    await page.getByRole('heading', { name: 'Emails' }).waitFor();
    await page.locator('.badge-email-sent').first().waitFor();
    await page.locator('.timeline', { hasText: 'Reminder queued' }).waitFor();
    await screenshot(page, '30-invoice-reminder-sent');
  }, 120_000);

  it('retries a failed email from the invoice page, and it reaches the contact', async () => {
    const { page } = staff;
    // What a day of refused deliveries leaves behind.
    await t.database.db
      .updateTable('email_outbox')
      .set({ state: 'failed', last_error: 'Connection refused by 127.0.0.1', link_token_encrypted: null })
      .where('invoice_id', '=', invoice.id)
      .where('kind', '=', 'reminder')
      .execute();
    await page.reload();
    await page.getByText('Connection refused by 127.0.0.1').waitFor();
    await page.getByRole('button', { name: /Retry now/ }).click();
    await toast(page, 'Email queued again');
    const before = smtp.messages.length;
    await t.deliverEmails();
    expect(smtp.messages.length).toBe(before + 1);
    expect(smtp.messages.at(-1)!.text).toMatch(new RegExp(`${t.baseUrl}/portal/link/rl_`));
    await page.reload();
    await page.locator('.timeline', { hasText: 'Reminder to omar@lindqvist.example queued again' }).waitFor();
    expect(await page.getByRole('button', { name: /Retry now/ }).count()).toBe(0);
  }, 120_000);

  it('duplicates the invoice into a new draft', async () => {
    const { page } = staff;
    await page.getByRole('button', { name: 'Duplicate' }).click();
    await toast(page, 'Copied into a new draft');
    await page.waitForURL(/\/app\/invoices\/[0-9a-f-]+\/edit$/);
    const copyId = /\/app\/invoices\/([0-9a-f-]+)\/edit$/.exec(page.url())![1]!;
    expect(copyId).not.toBe(invoice.id);
    await page.getByRole('heading', { name: 'Edit draft' }).waitFor();
    expect(await page.getByLabel('Line 1 description').inputValue()).toBe('Shop window design');
    await screenshot(page, '30-invoice-duplicated');
    const copy = await callApi('GET', `/invoices/${copyId}`);
    expect(copy).toMatchObject({ status: 'draft', number: null, client: { id: clientId } });
  }, 120_000);

  it('voids the invoice with a reason that shows on the page and the timeline', async () => {
    const { page } = staff;
    await page.goto(`${t.baseUrl}/app/invoices/${invoice.id}`);
    await page.locator('h1 .badge-viewed').waitFor();
    await page.getByRole('button', { name: 'Void' }).click();
    const dialog = page.getByRole('dialog', { name: 'Void this invoice' });
    await dialog.getByRole('button', { name: 'Void invoice' }).click();
    await expect.poll(() => dialog.getByLabel('Reason').getAttribute('aria-invalid')).toBe('true');
    await dialog.getByLabel('Reason').fill('Issued twice by mistake');
    await dialog.getByRole('button', { name: 'Void invoice' }).click();
    await toast(page, 'Invoice voided');
    await page.locator('h1 .badge-void').waitFor();
    await page.locator('.alert', { hasText: 'Issued twice by mistake' }).waitFor();
    await page.locator('.timeline', { hasText: 'Void: Issued twice by mistake' }).waitFor();
    // A void invoice has no portal link to share and nothing to remind about.
    expect(await page.getByRole('button', { name: 'Copy portal link' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Send reminder' }).count()).toBe(0);
    await screenshot(page, '30-invoice-voided');
    await expectAccessible(page, 'void invoice');
  }, 120_000);

  it('makes the link at once for a single contact, and keeps it on screen when the clipboard is refused', async () => {
    const single = await callApi('POST', '/clients', {
      name: 'Solo Bakery',
      contacts: [{ name: 'Sara Solo', email: 'sara@solo.example' }],
    });
    const soloInvoice = await issuedInvoice(single.id, 'Menu cards');
    const { page } = staff;
    await page.goto(`${t.baseUrl}/app/invoices/${soloInvoice.id}`);
    await page.getByRole('button', { name: 'Copy portal link' }).click();
    const dialog = page.getByRole('dialog', { name: 'Portal link' });
    await dialog.getByText('Copied to the clipboard.').waitFor();
    expect(await dialog.getByRole('radio').count()).toBe(0);
    const url = await dialog.getByLabel('Portal link').inputValue();
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(url);
    await dialog
      .getByText(/Sara Solo/)
      .first()
      .waitFor();
    await screenshot(page, '30-invoice-portal-link-single-contact');
    await expectAccessible(page, 'invoice page with the single-contact portal link');

    // When the browser refuses the clipboard, the page says so and the link stays there to copy by hand.
    await page.evaluate(
      "navigator.clipboard.writeText = () => Promise.reject(new DOMException('Denied', 'NotAllowedError'))",
    );
    await dialog.getByRole('button', { name: 'Copy again' }).click();
    await dialog.getByText(/did not allow copying/).waitFor();
    expect(await dialog.getByLabel('Portal link').inputValue()).toBe(url);
    expect(staffErrors).toEqual([]);
  }, 120_000);

  it('holds a card payment for another amount than asked; staff accept it and the balance follows', async () => {
    const held = await issuedInvoice(clientId, 'Signage');
    const { url } = await callApi('POST', `/invoices/${held.id}/portal-link`, {
      contactId: (await callApi('GET', `/clients/${clientId}`)).contacts[0].id,
    });
    // The client starts paying in the portal; Stripe then reports 300.00 of the 360.00 asked.
    const client = await launchBrowser();
    try {
      await client.page.goto(url);
      await client.page.getByRole('button', { name: 'Pay now with Stripe' }).click();
      await client.page.getByRole('heading', { name: /^Pay / }).waitFor();
      const sessionId = new URL(client.page.url()).pathname.split('/').at(-1)!;
      t.clock.set(new Date().toISOString());
      const paid = stripe.pay(sessionId, { amountTotal: 30000 });
      expect(await stripe.deliver(stripe.event('checkout.session.completed', paid))).toMatchObject({
        status: 200,
      });
      await t.processWebhooks();
    } finally {
      await client.close();
    }

    // The dashboard asks for a decision and leads to the invoice.
    const { page } = staff;
    await page.goto(`${t.baseUrl}/app`);
    const toReview = page.locator('.card-attention');
    await toReview.getByRole('heading', { name: '1 payment to review' }).waitFor();
    await toReview.getByText('paid 300.00, the checkout asked for 360.00').waitFor();
    await screenshot(page, '30-dashboard-payment-to-review');
    await expectAccessible(page, 'dashboard with a payment to review');
    await toReview.getByRole('link', { name: held.number }).click();
    await page.getByRole('heading', { name: new RegExp(`Invoice ${held.number}`) }).waitFor();
    const review = page.locator('.payment-review');
    await review.getByText('paid 300.00, the checkout asked for 360.00').waitFor();
    await page.getByTestId('balance-due').getByText('$360.00').waitFor();
    await page.locator('.payments li', { hasText: '$300.00' }).getByText('Card via Stripe').waitFor();
    await screenshot(page, '30-invoice-payment-review');
    await expectAccessible(page, 'invoice page with a payment to review');

    // Rejecting needs a reason: the dialog says so next to the field.
    await page.getByRole('button', { name: 'Reject' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reject this payment' });
    await dialog.getByRole('button', { name: 'Reject payment' }).click();
    await expect.poll(() => dialog.getByLabel('Why').getAttribute('aria-invalid')).toBe('true');
    await dialog.getByRole('button', { name: 'Close' }).click();

    await page.getByRole('button', { name: 'Accept' }).click();
    await toast(page, 'Payment accepted');
    await page.getByTestId('balance-due').getByText('$60.00').waitFor();
    await page.locator('h1 .badge-partially_paid').waitFor();
    await expect.poll(() => review.count()).toBe(0);
    await page.locator('.timeline', { hasText: 'accepted after review' }).waitFor();
    expect(staffErrors).toEqual([]);
  }, 120_000);
});
