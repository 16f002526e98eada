import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  type BrowserApp,
  collectPageErrors,
  launchBrowser,
  startBrowserApp,
  type TestBrowser,
} from './support/browser-app.ts';
import { logIn } from './support/checks.ts';
import { type StaffApi, staffApi } from './support/staff-api.ts';

/**
 * "Due end of month" picked in the invoice editor, in a real Chromium: the editor previews the month's last day
 * and the saved invoice is due then (a leap February here, so a month-length slip would show).
 */
let t: BrowserApp;
let staff: TestBrowser;
let staffErrors: string[];
let callApi: StaffApi;

beforeAll(async () => {
  t = await startBrowserApp();
  callApi = await staffApi(t, 'end of month terms test');
  staff = await launchBrowser();
  staffErrors = collectPageErrors(staff.page);
  await logIn(staff.page, t.baseUrl, ADMIN);
}, 180_000);

afterAll(async () => {
  await staff?.close();
  await t?.close();
});

describe('end-of-month payment terms in a browser', () => {
  it('saves an invoice due on the last day of its issue month', async () => {
    const client = await callApi('POST', '/clients', { name: 'Month End Traders', currency: 'USD' });
    const { page } = staff;
    await page.goto(`${t.baseUrl}/app/invoices/new?clientId=${client.id}`);
    await page.getByRole('heading', { name: 'New invoice' }).waitFor();
    await page.getByLabel('Issue date').fill('2028-02-10');
    await page.getByLabel('Payment terms').selectOption({ label: 'Due end of month' });
    await page.getByText(/^Due .*29.*2028$/).waitFor();
    await page.getByLabel('Line 1 description').fill('Stocktake');
    await page.getByLabel('Line 1 unit price').fill('120');
    await page.getByRole('button', { name: 'Save draft invoice' }).click();
    await page.getByRole('heading', { name: /Draft invoice/ }).waitFor();
    const id = page.url().split('/').at(-1);
    const invoice = await callApi('GET', `/invoices/${id}`);
    expect(invoice).toMatchObject({ issueDate: '2028-02-10', paymentTerms: 'eom', dueDate: '2028-02-29' });
    await page.getByText('Due end of month').first().waitFor();
    expect(staffErrors).toEqual([]);
  });
});
