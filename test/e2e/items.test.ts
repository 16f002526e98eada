import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/services/clients/create-client.ts';
import { createTaxRate } from '../../src/services/taxes/create-tax-rate.ts';
import {
  ADMIN,
  type BrowserApp,
  collectPageErrors,
  launchBrowser,
  startBrowserApp,
  type TestBrowser,
} from './support/browser-app.ts';
import { chooseClient, expectAccessible, logIn, screenshot, toast } from './support/checks.ts';

/**
 * The item catalogue in a real Chromium: create an item (unit, a price in another currency, a default tax) on the
 * Items page, then pick it in the invoice editor with the keyboard only while typing a line description (the list
 * closes with Escape and opens again), and save the invoice with the line it filled.
 */
let t: BrowserApp;
let staff: TestBrowser;
let staffErrors: string[];

beforeAll(async () => {
  t = await startBrowserApp();
  await createTaxRate(t.deps, { name: 'VAT', rate: '20' });
  await createClient(t.deps, { name: 'Atelier Nord', currency: 'EUR' });
  staff = await launchBrowser();
  staffErrors = collectPageErrors(staff.page);
  await logIn(staff.page, t.baseUrl, ADMIN);
}, 180_000);

afterAll(async () => {
  await staff?.close();
  await t?.close();
});

describe('item catalogue in a browser', () => {
  it('creates an item, picks it in the invoice editor with the keyboard and saves the filled line', async () => {
    const { page } = staff;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Items' }).click();
    await page.getByText('No items yet').waitFor();
    await page.getByRole('link', { name: 'New item' }).click();
    await page.getByRole('heading', { name: 'New item' }).waitFor();
    await page.getByLabel('Name').fill('Design work');
    await page.getByLabel('Unit', { exact: true }).selectOption('HUR');
    await page.getByLabel('Unit price').fill('95');
    expect(await page.getByLabel('Currency').inputValue()).toBe('USD');
    await page.getByLabel('Description').fill('Interface and visual design');
    await page.getByRole('button', { name: '+ Add a price in another currency' }).click();
    await page.getByLabel('Price 1 currency').selectOption('EUR');
    await page.getByLabel('Price 1 unit price').fill('88');
    await page.getByLabel('VAT 20%').check();
    await page.getByRole('button', { name: 'Create item' }).click();
    await toast(page, 'Item created');
    const row = page.getByRole('row', { name: /Design work/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('hour');
    await expectAccessible(page, 'items page');

    await page.goto(`${t.baseUrl}/app/invoices/new`);
    await page.getByRole('heading', { name: 'New invoice' }).waitFor();
    await chooseClient(page, 'Atelier Nord');
    expect(await page.getByLabel('Currency').inputValue()).toBe('EUR');
    const description = page.getByLabel('Line 1 description');
    const list = page.getByRole('listbox', { name: 'Catalogue items for line 1' });
    await description.pressSequentially('desi');
    const option = list.getByRole('option', { name: /Design work/ });
    await option.waitFor();
    // The option shows the price in the invoice's currency.
    expect(await option.textContent()).toContain('€88.00 per hour');
    await page.keyboard.press('Escape');
    await list.waitFor({ state: 'hidden' });
    await page.keyboard.press('Alt+ArrowDown');
    await option.waitFor();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => option.getAttribute('aria-selected')).toBe('true');
    expect(await description.getAttribute('aria-activedescendant')).toBe(await option.getAttribute('id'));
    await screenshot(page, 'items-01-picker');
    await expectAccessible(page, 'invoice editor with the catalogue open');
    await page.keyboard.press('Enter');
    await list.waitFor({ state: 'hidden' });

    expect(await description.inputValue()).toBe('Design work\nInterface and visual design');
    expect(await page.getByLabel('Line 1 unit', { exact: true }).inputValue()).toBe('HUR');
    expect(await page.getByLabel('Line 1 unit price').inputValue()).toBe('88.00');
    expect(await page.getByLabel('Line 1 tax').locator('option:checked').textContent()).toContain('VAT 20%');
    await page.getByLabel('Line 1 quantity').fill('3');
    // 3 × 88.00 = 264.00, plus 20% VAT.
    await expect.poll(() => page.getByTestId('total-total').textContent()).toBe('€316.80');
    await page.getByRole('button', { name: 'Save draft invoice' }).click();
    await page.getByRole('heading', { name: /Draft invoice/ }).waitFor();
    const document = page.getByRole('article', { name: 'Invoice document' });
    // The document's words load with it: wait for the table before counting its cells.
    await document.getByRole('cell', { name: '3 hours' }).first().waitFor();
    expect(await document.getByRole('cell', { name: '3 hours' }).count()).toBe(1);

    const saved = await t.deps.db
      .selectFrom('invoice_lines')
      .innerJoin('items', 'items.id', 'invoice_lines.item_id')
      .select(['invoice_lines.description', 'invoice_lines.unit', 'invoice_lines.unit_price', 'items.name'])
      .execute();
    expect(saved).toEqual([
      {
        description: 'Design work\nInterface and visual design',
        unit: 'HUR',
        unit_price: '88.000000',
        name: 'Design work',
      },
    ]);
    expect(staffErrors).toEqual([]);
  }, 120_000);

  it('keeps the search and "Show archived" of the client and item lists in the address, also on Load more', async () => {
    const { page } = staff;
    // 51 archived clients: one more than a page, so the second page comes from "Load more".
    for (let i = 0; i < 51; i++) await createClient(t.deps, { name: `Former ${String(i).padStart(2, '0')}` });
    await t.deps.db
      .updateTable('clients')
      .set({ archived_at: new Date() })
      .where('name', 'like', 'Former %')
      .execute();

    await page.goto(`${t.baseUrl}/app/clients`);
    await page.getByRole('heading', { name: 'Clients' }).waitFor();
    await page.getByLabel('Show archived').check();
    await expect.poll(() => new URL(page.url()).searchParams.get('archived')).toBe('true');
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => page.getByText(/· Archived/).count()).toBe(51);
    expect(await page.getByText('Atelier Nord').count()).toBe(0);

    await page.getByLabel('Search clients').fill('Former 5');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => new URL(page.url()).search).toBe('?q=Former+5&archived=true');
    await expect.poll(() => page.getByText(/· Archived/).count()).toBe(1);

    await page.goto(`${t.baseUrl}/app/items?q=nothing+like+it`);
    await page.getByText('No items match').waitFor();
    expect(await page.getByLabel('Search items').inputValue()).toBe('nothing like it');
    await page.getByLabel('Search items').fill('design');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('row', { name: /Design work/ }).waitFor();
    expect(staffErrors).toEqual([]);
  }, 120_000);

  it("downloads the filtered client list as CSV from the list's Export menu", async () => {
    const { page } = staff;
    await page.goto(`${t.baseUrl}/app/clients?q=Former+1&archived=true`);
    await page.getByRole('heading', { name: 'Clients' }).waitFor();
    await page.getByText('Export CSV').click();
    const menu = page.locator('.export-menu li', { hasText: 'Clients' });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      menu.getByRole('link', { name: 'CSV for Excel' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('clients.csv');
    const bytes = await readFile((await download.path()) as string);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(bytes, { columns: true, bom: true }) as { name: string; archived: string }[];
    // "Former 10" to "Former 19": the list's search and "Show archived", as on screen.
    expect(rows.map((row) => row.name).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `Former ${10 + i}`),
    );
    expect(new Set(rows.map((row) => row.archived))).toEqual(new Set(['true']));
    await expectAccessible(page, 'clients list with the export menu open');
    expect(staffErrors).toEqual([]);
  }, 60_000);
});
