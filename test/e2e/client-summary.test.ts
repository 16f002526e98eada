import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayIn } from '../../src/domain/dates.ts';
import { makePng } from '../pdf/pdf-tools.ts';
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
 * First run and the client page in a real Chromium. A fresh organisation's dashboard shows the setup checklist;
 * business details and the logo done in the settings tick their steps; once every step is done the checklist is
 * gone. Then a client's page shows its balance per currency (USD with an overdue invoice, a payment and credit; EUR)
 * and its recent activity, linked to the documents.
 */
let t: BrowserApp;
let call: StaffApi;
let staff: TestBrowser;
let staffErrors: string[];

beforeAll(async () => {
  t = await startBrowserApp();
  call = await staffApi(t, 'client summary test');
  staff = await launchBrowser();
  staffErrors = collectPageErrors(staff.page);
  await logIn(staff.page, t.baseUrl, ADMIN);
}, 180_000);

afterAll(async () => {
  await staff?.close();
  await t?.close();
});

const checklist = () => staff.page.getByRole('region', { name: 'Get set up' });
const step = (id: string) => checklist().locator(`li[data-step="${id}"]`);

async function openDashboard() {
  await staff.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
  await staff.page.getByRole('heading', { name: 'Dashboard' }).waitFor();
}

describe('first-run setup checklist', () => {
  it('shows on a fresh organisation, ticks the steps done and disappears when all are', async () => {
    const { page } = staff;
    await checklist().waitFor();
    expect(await checklist().textContent()).toContain('0 of 7 done');
    await expectAccessible(page, 'dashboard with the setup checklist');
    await screenshot(page, 'setup-01-fresh');

    await checklist().getByRole('link', { name: 'Add business details' }).click();
    await page.getByRole('heading', { name: 'Business details' }).waitFor();
    await page.getByLabel('Business name').fill('Studio Nord');
    await page.getByLabel('Email', { exact: true }).fill('hello@nord.example');
    await page.getByLabel('City').fill('Hamburg');
    await page.getByRole('button', { name: 'Save business details' }).click();
    await toast(page, 'saved');
    await page.locator('input[type="file"]').setInputFiles({
      name: 'logo.png',
      mimeType: 'image/png',
      buffer: makePng(40, 20, () => [29, 58, 95]),
    });
    await page.getByRole('img', { name: 'Current logo' }).waitFor();

    await openDashboard();
    await step('logo').and(page.locator('[data-done="true"]')).waitFor();
    expect(await step('business_details').getAttribute('data-done')).toBe('true');
    expect(await step('tax_rates').getAttribute('data-done')).toBe('false');
    expect(await checklist().textContent()).toContain('2 of 7 done');
    expect(await step('tax_rates').getByRole('link', { name: 'Add a tax rate' }).getAttribute('href')).toBe(
      '/app/settings/taxes',
    );

    await call('POST', '/tax-rates', { name: 'VAT', rate: '19' });
    await call('PATCH', '/settings', { paymentInstructions: 'IBAN DE89 3704 0044 0532 0130 00' });
    await call('PUT', '/settings/smtp', {
      host: 'smtp.example.com',
      port: 587,
      security: 'starttls',
      fromAddress: 'billing@nord.example',
    });
    const client = await call('POST', '/clients', { name: 'First Client', currency: 'EUR' });
    await page.reload();
    await step('first_client').and(page.locator('[data-done="true"]')).waitFor();
    expect(await checklist().textContent()).toContain('6 of 7 done');
    await screenshot(page, 'setup-02-almost-done');

    const draft = await call('POST', '/invoices', {
      clientId: client.id,
      currency: 'EUR',
      taxes: [],
      lines: [{ description: 'Work', quantity: '1', unitPrice: '10.00' }],
    });
    await call('POST', `/invoices/${draft.id}/mark-sent`);
    await page.reload();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByRole('heading', { name: 'Last 12 months' }).waitFor();
    expect(await checklist().count()).toBe(0);
  });
});

describe('client page balance summary', () => {
  it('shows invoiced, paid, outstanding, overdue and credit per currency and links the recent activity', async () => {
    const { page } = staff;
    const today = todayIn('UTC', t.clock.now());
    const client = await call('POST', '/clients', { name: 'Acme Summary', currency: 'USD' });
    const issue = async (currency: string, price: string, issueDate: string) => {
      const draft = await call('POST', '/invoices', {
        clientId: client.id,
        currency,
        issueDate,
        paymentTerms: 'due_on_receipt',
        taxes: [],
        lines: [{ description: 'Work', quantity: '1', unitPrice: price }],
      });
      return call('POST', `/invoices/${draft.id}/mark-sent`);
    };
    const late = await issue('USD', '300.00', addDays(today, -20));
    await call('POST', `/invoices/${late.id}/payments`, { amount: '100.00', method: 'bank_transfer' });
    const paid = await issue('USD', '40.00', today);
    await call('POST', `/invoices/${paid.id}/payments`, { amount: '40.00', method: 'bank_transfer' });
    const note = await call('POST', `/invoices/${paid.id}/credit-notes`, {
      mode: 'remaining',
      reason: 'Returned',
    });
    await call('POST', `/credit-notes/${note.id}/issue`);
    const eur = await issue('EUR', '1234.56', today);

    await page.goto(`${t.baseUrl}/app/clients/${client.id}`);
    const usd = page.getByRole('region', { name: 'Balance in USD' });
    await usd.waitFor();
    const cards = async (region: typeof usd) =>
      Object.fromEntries(
        await region
          .locator('.stat')
          .evaluateAll((nodes) =>
            nodes.map((node) => [
              node.querySelector('.stat-label')?.textContent,
              node.querySelector('.stat-value')?.textContent,
            ]),
          ),
      );
    expect(await cards(usd)).toEqual({
      Invoiced: '$340.00',
      Paid: '$140.00',
      Outstanding: '$200.00',
      Overdue: '$200.00',
      Credit: '$40.00',
    });
    expect(await cards(page.getByRole('region', { name: 'Balance in EUR' }))).toEqual({
      Invoiced: '€1,234.56',
      Paid: '€0.00',
      Outstanding: '€1,234.56',
      Overdue: '€0.00',
      Credit: '€0.00',
    });
    const activity = page.getByRole('list', { name: 'Recent activity' });
    const entries = await activity.getByRole('listitem').allTextContents();
    expect(entries).toHaveLength(10);
    expect(entries.some((entry) => entry.includes(`Invoice ${eur.number}`) && /issued/.test(entry))).toBe(
      true,
    );
    expect(
      entries.some((entry) => entry.includes(`Invoice ${paid.number}`) && entry.includes('$40.00')),
    ).toBe(true);
    await expectAccessible(page, 'client page with its balance summary');
    await screenshot(page, 'client-summary-01');

    await activity
      .getByRole('link', { name: `Credit note ${note.number ?? ''}`.trim() })
      .first()
      .click();
    await page.waitForURL(`**/app/credit-notes/${note.id}`);
    expect(staffErrors).toEqual([]);
  });
});
