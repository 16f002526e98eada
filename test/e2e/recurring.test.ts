import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/services/clients/create-client.ts';
import { createProject } from '../../src/services/projects/create-project.ts';
import { runRecurringInvoices } from '../../src/services/recurring/run-recurring-invoices.ts';
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
 * Recurring invoices in a real Chromium against the real server: write a monthly profile billed on the last day of
 * the month (live totals, the preview of its dates, field errors next to their inputs), find it in the list, pause
 * and resume it, follow the invoice it creates, skip a date, edit a line, and delete it.
 */
let t: BrowserApp;
let staff: TestBrowser;
let staffErrors: string[];
let profileUrl = '';

/** The browser's calendar day, as the editor's default start date. */
const now = new Date();
const iso = (date: Date) => date.toISOString().slice(0, 10);
/** The last day of the month `offset` months after the current one. */
const monthEnd = (offset: number) =>
  iso(new Date(Date.UTC(now.getFullYear(), now.getMonth() + offset + 1, 0)));
const addDays = (day: string, days: number) =>
  iso(
    new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)) + days)),
  );

/** The `datetime` of each <time> in a list of dates. */
function datesIn(page: Page, selector: string): Promise<string[]> {
  return page
    .locator(selector)
    .evaluateAll((elements) => elements.map((element) => element.getAttribute('datetime') ?? ''));
}

const upcomingDates = (page: Page) => datesIn(page, '[data-testid="recurring-upcoming"] time');

beforeAll(async () => {
  t = await startBrowserApp();
  await createTaxRate(t.deps, { name: 'VAT', rate: '20' });
  const client = await createClient(t.deps, {
    name: 'Harbour Cafe',
    currency: 'EUR',
    contacts: [{ name: 'Marta Lopez', email: 'marta@harbour.example' }],
  });
  await createProject(t.deps, { clientId: client.id, name: 'Website care' });
  staff = await launchBrowser();
  staffErrors = collectPageErrors(staff.page);
  await logIn(staff.page, t.baseUrl, ADMIN);
}, 180_000);

afterAll(async () => {
  await staff?.close();
  await t?.close();
});

