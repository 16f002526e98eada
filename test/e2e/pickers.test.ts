import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
 * Pickers instead of free text, in a real Chromium running in Tokyo: the business details start with the browser's
 * time zone filled in while the organisation is being set up (the setup checklist says so too), and offer it in one
 * click while it is still on UTC; currencies and countries are picked by name, payment terms by name or a custom
 * number of days, and what the API saves is the codes.
 */
let t: BrowserApp;
let staff: TestBrowser;
let staffErrors: string[];
let callApi: StaffApi;

beforeAll(async () => {
  t = await startBrowserApp();
  callApi = await staffApi(t, 'pickers test');
  staff = await launchBrowser(undefined, { timezoneId: 'Asia/Tokyo' });
  staffErrors = collectPageErrors(staff.page);
  await logIn(staff.page, t.baseUrl, ADMIN);
}, 180_000);

afterAll(async () => {
  await staff?.close();
  await t?.close();
});

describe('pickers in a browser', () => {
  it("fills in the browser's time zone while the organisation is being set up", async () => {
    const { page } = staff;
    expect((await callApi('GET', '/settings')).timeZone).toBe('UTC');
    const checklist = page.getByRole('region', { name: 'Get set up' });
    await checklist.getByText('The time zone is filled in from this browser: Asia/Tokyo.').waitFor();

    await page.goto(`${t.baseUrl}/app/settings/business`);
    const timeZone = page.getByLabel('Time zone');
    await timeZone.waitFor();
    expect(await timeZone.inputValue()).toBe('Asia/Tokyo');
    await page.getByText('Filled in from this browser’s time zone (Asia/Tokyo)').waitFor();
    const suggestions = await page
      .locator(`datalist#${await timeZone.getAttribute('list')} option`)
      .evaluateAll((options) => options.map((option) => option.getAttribute('value') ?? ''));
    expect(suggestions[0]).toBe('Asia/Tokyo');
    expect(suggestions).toContain('Europe/Paris');
    await expectAccessible(page, 'business settings with the time zone filled in');
    await page.getByLabel('Business name').fill('Sakura Design');
    await page.getByLabel('Email', { exact: true }).fill('hello@sakura.example');
    await page.getByLabel('City').fill('Tokyo');
    await page.getByRole('button', { name: 'Save business details' }).click();
    await toast(page, 'Settings saved');
    expect(await callApi('GET', '/settings')).toMatchObject({
      timeZone: 'Asia/Tokyo',
      businessName: 'Sakura Design',
    });
    await page.reload();
    await page.getByLabel('Time zone').waitFor();
    expect(await page.getByText('Filled in from this browser’s time zone').count()).toBe(0);
    expect(await page.getByRole('button', { name: /Use my time zone/ }).count()).toBe(0);
  });

  it('offers the browser time zone in one click once the business details were saved on UTC', async () => {
    const { page } = staff;
    await callApi('PATCH', '/settings', { timeZone: 'UTC' });
    await page.goto(`${t.baseUrl}/app/settings/business`);
    const timeZone = page.getByLabel('Time zone');
    await timeZone.waitFor();
    expect(await timeZone.inputValue()).toBe('UTC');
    await page.getByRole('button', { name: 'Use my time zone (Asia/Tokyo)' }).click();
    expect(await timeZone.inputValue()).toBe('Asia/Tokyo');
    await page.getByRole('button', { name: 'Save business details' }).click();
    await toast(page, 'Settings saved');
    expect((await callApi('GET', '/settings')).timeZone).toBe('Asia/Tokyo');
  });

  it('sets the invoicing defaults by name', async () => {
    const { page } = staff;
    await page.goto(`${t.baseUrl}/app/settings/invoicing`);
    await page.getByLabel('Default currency').selectOption({ label: 'Japanese Yen (JPY)' });
    await page.getByLabel('Locale').selectOption({ label: 'English (United Kingdom) — en-GB' });
    const terms = page.getByLabel('Default payment terms');
    await terms.selectOption({ label: 'Custom number of days' });
    await page.getByLabel('Days after the invoice date').fill('90');
    await expectAccessible(page, 'invoicing settings with pickers');
    await page.getByRole('button', { name: 'Save invoicing settings' }).click();
    await toast(page, 'Settings saved');

    const saved = await callApi('GET', '/settings');
    expect(saved).toMatchObject({ defaultCurrency: 'JPY', locale: 'en-GB', defaultPaymentTerms: 'net_90' });
    await page.reload();
    await page.getByLabel('Days after the invoice date').waitFor();
    expect(await page.getByLabel('Days after the invoice date').inputValue()).toBe('90');
  });

  it("picks the business address's country by name", async () => {
    const { page } = staff;
    await page.goto(`${t.baseUrl}/app/settings/business`);
    await page.getByLabel('Country', { exact: true }).selectOption({ label: 'Germany' });
    await page.getByRole('button', { name: 'Save business details' }).click();
    await toast(page, 'Settings saved');
    const saved = await callApi('GET', '/settings');
    expect(saved.address).toMatchObject({ country: 'Germany', countryCode: 'DE' });
  });

  it('creates a client with a currency and a country picked by name', async () => {
    const { page } = staff;
    await page.goto(`${t.baseUrl}/app/clients/new`);
    await page.getByRole('heading', { name: 'New client' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Brasserie Lumière');
    const currency = page.getByLabel('Currency', { exact: true });
    expect(await currency.inputValue()).toBe('');
    await currency.selectOption({ label: 'Euro (EUR)' });
    await page.getByLabel('Country', { exact: true }).first().selectOption({ label: 'Belgium' });
    await expectAccessible(page, 'client form with pickers');
    await page.getByRole('button', { name: 'Create client' }).click();
    await toast(page, 'Client created');
    const { items } = await callApi('GET', '/clients?limit=10');
    const client = items.find((c: { name: string }) => c.name === 'Brasserie Lumière');
    expect(client).toMatchObject({ currency: 'EUR' });
    const full = await callApi('GET', `/clients/${client.id}`);
    expect(full.address).toMatchObject({ country: 'Belgium', countryCode: 'BE' });
    expect(staffErrors).toEqual([]);
  });

  it('writes an invoice with the default custom terms, changed to another number of days', async () => {
    const { page } = staff;
    const { items } = await callApi('GET', '/clients?limit=10');
    const client = items.find((c: { name: string }) => c.name === 'Brasserie Lumière');
    await page.goto(`${t.baseUrl}/app/invoices/new?clientId=${client.id}`);
    await page.getByRole('heading', { name: 'New invoice' }).waitFor();
    await expect.poll(() => page.getByLabel('Currency', { exact: true }).inputValue()).toBe('EUR');
    const days = page.getByLabel('Days after the invoice date');
    expect(await days.inputValue()).toBe('90');
    await days.fill('21');
    const issueDate = await page.getByLabel('Issue date').inputValue();
    const due = new Date(`${issueDate}T00:00:00Z`);
    due.setUTCDate(due.getUTCDate() + 21);
    await page.getByLabel('Line 1 description').fill('Menu design');
    await page.getByLabel('Line 1 unit price').fill('300');
    await page.getByRole('button', { name: 'Save draft invoice' }).click();
    await page.getByRole('heading', { name: /Draft invoice/ }).waitFor();
    const id = page.url().split('/').at(-1);
    const invoice = await callApi('GET', `/invoices/${id}`);
    expect(invoice).toMatchObject({
      currency: 'EUR',
      paymentTerms: 'net_21',
      dueDate: due.toISOString().slice(0, 10),
    });
    expect(staffErrors).toEqual([]);
  });
});
