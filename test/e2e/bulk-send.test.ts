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
import { expectAccessible, logIn, screenshot } from './support/checks.ts';
import { type StaffApi, staffApi } from './support/staff-api.ts';

/**
 * Sending several invoices from the staff list in a real Chromium: tick them (or every invoice the list matches),
 * Send, and watch the background send's progress bar and then the emails reaching the SMTP server; a ticked draft is
 * skipped and the reason shown. The test runs the job where a worker would (t.runBulkSends).
 */
let t: BrowserApp;
let smtp: TestSmtpServer;
let staff: TestBrowser;
let staffErrors: string[];
let callApi: StaffApi;
let clientId: string;

beforeAll(async () => {
  t = await startBrowserApp();
  smtp = await startSmtpServer();
  callApi = await staffApi(t, 'bulk send test');
  await callApi('PUT', '/settings/smtp', {
    host: '127.0.0.1',
    port: smtp.port,
    security: 'none',
    fromAddress: 'billing@harbour-studio.example',
  });
  const client = await callApi('POST', '/clients', {
    name: 'Lindqvist Goods',
    contacts: [{ name: 'Lena Lind', email: 'lena@lindqvist.example' }],
  });
  clientId = client.id;
  for (const description of ['Shop window', 'Signage']) {
    const draft = await callApi('POST', '/invoices', {
      clientId: client.id,
      lines: [{ description, quantity: '1', unitPrice: '120.00' }],
    });
    await callApi('POST', `/invoices/${draft.id}/mark-sent`);
  }
  await callApi('POST', '/invoices', {
    clientId: client.id,
    lines: [{ description: 'Not ready', quantity: '1', unitPrice: '10.00' }],
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

describe('bulk send from the invoice list', () => {
  it('sends the ticked invoices, skips the draft saying why, and shows the emails leaving', async () => {
    const { page } = staff;
    await page.goto(`${t.baseUrl}/app/invoices`);
    await page.getByRole('heading', { name: 'Invoices' }).waitFor();
    await page.getByRole('checkbox', { name: 'Select every invoice shown' }).check();
    const bar = page.getByRole('region', { name: 'Send invoices' });
    await bar.getByText('3 selected').waitFor();
    await screenshot(page, '60-invoices-bulk-selected');
    await expectAccessible(page, 'invoice list with invoices ticked');

    await bar.getByRole('button', { name: 'Send', exact: true }).click();
    // Recorded at once; the job has not started yet.
    await bar.getByText('Waiting to start: 3 invoices to send.').waitFor();
    // The boxes are unticked once the send is recorded.
    expect(await page.getByRole('checkbox', { checked: true }).count()).toBe(0);
    const progressBar = bar.getByRole('progressbar', { name: 'Invoices handled' });
    expect(await progressBar.getAttribute('value')).toBe('0');

    await t.runBulkSends();
    await bar.getByText('Done: 3 invoices, 2 sent, 1 skipped.').waitFor();
    expect(await progressBar.getAttribute('value')).toBe('3');
    await bar
      .getByRole('list', { name: 'Skipped invoices' })
      .getByText(/Draft: It is a draft: drafts are issued and sent only when asked/)
      .waitFor();
    await bar.getByText('Emails: 0 of 2 delivered, 2 on their way.').waitFor();

    await t.deliverEmails();
    await bar.getByText('Emails: 2 of 2 delivered.').waitFor({ timeout: 10_000 });
    expect(smtp.messages).toHaveLength(2);
    await screenshot(page, '61-invoices-bulk-done');
    await expectAccessible(page, 'invoice list after a bulk send');
    expect(staffErrors).toEqual([]);
  });

  it('sends every invoice the list matches, beyond the page shown, through its filter', async () => {
    // 26 sent invoices: more than one page (25).
    for (let i = 0; i < 24; i++) {
      const invoice = await callApi('POST', '/invoices', {
        clientId,
        lines: [{ description: `Retainer ${i}`, quantity: '1', unitPrice: '50.00' }],
      });
      await callApi('POST', `/invoices/${invoice.id}/mark-sent`);
    }
    const { page } = staff;
    await page.goto(`${t.baseUrl}/app/invoices?status=sent`);
    await page.getByRole('heading', { name: 'Invoices' }).waitFor();
    await page.getByRole('checkbox', { name: 'Select every invoice shown' }).check();
    const bar = page.getByRole('region', { name: 'Send invoices' });
    await bar.getByText('25 selected').waitFor();
    await bar.getByRole('button', { name: 'Select every invoice matching this list' }).click();
    await bar.getByText('Every invoice matching this list is selected').waitFor();
    await bar.getByRole('button', { name: 'Send', exact: true }).click();
    await bar.getByText('Waiting to start: 26 invoices to send.').waitFor();
    await t.runBulkSends();
    await bar.getByText('Done: 26 invoices, 26 sent.').waitFor();
    await bar.getByText(/Emails: 0 of 26 delivered/).waitFor();
    expect(staffErrors).toEqual([]);
  });
});
