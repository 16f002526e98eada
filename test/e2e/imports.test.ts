import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  type BrowserApp,
  collectPageErrors,
  FINANCE,
  launchBrowser,
  startBrowserApp,
  type TestBrowser,
} from './support/browser-app.ts';
import { expectAccessible, logIn, screenshot } from './support/checks.ts';

/**
 * CSV import in a real Chromium: a semicolon-separated client file whose second record spans two lines and whose
 * next row has a currency Remit does not know. The dry run names that row by its physical line (4); leaving the
 * currency column out of the mapping makes the file clean, the import runs, and the clients are in the list.
 */
let t: BrowserApp;
let staff: TestBrowser;
let staffErrors: string[];

const CLIENTS_CSV = [
  'Kunde;Mail;Currency;Remarks',
  'Atelier Nord;hello@atelier-nord.example;EUR;"Pays on time;',
  'always"',
  'Baltic Timber;office@baltic.example;EURO;',
  'Café Müller;anna@mueller.example;;Prefers email',
].join('\r\n');

async function count(table: 'clients' | 'invoices' | 'import_batches') {
  const row = await t.deps.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

beforeAll(async () => {
  t = await startBrowserApp();
  staff = await launchBrowser();
  staffErrors = collectPageErrors(staff.page);
  await logIn(staff.page, t.baseUrl, ADMIN);
}, 180_000);

afterAll(async () => {
  await staff?.close();
  await t?.close();
});

describe('CSV import in a browser', () => {
  it('lists the bad row by its line, imports once the mapping leaves it out, and the clients are in the list', async () => {
    const { page } = staff;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Clients' }).click();
    await page.getByRole('link', { name: 'Import CSV' }).click();
    await page.getByRole('heading', { name: 'Import clients', level: 1 }).waitFor();
    expect(await page.getByLabel('What the file holds').inputValue()).toBe('clients');

    await page.getByLabel('Choose a CSV file').setInputFiles({
      name: 'clients.csv',
      mimeType: 'application/vnd.ms-excel',
      buffer: Buffer.from(CLIENTS_CSV, 'utf8'),
    });
    const facts = page.locator('dl.facts');
    await facts.getByText('Semicolon').waitFor();
    expect(await facts.textContent()).toContain('3 rows under a header of 4 columns');
    expect(await facts.textContent()).toContain('UTF-8');
    const sample = page.getByRole('region', { name: 'First rows of the file' });
    expect(await sample.getByRole('row').count()).toBe(4);
    // The suggested mapping: the client name had no usual name in this file, so it waits for a choice.
    const name = page.getByLabel('Client name (required)');
    expect(await name.inputValue()).toBe('');
    expect(await page.getByLabel('Currency').inputValue()).toBe('Currency');
    const check = page.getByRole('button', { name: 'Check the file' });
    expect(await check.isDisabled()).toBe(true);
    const importButton = page.getByRole('button', { name: 'Import clients' });
    expect(await importButton.isDisabled()).toBe(true);
    await page.getByText('Choose the column that holds the client name').waitFor();
    await expectAccessible(page, 'import: file read, mapping step');

    await name.selectOption('Kunde');
    await page.getByLabel('Email').selectOption('Mail');
    await page.getByLabel('Notes').selectOption('Remarks');
    // The keyboard runs the dry run too.
    await check.focus();
    await page.keyboard.press('Enter');
    const report = page.getByRole('heading', { name: '1 of 3 rows cannot be imported' });
    await report.waitFor();
    expect(await report.evaluate((heading) => heading === heading.ownerDocument.activeElement)).toBe(true);
    const problems = page.getByRole('region', { name: 'Rows to correct' }).getByRole('row');
    expect(await problems.count()).toBe(2);
    const problem = await problems.nth(1).textContent();
    expect(problem).toMatch(/^4/);
    expect(problem).toContain('Currency');
    expect(problem).toContain('EURO');
    expect(await importButton.isDisabled()).toBe(true);
    await expectAccessible(page, 'import: dry run with a bad row');
    await screenshot(page, 'import-clients-bad-row');
    expect(await count('clients')).toBe(0);

    // Fix the mapping: leave the currency out, and check again.
    await page.getByLabel('Currency').selectOption('');
    expect(await page.getByRole('heading', { name: /cannot be imported/ }).count()).toBe(0);
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByRole('heading', { name: 'All 3 rows can be imported' }).waitFor();
    expect(await page.getByText('The import will create 3 clients.').count()).toBe(1);
    expect(await count('clients')).toBe(0);

    await importButton.click();
    const done = page.getByRole('heading', { name: 'Imported 3 clients' });
    await done.waitFor();
    await page.getByRole('region', { name: 'Earlier imports' }).getByText('3 clients from 3 rows').waitFor();
    await expectAccessible(page, 'import: done');
    await screenshot(page, 'import-clients-done');
    expect(await count('import_batches')).toBe(1);

    await page.getByRole('link', { name: 'Go to clients' }).click();
    await page.getByRole('heading', { name: 'Clients', level: 1 }).waitFor();
    for (const client of ['Atelier Nord', 'Baltic Timber', 'Café Müller']) {
      await page.getByRole('link', { name: client }).waitFor();
    }
    const imported = await t.deps.db
      .selectFrom('clients')
      .select(['name', 'email', 'currency', 'notes'])
      .orderBy('name')
      .execute();
    expect(imported[0]).toMatchObject({ name: 'Atelier Nord', email: 'hello@atelier-nord.example' });
    expect(imported[0]!.notes).toBe('Pays on time;\nalways');
    expect(imported.map((client) => client.currency)).toEqual([null, null, null]);
    expect(staffErrors).toEqual([]);
  });

  it('imports an Invoice Ninja invoice export from the Invoices list, recognised with its mapping', async () => {
    const { page } = staff;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Invoices' }).click();
    await page.getByRole('heading', { name: 'Invoices', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Import CSV' }).click();
    await page.getByRole('heading', { name: 'Import invoices', level: 1 }).waitFor();
    await page.getByLabel('Choose a CSV file').setInputFiles({
      name: 'invoices.csv',
      mimeType: 'text/csv',
      buffer: readFileSync(new URL('../fixtures/imports/invoice-ninja-invoices.csv', import.meta.url)),
    });
    await page.locator('dl.facts').getByText('Invoice Ninja v5 export').waitFor();
    expect(await page.getByLabel('Invoice number (required)').inputValue()).toBe('Invoice Number');
    expect(await page.getByLabel('Date format').inputValue()).toBe('auto');
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByRole('heading', { name: 'All 4 rows can be imported' }).waitFor();
    await expectAccessible(page, 'import: invoices dry run');
    await page.getByRole('button', { name: 'Import invoices' }).click();
    await page.getByRole('heading', { name: /^Imported 4 invoices/ }).waitFor();
    expect(await count('invoices')).toBe(4);
    await page.getByRole('link', { name: 'Go to invoices' }).click();
    await page.getByRole('heading', { name: 'Invoices', level: 1 }).waitFor();
    await page.getByRole('row', { name: /0002/ }).waitFor();
    expect(staffErrors).toEqual([]);
  });

  it('says in plain words when a file is not UTF-8, reads it once the encoding is named, and offers finance users no import', async () => {
    const { page } = staff;
    await page.goto(`${t.baseUrl}/app/items/import`);
    await page.getByRole('heading', { name: 'Import items', level: 1 }).waitFor();
    await page.getByLabel('Choose a CSV file').setInputFiles({
      name: 'items.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('Name,Price\nCrème brûlée,4.50\n', 'latin1'),
    });
    const alert = page.getByRole('alert').filter({ hasText: 'UTF-8' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('line 2');
    expect(await page.locator('dl.facts').count()).toBe(0);
    // The reading options open by themselves: name the encoding and the file reads.
    await page.getByLabel('Encoding').selectOption('iso-8859-1');
    await page.locator('dl.facts').getByText('ISO-8859-1').waitFor();
    await page.getByRole('region', { name: 'First rows of the file' }).getByText('Crème brûlée').waitFor();
    expect(await page.getByLabel('Unit price (required)').inputValue()).toBe('Price');
    await expectAccessible(page, 'import: items file read as Latin-1');

    const finance = await launchBrowser();
    try {
      await logIn(finance.page, t.baseUrl, FINANCE);
      await finance.page.goto(`${t.baseUrl}/app/clients`);
      await finance.page.getByRole('heading', { name: 'Clients', level: 1 }).waitFor();
      expect(await finance.page.getByRole('link', { name: 'Import CSV' }).count()).toBe(0);
      await finance.page.goto(`${t.baseUrl}/app/clients/import`);
      await finance.page.getByRole('heading', { name: 'Admins only' }).waitFor();
    } finally {
      await finance.close();
    }
  });
});
