import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
 * The invoice send dialog in a real Chromium: the preview beside the form follows the subject and message typed,
 * in a sandboxed frame showing the email styled (its own page and policy); a bad CC address is refused beside the CC field; the client's billing email is offered as
 * a ticked copy; the email that reaches the loopback SMTP server carries the typed CC and the billing copy in its
 * headers and the BCC only in its envelope.
 */
/** The browser's getComputedStyle, for code run in the page (the tests are compiled without the DOM types). */
type StyleReader = { getComputedStyle(element: unknown): { backgroundColor: string } };

let t: BrowserApp;
let smtp: TestSmtpServer;
let staff: TestBrowser;
let staffErrors: string[];
let callApi: StaffApi;
let invoiceId = '';

beforeAll(async () => {
  t = await startBrowserApp();
  smtp = await startSmtpServer();
  callApi = await staffApi(t, 'send dialog test');
  await callApi('PATCH', '/settings', { businessName: 'Harbour Studio', defaultCurrency: 'EUR' });
  await callApi('PUT', '/settings/smtp', {
    host: '127.0.0.1',
    port: smtp.port,
    security: 'none',
    fromName: 'Harbour Studio',
    fromAddress: 'billing@harbour.example',
  });
  const client = await callApi('POST', '/clients', {
    name: 'Quayside Ltd',
    email: 'accounts@quayside.example',
    contacts: [{ name: 'Mira Quay', email: 'mira@quayside.example' }],
  });
  const draft = await callApi('POST', '/invoices', {
    clientId: client.id,
    paymentTerms: 'net_30',
    lines: [{ description: 'Harbour survey', quantity: '1', unitPrice: '900.00', taxes: [] }],
  });
  invoiceId = draft.id;
  staff = await launchBrowser();
  staffErrors = collectPageErrors(staff.page);
  await logIn(staff.page, t.baseUrl, ADMIN);
}, 180_000);

afterAll(async () => {
  await staff?.close();
  await smtp?.close();
  await t?.close();
});

describe('the send dialog', () => {
  it('previews the email as typed, refuses a bad copy beside its field and sends the copies', async () => {
    const { page } = staff;
    await page.goto(`${t.baseUrl}/app/invoices/${invoiceId}`);
    await page.getByRole('button', { name: 'Send invoice' }).click();
    const dialog = page.getByRole('dialog', { name: 'Send invoice' });
    await dialog.waitFor();
    const billingCopy = dialog.getByLabel('Also send a copy to accounts@quayside.example');
    expect(await billingCopy.isChecked()).toBe(true);

    await dialog.getByLabel('Subject').fill('Your survey invoice');
    await dialog.getByLabel('Message').fill('Thank you for the harbour survey work.');
    const frame = dialog.getByTitle('Email preview');
    expect(await frame.getAttribute('sandbox')).toBe('');
    const preview = dialog.getByRole('region', { name: 'Email preview' });
    await preview.getByText('Your survey invoice').waitFor();
    const body = page.frameLocator('iframe[title="Email preview"]');
    await body.getByText('Thank you for the harbour survey work.').waitFor();
    expect(await body.locator('title').textContent()).toBe('Your survey invoice');
    // The preview is its own page with its own policy: the email's inline styles apply, as in a mail client.
    const frameBody = body.locator('body');
    const background = await frameBody.evaluate(
      (element) => (globalThis as unknown as StyleReader).getComputedStyle(element).backgroundColor,
    );
    expect(background).toBe('rgb(245, 245, 245)');
    expect(await preview.textContent()).toContain('Mira Quay <mira@quayside.example>');
    expect(await preview.textContent()).toContain('accounts@quayside.example');

    await dialog.getByLabel('CC', { exact: true }).fill('partner@quayside.example, not-an-address');
    await dialog.getByRole('button', { name: 'Send invoice' }).click();
    await dialog.locator('.field-invalid', { hasText: 'CC' }).waitFor();
    expect(await dialog.getByLabel('CC', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await smtp.messages.length).toBe(0);

    await dialog.getByLabel('CC', { exact: true }).fill('partner@quayside.example');
    await dialog.getByLabel('BCC', { exact: true }).fill('archive@harbour.example');
    await preview.getByText('partner@quayside.example, accounts@quayside.example').waitFor();
    await preview.getByText('archive@harbour.example').waitFor();
    await expectAccessible(page, 'send dialog with copies and the preview');
    await screenshot(page, 'send-dialog-preview');

    await dialog.getByRole('button', { name: 'Send invoice' }).click();
    await toast(page, 'Invoice sent');
    await t.deliverEmails();
    expect(smtp.messages).toHaveLength(1);
    const mail = smtp.messages[0]!;
    expect(mail.subject).toBe('Your survey invoice');
    const ccText = Array.isArray(mail.cc) ? mail.cc.map((a) => a.text).join(', ') : (mail.cc?.text ?? '');
    expect(ccText).toContain('partner@quayside.example');
    expect(ccText).toContain('accounts@quayside.example');
    expect(JSON.stringify(mail.headers.get('bcc') ?? '')).not.toContain('archive');
    expect(smtp.recipients[0]).toEqual(
      expect.arrayContaining([
        'mira@quayside.example',
        'partner@quayside.example',
        'archive@harbour.example',
      ]),
    );
    expect(staffErrors).toEqual([]);
  });
});
