import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  type BrowserApp,
  collectPageErrors,
  launchBrowser,
  startBrowserApp,
  type TestBrowser,
} from './support/browser-app.ts';
import { logIn, toast } from './support/checks.ts';
import { type StaffApi, staffApi } from './support/staff-api.ts';

/**
 * The document editor with the keyboard alone: a draft invoice is written with keys only (no clicks, no fills):
 * a catalogue item chosen from the description's list, a line added, a line removed, a line moved, and the draft
 * saved. After each add, remove and move the focus lands where the next key is meant to go.
 */
let t: BrowserApp;
let browser: TestBrowser;
let callApi: StaffApi;
let errors: string[];
let clientId = '';

beforeAll(async () => {
  t = await startBrowserApp();
  callApi = await staffApi(t, 'keyboard editor test');
  await callApi('POST', '/items', { name: 'Brand workshop', unitPrice: '450.00', unit: 'DAY' });
  clientId = (await callApi('POST', '/clients', { name: 'Fjord Outfitters' })).id;
  browser = await launchBrowser();
  errors = collectPageErrors(browser.page);
  await logIn(browser.page, t.baseUrl, ADMIN);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** The accessible name of the focused element, as its label or aria-label gives it. */
function focusedName(page: Page): Promise<string> {
  return page.evaluate(`(() => {
    const element = document.activeElement;
    return element?.getAttribute('aria-label') ?? element?.labels?.[0]?.textContent ?? element?.textContent ?? '';
  })()`);
}

/** Presses Tab (or Shift+Tab) until the element named so has the focus. */
async function tabTo(page: Page, name: string, key = 'Tab'): Promise<void> {
  for (let presses = 0; presses < 80; presses++) {
    if ((await focusedName(page)).trim() === name) return;
    await page.keyboard.press(key);
  }
  throw new Error(`${name} never got the focus`);
}

async function typeOver(page: Page, text: string): Promise<void> {
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(text);
}

describe('the document editor with the keyboard alone', () => {
  it('writes, rearranges and saves a draft invoice', async () => {
    const { page } = browser;
    await page.goto(`${t.baseUrl}/app/invoices/new?clientId=${clientId}`);
    await page.getByRole('heading', { name: 'New invoice' }).waitFor();

    await tabTo(page, 'Line 1 description');
    await page.keyboard.type('Brand');
    const option = page.getByRole('option', { name: /Brand workshop/ });
    await option.waitFor();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => option.getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByLabel('Line 1 unit price').inputValue()).toBe('450.00');
    expect(await page.getByLabel('Line 1 description').inputValue()).toBe('Brand workshop');
    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe('Line 1 quantity');
    await typeOver(page, '2');

    await tabTo(page, '+ Add line');
    await page.keyboard.press('Enter');
    expect(await focusedName(page)).toBe('Line 2 description');
    await page.keyboard.type('Travel to the workshop');
    await tabTo(page, 'Line 2 unit price');
    await page.keyboard.type('80');

    await tabTo(page, '+ Add line');
    await page.keyboard.press('Enter');
    expect(await focusedName(page)).toBe('Line 3 description');
    await page.keyboard.type('Written by mistake');
    await tabTo(page, 'Remove line 3');
    await page.keyboard.press('Enter');
    // The last line gone: the focus goes to the line before it.
    expect(await focusedName(page)).toBe('Line 2 description');
    expect(await page.getByLabel('Line 3 description').count()).toBe(0);

    await tabTo(page, 'Move line 2 up');
    await page.keyboard.press('Enter');
    // At the top the up button is disabled: the focus stays on the moved line, on its other button.
    expect(await focusedName(page)).toBe('Move line 1 down');
    expect(await page.getByLabel('Line 1 description').inputValue()).toBe('Travel to the workshop');

    await tabTo(page, 'Save draft invoice');
    await page.keyboard.press('Enter');
    await toast(page, 'Draft invoice saved');
    const id = new URL(page.url()).pathname.split('/').at(-1);
    const saved = await callApi('GET', `/invoices/${id}`);
    expect(
      saved.lines.map((line: { description: string; quantity: string; unitPrice: string }) => [
        line.description,
        line.quantity,
        line.unitPrice,
      ]),
    ).toEqual([
      ['Travel to the workshop', '1', '80.00'],
      ['Brand workshop', '2', '450.00'],
    ]);
    expect(errors).toEqual([]);
  }, 120_000);
});
