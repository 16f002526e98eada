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
 * Payment receipts in a real Chromium: recording an offline payment offers "Email a receipt", ticked for a client
 * with a billing email (the receipt then reaches the SMTP server with its PDF) and not for one without; a received
 * payment has Receipt and Email receipt actions on the invoice page.
 */
let t: BrowserApp;
let smtp: TestSmtpServer;
let staff: TestBrowser;
let staffErrors: string[];
let callApi: StaffApi;

async function issuedInvoice(clientId: string) {
  const draft = await callApi('POST', '/invoices', {
    clientId,
    lines: [{ description: 'Brand workshop', quantity: '1', unitPrice: '300.00' }],
  });
  const sent = await callApi('POST', `/invoices/${draft.id}/mark-sent`);
  return { id: sent.id as string, number: sent.number as string };
}

beforeAll(async () => {
  t = await startBrowserApp();
  smtp = await startSmtpServer();
  callApi = await staffApi(t, 'receipts test');
  await callApi('PATCH', '/settings', { businessName: 'Harbour Studio' });
  await callApi('PUT', '/settings/smtp', {
    host: '127.0.0.1',
    port: smtp.port,
    security: 'none',
    fromName: 'Harbour Billing',
    fromAddress: 'billing@harbour-studio.example',
  });
  staff = await launchBrowser();
  staffErrors = collectPageErrors(staff.page);
  await logIn(staff.page, t.baseUrl, ADMIN);
}, 180_000);

afterAll(async () => {
  await staff?.close();
  await smtp?.close();
  await t?.close();
});

describe('payment receipts in the staff app', () => {
  it('ticks "Email a receipt" for a client with a billing email; the receipt arrives with its PDF', async () => {
    const client = await callApi('POST', '/clients', {
      name: 'Lindqvist Goods',
      email: 'accounts@lindqvist.example',
      contacts: [{ name: 'Lena Lind', email: 'lena@lindqvist.example' }],
    });
    const invoice = await issuedInvoice(client.id);
    const { page } = staff;
    await page.goto(`${t.baseUrl}/app/invoices/${invoice.id}`);
    await page.getByRole('button', { name: 'Record payment' }).click();
    const dialog = page.getByRole('dialog', { name: 'Record a payment' });
    const box = dialog.getByLabel('Email a receipt to accounts@lindqvist.example');
    await expect.poll(() => box.isChecked()).toBe(true);
    await dialog.getByLabel(/^Amount/).fill('100.00');
    await screenshot(page, '60-payment-form-receipt');
    await expectAccessible(page, 'payment form with the receipt option');
    await dialog.getByRole('button', { name: 'Record payment' }).click();
    await toast(page, 'Payment recorded');

    const before = smtp.messages.length;
    await t.deliverEmails();
    const mail = smtp.messages
      .slice(before)
      .find((m) => m.subject?.startsWith('Payment received for invoice'));
    expect(mail?.text).toContain('Your receipt is attached as a PDF.');
    expect(smtp.recipients[smtp.messages.indexOf(mail!)]).toEqual(['accounts@lindqvist.example']);
    expect(mail!.attachments.map((file) => file.contentType)).toEqual(['application/pdf']);

    // The payments card: the receipt as a download, and emailed again on request.
    const receipt = page.getByRole('link', { name: 'Receipt' });
    const href = await receipt.getAttribute('href');
    expect(href).toMatch(/^\/api\/v1\/payments\/[0-9a-f-]{36}\/receipt\.pdf$/);
    const status = await page.evaluate(async (url) => (await fetch(url)).status, href!);
    expect(status).toBe(200);
    await page.getByRole('button', { name: 'Email receipt' }).click();
    await toast(page, 'Receipt emailed to accounts@lindqvist.example');
    expect(staffErrors).toEqual([]);
  }, 120_000);

  it('leaves the box unticked for a client without a billing email', async () => {
    const client = await callApi('POST', '/clients', {
      name: 'Quiet Co',
      contacts: [{ name: 'Quinn', email: 'quinn@quiet.example' }],
    });
    const invoice = await issuedInvoice(client.id);
    const { page } = staff;
    await page.goto(`${t.baseUrl}/app/invoices/${invoice.id}`);
    await page.getByRole('button', { name: 'Record payment' }).click();
    const dialog = page.getByRole('dialog', { name: 'Record a payment' });
    const box = dialog.getByLabel('Email a receipt', { exact: true });
    await expect.poll(() => box.isEnabled()).toBe(true);
    expect(await box.isChecked()).toBe(false);
    await dialog.getByRole('button', { name: 'Record payment' }).click();
    await toast(page, 'Payment recorded');
    const queued = await t.database.db
      .selectFrom('email_outbox')
      .select('id')
      .where('invoice_id', '=', invoice.id)
      .where('kind', '=', 'receipt')
      .execute();
    expect(queued).toEqual([]);
    expect(staffErrors).toEqual([]);
  }, 120_000);
});
