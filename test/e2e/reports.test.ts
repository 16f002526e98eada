import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayIn } from '../../src/domain/dates.ts';
import {
  ADMIN,
  type BrowserApp,
  collectPageErrors,
  launchBrowser,
  startBrowserApp,
  type TestBrowser,
} from './support/browser-app.ts';
import { expectAccessible, logIn, screenshot } from './support/checks.ts';
import { staffApi } from './support/staff-api.ts';

/**
 * The reports in a real Chromium: the aging report shows an invoice 45 days past due in its bucket, drills down to
 * the invoice and downloads the CSV; the tax report shows the VAT of the same invoice for a chosen range and
 * downloads its CSV. Both pages pass the accessibility check with their charts.
 */
let t: BrowserApp;
let staff: TestBrowser;
let staffErrors: string[];
let today: string;
let issueDate: string;
let invoiceNumber: string;

beforeAll(async () => {
  t = await startBrowserApp();
  const call = await staffApi(t, 'reports test');
  today = todayIn('UTC', t.clock.now());
  issueDate = addDays(today, -45);
  const vat = await call('POST', '/tax-rates', { name: 'VAT', rate: '20' });
  const client = await call('POST', '/clients', { name: 'Acme Studio', currency: 'USD' });
  const draft = await call('POST', '/invoices', {
    clientId: client.id,
    currency: 'USD',
    issueDate,
    paymentTerms: 'due_on_receipt',
    taxes: [],
    lines: [{ description: 'Design', quantity: '1', unitPrice: '100.00', taxes: [{ taxRateId: vat.id }] }],
  });
  invoiceNumber = (await call('POST', `/invoices/${draft.id}/mark-sent`)).number;
  staff = await launchBrowser();
  staffErrors = collectPageErrors(staff.page);
  await logIn(staff.page, t.baseUrl, ADMIN);
}, 180_000);

afterAll(async () => {
  await staff?.close();
  await t?.close();
});

async function downloadCsv(): Promise<{ name: string; text: string }> {
  const { page } = staff;
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download CSV' }).first().click(),
  ]);
  return { name: download.suggestedFilename(), text: await readFile((await download.path())!, 'utf8') };
}

describe('reports in a browser', () => {
  it('aging: buckets, drill-down to the invoice, CSV', async () => {
    const { page } = staff;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { name: 'Receivables aging' }).waitFor();
    const row = page.getByRole('row', { name: /Acme Studio/ });
    await row.waitFor();
    const cells = await row.getByRole('cell').allTextContents();
    // Client, currency, current, 1–30, 31–60, 61–90, over 90, total.
    expect(cells.slice(1)).toEqual(['USD', '$0.00', '$0.00', '$120.00', '$0.00', '$0.00', '$120.00']);
    expect(await page.getByRole('img', { name: /31–60 days \$120\.00/ }).count()).toBe(1);
    await expectAccessible(page, 'aging report');
    await screenshot(page, 'reports-01-aging');

    await row.getByRole('button', { name: 'Acme Studio' }).click();
    await page.getByRole('heading', { name: 'Open invoices of Acme Studio' }).waitFor();
    const invoiceRow = page.getByRole('row', { name: new RegExp(invoiceNumber) });
    await invoiceRow.waitFor();
    expect(await invoiceRow.textContent()).toContain('45');

    const csv = await downloadCsv();
    expect(csv.name).toBe(`aging-${today}.csv`);
    expect(csv.text.split('\r\n')[1]).toMatch(
      /^[\d-]+,[\w-]+,Acme Studio,USD,0\.00,0\.00,120\.00,0\.00,0\.00,120\.00,1$/,
    );
  });

  it('tax: the VAT of the range, CSV', async () => {
    const { page } = staff;
    await page.getByRole('navigation', { name: 'Reports' }).getByRole('link', { name: 'Tax' }).click();
    await page.getByRole('heading', { name: 'Tax', exact: true }).waitFor();
    await page.getByLabel('From', { exact: true }).fill(issueDate);
    await page.getByLabel('To', { exact: true }).fill(today);
    await page.getByLabel('Per', { exact: true }).selectOption('year');
    await page.getByRole('button', { name: 'Show' }).click();
    const row = page.getByRole('row', { name: /VAT 20 %/ });
    await row.waitFor();
    expect((await row.getByRole('cell').allTextContents()).slice(1)).toEqual([
      'VAT 20 %',
      '$100.00',
      '$20.00',
    ]);
    await expectAccessible(page, 'tax report');
    await screenshot(page, 'reports-02-tax');

    const csv = await downloadCsv();
    expect(csv.name).toBe(`tax-invoice-${issueDate}-${today}.csv`);
    expect(csv.text).toContain('VAT,20,,false,false,100.00,20.00\r\n');
    expect(staffErrors).toEqual([]);
  });
});