describe('recurring invoices in a browser', () => {
  it('writes a monthly profile on the last day, with live totals, its next dates and field errors', async () => {
    const { page } = staff;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Recurring' }).click();
    await page.getByText('No recurring invoices yet').waitFor();
    await page.getByRole('link', { name: 'New recurring profile' }).click();
    await page.getByRole('heading', { name: 'New recurring profile' }).waitFor();

    await page.getByLabel('Profile name').fill('Monthly retainer');
    await chooseClient(page, 'Harbour Cafe');
    expect(await page.getByLabel('Currency').inputValue()).toBe('EUR');
    // The client has a project, so the form offers it.
    await page.getByLabel('Project').selectOption({ label: 'Website care' });
    expect(await page.getByLabel('Frequency').inputValue()).toBe('monthly');
    await page.getByLabel('Day of the month').selectOption('last');
    await page.getByLabel('Payment terms').selectOption('net_15');

    // A count the server refuses: its preview answers with the field, shown next to that input.
    await page.getByLabel('After a number of invoices').check();
    const count = page.getByRole('spinbutton', { name: 'Number of invoices' });
    await count.fill('0');
    await expect.poll(() => count.getAttribute('aria-invalid')).toBe('true');
    const countError = (await count.getAttribute('aria-describedby'))?.split(' ').at(-1);
    expect(await page.locator(`[id="${countError}"]`).textContent()).toMatch(/whole number from 1/);
    await count.fill('6');
    await expect.poll(() => count.getAttribute('aria-invalid')).toBeNull();

    // Six invoices, each on the last day of its month, due 15 days later.
    const previewDates = () => datesIn(page, '[data-testid="recurring-preview"] tbody td:first-child time');
    const expected = [0, 1, 2, 3, 4, 5].map(monthEnd);
    await expect.poll(previewDates).toEqual(expected);
    expect(await datesIn(page, '[data-testid="recurring-preview"] tbody td:last-child time')).toEqual(
      expected.map((day) => addDays(day, 15)),
    );

    await page.getByLabel('Line 1 description').fill('Website hosting');
    await page.getByLabel('Line 1 unit price').fill('49.99');
    await page.getByRole('button', { name: '+ Add line' }).click();
    await page.getByLabel('Line 2 description').fill('Support hours');
    await page.getByLabel('Line 2 quantity').fill('2.5');
    await page.getByLabel('Line 2 unit price').fill('80');
    await page.getByLabel('VAT (20%)').check();
    await page.getByLabel('Email each invoice to the client as soon as it is created').check();
    await page.getByText('Sent to Marta Lopez <marta@harbour.example>.').waitFor();

    // 49.99 + 2.5 × 80.00 = 249.99; VAT 20 % = 49.998, rounded half-up to 50.00.
    expect(await page.getByLabel('Line 1 amount').textContent()).toBe('€49.99');
    expect(await page.getByLabel('Line 2 amount').textContent()).toBe('€200.00');
    await expect.poll(() => page.getByTestId('total-total').textContent()).toBe('€299.99');
    expect(await page.getByTestId('total-subtotal').textContent()).toBe('€249.99');
    await screenshot(page, '20-recurring-editor');
    await expectAccessible(page, 'recurring profile editor');

    // A line without a description: the server refuses the save and names the field, shown next to it.
    await page.getByRole('button', { name: '+ Add line' }).click();
    await page.getByLabel('Line 3 unit price').fill('10');
    await page.getByRole('button', { name: 'Create profile' }).click();
    const empty = page.getByLabel('Line 3 description');
    await expect.poll(() => empty.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await empty.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`[id="${describedBy.split(' ').at(-1)}"]`).textContent()).toMatch(/\S/);
    await screenshot(page, '20-recurring-editor-field-error');
    await page.getByRole('button', { name: 'Remove line 3' }).click();
    await expect.poll(() => page.getByTestId('total-total').textContent()).toBe('€299.99');

    await page.getByRole('button', { name: 'Create profile' }).click();
    await toast(page, 'Recurring profile created');
    await page.getByRole('heading', { name: /Monthly retainer/, level: 1 }).waitFor();
    profileUrl = page.url();
    expect(new URL(profileUrl).pathname).toMatch(/^\/app\/recurring\/[0-9a-f-]{36}$/);
    expect(await page.locator('h1 .badge').textContent()).toBe('Active');
    expect(await page.getByTestId('total-total').textContent()).toBe('€299.99');
    await page.getByText('Every month, on the last day').first().waitFor();
    await page.getByText('Website care').first().waitFor();
    await expect.poll(() => upcomingDates(page)).toEqual(expected);
    await page.getByText('No invoices yet').waitFor();
    await screenshot(page, '20-recurring-detail');
    await expectAccessible(page, 'recurring profile page');
  }, 120_000);

  it('lists the profile and opens it', async () => {
    const { page } = staff;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Recurring' }).click();
    const card = page.locator('.client-card', { hasText: 'Monthly retainer' });
    await card.waitFor();
    expect(await card.textContent()).toContain('€299.99');
    expect(await card.textContent()).toContain('Every month, on the last day');
    await screenshot(page, '20-recurring-list');
    await expectAccessible(page, 'recurring list');
    await card.getByRole('link', { name: 'Monthly retainer', exact: true }).click();
    await page.getByRole('heading', { name: /Monthly retainer/, level: 1 }).waitFor();
    expect(page.url()).toBe(profileUrl);
  }, 60_000);

  it('pauses and resumes the profile', async () => {
    const { page } = staff;
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await toast(page, 'Profile paused');
    await expect.poll(() => page.locator('h1 .badge').textContent()).toBe('Paused');
    expect(await page.getByTestId('next-run-date').textContent()).toBe('Paused');
    await screenshot(page, '20-recurring-paused');
    await page.getByRole('button', { name: 'Resume', exact: true }).click();
    await toast(page, 'Profile resumed');
    await expect.poll(() => page.locator('h1 .badge').textContent()).toBe('Active');
    // The next date was still ahead: billing goes on from it.
    await expect.poll(() => upcomingDates(page)).toEqual([0, 1, 2, 3, 4, 5].map(monthEnd));
  }, 60_000);

  it('links the invoice the schedule created, and skips the next one', async () => {
    const { page } = staff;
    // The scheduler's run on the first date (the job runner is not started in tests).
    t.clock.set(`${monthEnd(0)}T12:00:00Z`);
    const run = await runRecurringInvoices(t.deps);
    t.clock.set(new Date().toISOString());
    expect(run.generated).toHaveLength(1);
    // Auto-send is on: the invoice was issued (numbered) and sent to the client's contact.
    expect(run.sent).toHaveLength(1);
    await page.reload();
    const invoiceLink = page.getByRole('link', { name: /^INV-\d{4}-0001$/ });
    await invoiceLink.waitFor();
    await expect.poll(() => upcomingDates(page)).toEqual([1, 2, 3, 4, 5].map(monthEnd));
    await invoiceLink.click();
    await page.getByRole('heading', { name: /Invoice INV-\d{4}-0001/ }).waitFor();
    await page.getByTestId('balance-due').getByText('€299.99').waitFor();
    await page.goBack();
    await page.getByRole('heading', { name: /Monthly retainer/, level: 1 }).waitFor();

    await page.getByRole('button', { name: 'Skip next' }).click();
    const dialog = page.getByRole('dialog', { name: 'Skip the next invoice?' });
    await dialog.getByRole('button', { name: 'Skip this invoice' }).click();
    await toast(page, 'The next invoice was skipped');
    // A skipped date does not count towards the six invoices.
    await expect.poll(() => upcomingDates(page)).toEqual([2, 3, 4, 5, 6].map(monthEnd));
    await page.getByRole('cell', { name: 'Skipped' }).first().waitFor();
  }, 60_000);

  it('edits a line; the change is saved and the schedule keeps its next date', async () => {
    const { page } = staff;
    await page.getByRole('link', { name: 'Edit', exact: true }).click();
    await page.getByRole('heading', { name: 'Edit Monthly retainer' }).waitFor();
    expect(await page.getByLabel('Line 2 quantity').inputValue()).toBe('2.5');
    expect(await page.getByLabel('Day of the month').inputValue()).toBe('last');
    // The preview of an edit shows the dates saving would give: every other month from the next date on.
    const previewDates = () => datesIn(page, '[data-testid="recurring-preview"] tbody td:first-child time');
    await expect.poll(previewDates).toEqual([2, 3, 4, 5, 6].map(monthEnd));
    await page.getByLabel('Repeat every').fill('2');
    await expect.poll(previewDates).toEqual([2, 4, 6, 8, 10].map(monthEnd));
    await page.getByLabel('Repeat every').fill('1');
    await expect.poll(previewDates).toEqual([2, 3, 4, 5, 6].map(monthEnd));
    await page.getByLabel('Line 2 quantity').fill('3');
    // 49.99 + 3 × 80.00 = 289.99; VAT 20 % = 57.998, rounded to 58.00.
    await expect.poll(() => page.getByTestId('total-total').textContent()).toBe('€347.99');
    await screenshot(page, '20-recurring-edit');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await toast(page, 'Recurring profile saved');
    await expect.poll(() => page.getByTestId('total-total').textContent()).toBe('€347.99');
    await page.reload();
    await expect.poll(() => page.getByTestId('total-total').textContent()).toBe('€347.99');
    await expect.poll(() => upcomingDates(page)).toEqual([2, 3, 4, 5, 6].map(monthEnd));
    await page.getByText('3 × €80.00').waitFor();
    // The invoice already created keeps the figures it was made with.
    expect(await page.getByRole('cell', { name: '€299.99' }).count()).toBe(1);
    await screenshot(page, '20-recurring-edited');
  }, 60_000);

  it('works on a phone', async () => {
    const phone = await launchBrowser({ width: 390, height: 844 });
    try {
      await logIn(phone.page, t.baseUrl, ADMIN);
      const overflow = () =>
        phone.page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
      await phone.page.goto(`${t.baseUrl}/app/recurring/new`);
      await phone.page.getByLabel('Line 1 description').waitFor();
      await phone.page.locator('[data-testid="recurring-preview"]').waitFor();
      expect(await overflow()).toBeLessThanOrEqual(0);
      await screenshot(phone.page, '20-recurring-phone-editor');
      await phone.page.goto(profileUrl);
      await phone.page.getByTestId('total-total').waitFor();
      await phone.page.getByRole('cell', { name: 'Skipped' }).first().waitFor();
      expect(await overflow()).toBeLessThanOrEqual(0);
      await screenshot(phone.page, '20-recurring-phone-detail');
    } finally {
      await phone.close();
    }
  }, 120_000);

  it('deletes the profile after confirmation; its invoice stays', async () => {
    const { page } = staff;
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this recurring profile?' });
    await dialog.getByText('The invoice it created stays').waitFor();
    await dialog.getByRole('button', { name: 'Delete profile' }).click();
    await toast(page, 'Recurring profile deleted');
    await page.getByText('No recurring invoices yet').waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Invoices' }).click();
    await page.locator('.table', { hasText: '€299.99' }).waitFor();
    expect(staffErrors).toEqual([]);
  }, 60_000);
});
