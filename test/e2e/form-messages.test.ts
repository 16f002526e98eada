import type { Locator, Page } from 'playwright-core';
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
import { expectAccessible, logIn, screenshot } from './support/checks.ts';

/**
 * Forms that speak human, in a real Chromium: a bad unit price on line 2 of the invoice editor is named in words next
 * to that input (while typing, from the totals engine, and after saving, from the server), the totals still add up
 * the valid line; a settings form shows the server's refusal next to its field. No machine path or validation
 * library wording reaches the page.
 */
let t: BrowserApp;
let staff: TestBrowser;
let staffErrors: string[];
let clientId: string;

beforeAll(async () => {
  t = await startBrowserApp();
  clientId = (await createClient(t.deps, { name: 'Plain Words Ltd', currency: 'USD' })).id;
  staff = await launchBrowser();
  staffErrors = collectPageErrors(staff.page);
  await logIn(staff.page, t.baseUrl, ADMIN);
}, 180_000);

afterAll(async () => {
  await staff?.close();
  await t?.close();
});

/** The error message shown for an input (the last element its aria-describedby names). */
async function errorOf(page: Page, input: Locator): Promise<string> {
  await expect.poll(() => input.getAttribute('aria-invalid')).toBe('true');
  const describedBy = (await input.getAttribute('aria-describedby')) ?? '';
  return (await page.locator(`[id="${describedBy.split(' ').at(-1)}"]`).textContent()) ?? '';
}

/** What no person should read on a form. */
async function expectNoMachineWording(page: Page) {
  const text = (await page.locator('main').textContent()) ?? '';
  expect(text).not.toMatch(/lines\.\d|expected|too (small|big)|invalid input|uuid/i);
}

describe('forms that speak human', () => {
  it('names a bad unit price on line 2 next to its input, and totals the valid line meanwhile', async () => {
    const { page } = staff;
    await page.goto(`${t.baseUrl}/app/invoices/new?clientId=${clientId}`);
    await page.getByRole('heading', { name: 'New invoice' }).waitFor();
    await page.getByLabel('Line 1 description').fill('Design');
    await page.getByLabel('Line 1 quantity').fill('2');
    await page.getByLabel('Line 1 unit price').fill('100');
    await expect.poll(() => page.getByTestId('total-total').textContent()).toBe('$200.00');

    await page.getByRole('button', { name: '+ Add line' }).click();
    await page.getByLabel('Line 2 description').fill('Build');
    const price = page.getByLabel('Line 2 unit price');
    await price.fill('12,50');
    // While typing: the totals engine refuses the figure, the line is left out and the other still adds up.
    expect(await errorOf(page, price)).toMatch(
      /^Unit price on line 2 must be a decimal number such as "12\.50"$/,
    );
    expect(await page.getByTestId('total-total').textContent()).toBe('$200.00');
    expect(await page.getByLabel('Line 1 amount').textContent()).toBe('$200.00');
    expect(await page.getByLabel('Line 2 amount').textContent()).toBe('—');
    expect(await page.getByTestId('totals-left-out').textContent()).toBe(
      'Leaves out line 2 until the marked figures are valid.',
    );
    expect(await page.getByLabel('Line 1 unit price').getAttribute('aria-invalid')).toBeNull();
    await screenshot(page, 'form-messages-live');

    // Saved anyway: the server's message, in the same words, sits next to the same input.
    await page.getByRole('button', { name: 'Save draft invoice' }).click();
    await page.getByText('Please correct the highlighted fields.').waitFor();
    expect(await errorOf(page, price)).toMatch(
      /^Unit price on line 2 must be a decimal number such as "12\.50"$/,
    );
    await expectNoMachineWording(page);
    await expectAccessible(page, 'invoice editor with a field error');

    await price.fill('12.50');
    await expect.poll(() => page.getByTestId('total-total').textContent()).toBe('$212.50');
    expect(await page.getByTestId('totals-left-out').count()).toBe(0);
    expect(await price.getAttribute('aria-invalid')).toBeNull();
    await page.getByRole('button', { name: 'Save draft invoice' }).click();
    await page.getByRole('heading', { name: /Draft invoice/ }).waitFor();
  }, 120_000);

  it("checks the client form in the browser with the API's rules, and places the server's refusal too", async () => {
    const { page } = staff;
    const posts: string[] = [];
    const countPost = (request: { method(): string; url(): string }) => {
      if (request.method() === 'POST' && request.url().endsWith('/api/v1/clients')) posts.push(request.url());
    };
    page.on('request', countPost);
    await page.goto(`${t.baseUrl}/app/clients/new`);
    await page.getByRole('heading', { name: 'New client' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Checked Early Ltd');
    const email = page.getByLabel('Billing email');
    await email.fill('accounts at example.com');
    await page.getByRole('button', { name: '+ Add contact' }).click();
    await page.getByRole('button', { name: 'Create client' }).click();
    // Named as the API names it, before any request is sent.
    expect(await errorOf(page, email)).toBe('Email must be an email address like name@example.com');
    const contactName = page.getByLabel('Contact name');
    expect(await errorOf(page, contactName)).toBe('Name of contact 1 must not be empty');
    expect(posts).toEqual([]);
    await expectNoMachineWording(page);
    await screenshot(page, 'form-messages-client-browser');

    // What only the server knows (a name of spaces is no name) lands next to the same kind of input.
    await email.fill('accounts@example.com');
    await contactName.fill('Ana');
    const name = page.getByLabel('Name', { exact: true });
    await name.fill('   ');
    await page.getByRole('button', { name: 'Create client' }).click();
    expect(await errorOf(page, name)).toBe('A client needs a name');
    expect(posts).toHaveLength(1);
    expect(await email.getAttribute('aria-invalid')).toBeNull();
    await expectNoMachineWording(page);

    await name.fill('Checked Early Ltd');
    await page.getByRole('button', { name: 'Create client' }).click();
    await page.getByRole('heading', { name: 'Checked Early Ltd' }).waitFor();
    page.off('request', countPost);
  }, 60_000);

  it('names a unit price the server would refuse on the item form before saving', async () => {
    const { page } = staff;
    await page.goto(`${t.baseUrl}/app/items/new`);
    await page.getByRole('heading', { name: 'New item' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Hosting');
    const price = page.getByLabel('Unit price', { exact: true });
    await price.fill('12,50');
    await page.getByRole('button', { name: 'Create item' }).click();
    expect(await errorOf(page, price)).toBe('Unit price must be a decimal number such as "12.50"');
    await price.fill('12.1234567');
    expect(await errorOf(page, price)).toBe('Unit price must have at most 6 decimal places');
    await price.fill('12.50');
    await expect.poll(() => price.getAttribute('aria-invalid')).toBeNull();
    await page.getByRole('button', { name: 'Create item' }).click();
    await page.getByRole('heading', { name: 'Items' }).waitFor();
  }, 60_000);

  it('shows a settings refusal next to its field in words', async () => {
    const { page } = staff;
    await page.goto(`${t.baseUrl}/app/settings/business`);
    const name = page.getByLabel('Business name');
    await name.fill('B'.repeat(201));
    await page.getByRole('button', { name: 'Save business details' }).click();
    expect(await errorOf(page, name)).toBe('Business name must be at most 200 characters long');
    // Next to its input only: the form does not list it again with the fields it has no input for.
    expect(await page.getByText('Business name must be at most 200 characters long').count()).toBe(1);
    await expectNoMachineWording(page);
    await screenshot(page, 'form-messages-settings');
    expect(staffErrors).toEqual([]);
  }, 60_000);
});
