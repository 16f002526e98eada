import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/services/clients/create-client.ts';
import {
  ADMIN,
  type BrowserApp,
  collectPageErrors,
  launchBrowser,
  startBrowserApp,
  type TestBrowser,
} from './support/browser-app.ts';
import { expectAccessible, logIn, toast } from './support/checks.ts';
import { type StaffApi, staffApi } from './support/staff-api.ts';

/**
 * The client picker of the document editor with more clients than one page of the client list: client number 150
 * (the 150th newest of 160) is found by typing part of its name, the invoice saved for it shows it again when
 * reopened, also once issued (the client then fixed); and a client is chosen with the keyboard alone, the list
 * paging on past its last option.
 */
const CLIENTS = 160;
let t: BrowserApp;
let staff: TestBrowser;
let staffErrors: string[];
let callApi: StaffApi;

const nameOf = (n: number) => `Pilot Customer ${n}`;
const clientList = (page: Page) => page.getByRole('listbox', { name: 'Clients', includeHidden: true });

beforeAll(async () => {
  t = await startBrowserApp();
  callApi = await staffApi(t, 'client picker test');
  // Client n is the nth newest: each is created a second before the previous one.
  const now = t.clock.now().getTime();
  for (let n = 1; n <= CLIENTS; n++) {
    t.clock.set(new Date(now - n * 1000).toISOString());
    await createClient(t.deps, {
      name: nameOf(n),
      company: `Pilot Works ${n}`,
      email: `pilot${n}@example.com`,
      currency: n === 150 ? 'EUR' : null,
    });
  }
  t.clock.set(new Date(now).toISOString());
  staff = await launchBrowser();
  staffErrors = collectPageErrors(staff.page);
  await logIn(staff.page, t.baseUrl, ADMIN);
}, 180_000);

afterAll(async () => {
  await staff?.close();
  await t?.close();
});

describe('client picker in a browser', () => {
  let invoiceId = '';

  it('finds client 150 by part of its name, saves an invoice for it and shows it again', async () => {
    const firstPage = await callApi('GET', '/clients?limit=100');
    expect(firstPage.items.map((c: { name: string }) => c.name)).not.toContain(nameOf(150));

    const { page } = staff;
    await page.goto(`${t.baseUrl}/app/invoices/new`);
    await page.getByRole('heading', { name: 'New invoice' }).waitFor();
    const picker = page.getByRole('combobox', { name: 'Client', exact: true });
    expect(await picker.inputValue()).toBe('');
    await picker.fill('customer 150');
    const option = clientList(page).getByRole('option', { name: /Pilot Customer 150 \(Pilot Works 150\)/ });
    await option.waitFor();
    expect(await clientList(page).getByRole('option').count()).toBe(1);
    await expectAccessible(page, 'invoice editor with the client list open');
    await option.click();
    expect(await picker.inputValue()).toBe('Pilot Customer 150 (Pilot Works 150)');
    // Choosing the client bills in its currency, as the select did.
    expect(await page.getByLabel('Currency').inputValue()).toBe('EUR');

    await page.getByLabel('Line 1 description').fill('Flight hours');
    await page.getByLabel('Line 1 unit price').fill('120');
    await page.getByRole('button', { name: 'Save draft invoice' }).click();
    await toast(page, 'Draft invoice saved');
    await page.waitForURL(/\/app\/invoices\/[0-9a-f-]{36}$/);
    invoiceId = page.url().split('/').pop()!;
    const saved = await callApi('GET', `/invoices/${invoiceId}`);
    expect(saved.client.name).toBe(nameOf(150));
    expect(saved.currency).toBe('EUR');

    await page.goto(`${t.baseUrl}/app/invoices/${invoiceId}/edit`);
    await page.getByRole('heading', { name: /^Edit/ }).waitFor();
    await expect.poll(() => picker.inputValue()).toBe('Pilot Customer 150 (Pilot Works 150)');

    // Issued, the client is fixed and still shown by name.
    await callApi('POST', `/invoices/${invoiceId}/mark-sent`);
    await page.goto(`${t.baseUrl}/app/invoices/${invoiceId}/edit`);
    await page.getByRole('button', { name: 'Save revision' }).waitFor();
    expect(await picker.inputValue()).toBe('Pilot Customer 150 (Pilot Works 150)');
    expect(await picker.isDisabled()).toBe(true);
  }, 60_000);

  it('chooses a client with the keyboard alone', async () => {
    const { page } = staff;
    await page.goto(`${t.baseUrl}/app/invoices/new`);
    await page.getByRole('heading', { name: 'New invoice' }).waitFor();
    const picker = page.getByRole('combobox', { name: 'Client', exact: true });
    await picker.focus();

    // Down with nothing typed lists the newest clients; Escape closes the list.
    await page.keyboard.press('ArrowDown');
    await clientList(page)
      .getByRole('option', { name: /Pilot Customer 1 \(/ })
      .waitFor();
    expect(await picker.getAttribute('aria-expanded')).toBe('true');
    // Past the last option the next page of the list follows.
    const options = clientList(page).getByRole('option');
    expect(await options.count()).toBe(10);
    for (let presses = 0; presses < 11; presses++) await page.keyboard.press('ArrowDown');
    await expect.poll(() => options.count()).toBe(20);
    await expect.poll(() => options.nth(10).getAttribute('aria-selected')).toBe('true');
    expect(await options.nth(10).textContent()).toContain('Pilot Customer 11 (');
    await page.keyboard.press('Escape');
    await expect.poll(() => picker.getAttribute('aria-expanded')).toBe('false');

    // A search by email; the arrows move the highlight, Enter picks it.
    await page.keyboard.type('pilot12');
    const first = clientList(page).getByRole('option').first();
    await first.waitFor();
    const names = await clientList(page).getByRole('option').allTextContents();
    expect(names.length).toBeGreaterThan(1);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const second = clientList(page).getByRole('option').nth(1);
    await expect.poll(() => second.getAttribute('aria-selected')).toBe('true');
    expect(await picker.getAttribute('aria-activedescendant')).toBe(await second.getAttribute('id'));
    const chosen = (await second.locator('.combobox-name').textContent())!;
    await page.keyboard.press('Enter');
    expect(await picker.inputValue()).toBe(chosen);
    expect(await picker.getAttribute('aria-expanded')).toBe('false');

    // What is typed without picking gives way to the chosen client again on Escape.
    await page.keyboard.type(' and more');
    await page.getByText(/^No active client matches/).waitFor();
    expect(await picker.getAttribute('aria-expanded')).toBe('false');
    await page.keyboard.press('Escape');
    await expect.poll(() => picker.inputValue()).toBe(chosen);
    await page.getByText(/^No active client matches/).waitFor({ state: 'detached' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await picker.getAttribute('aria-expanded')).toBe('false');
    expect(staffErrors).toEqual([]);
  }, 60_000);
});
