import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayIn } from '../../src/domain/dates.ts';
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
 * Portal branding in a real Chromium: staff set the accent colour, footer and logo on the settings page; the
 * portal's sign-in page (before anyone signs in) and an invoice opened from its link show the logo, the business
 * name, the footer and the accent, with the button text in the colour that contrasts with it.
 */
let t: BrowserApp;
let staff: TestBrowser;
let client: TestBrowser;
let callApi: StaffApi;
let invoiceUrl = '';
const ACCENT = '#ffcc00';
const FOOTER = 'Lighthouse Design Ltd · Registered in Cornwall no. 1234';

beforeAll(async () => {
  t = await startBrowserApp();
  callApi = await staffApi(t, 'portal branding test');
  await callApi('PATCH', '/settings', { businessName: 'Lighthouse Design' });
  const customer = await callApi('POST', '/clients', {
    name: 'Quayside Cafe',
    currency: 'EUR',
    contacts: [{ name: 'Mia Holt', email: 'mia@quayside.example' }],
  });
  const draft = await callApi('POST', '/invoices', {
    clientId: customer.id,
    currency: 'EUR',
    issueDate: todayIn('UTC', t.clock.now()),
    taxes: [],
    lines: [{ description: 'Menu design', quantity: '1', unitPrice: '480.00' }],
  });
  await callApi('POST', `/invoices/${draft.id}/mark-sent`);
  ({ url: invoiceUrl } = await callApi('POST', `/invoices/${draft.id}/portal-link`, {
    contactId: customer.contacts[0].id,
  }));
  staff = await launchBrowser();
  await logIn(staff.page, t.baseUrl, ADMIN);
  client = await launchBrowser({ width: 390, height: 844 });
}, 180_000);

afterAll(async () => {
  await client?.close();
  await staff?.close();
  await t?.close();
});

async function brandColours(page: TestBrowser['page']) {
  return page.evaluate(`(() => {
    const style = getComputedStyle(document.querySelector('.portal'));
    return {
      accent: style.getPropertyValue('--portal-accent').trim(),
      onAccent: style.getPropertyValue('--portal-on-accent').trim(),
    };
  })()`);
}

describe('portal branding', () => {
  it('staff set the accent colour, footer and logo on the settings page', async () => {
    const { page } = staff;
    const errors = collectPageErrors(page);
    await page.goto(`${t.baseUrl}/app/settings`);
    await page.getByLabel('Accent colour').fill(ACCENT);
    await page.getByLabel('Footer').fill(FOOTER);
    await page.getByRole('button', { name: 'Save business details' }).click();
    await toast(page, 'saved');
    await page.locator('input[type="file"]').setInputFiles({
      name: 'logo.png',
      mimeType: 'image/png',
      buffer: makePng(40, 20, () => [0, 90, 160]),
    });
    await toast(page, 'Logo uploaded');
    expect(errors).toEqual([]);
  });

  it('the sign-in page shows the logo, name, colours and footer before anyone signs in', async () => {
    const { page } = client;
    const errors = collectPageErrors(page);
    await page.goto(`${t.baseUrl}/portal/login`);
    const bar = page.locator('.portal-bar');
    await bar.getByText('Lighthouse Design').waitFor();
    await expect
      .poll(() => page.evaluate("document.querySelector('.portal-bar img.portal-logo')?.naturalWidth"))
      .toBe(40);
    await page.getByText(FOOTER).waitFor();
    await page.getByText('Sign in with the email address Lighthouse Design sends invoices to.').waitFor();
    expect(await page.getByText('your supplier').count()).toBe(0);
    expect(await brandColours(page)).toEqual({ accent: ACCENT, onAccent: '#111111' });
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    const button = await page.evaluate(
      `getComputedStyle(document.querySelector('.auth-card button[type="submit"]')).color`,
    );
    expect(button).toBe('rgb(17, 17, 17)');
    await screenshot(page, 'portal-branding-01-sign-in');
    await expectAccessible(page, 'branded portal sign-in');
    expect(errors).toEqual([]);
  });

  it('an invoice opened from its link shows the same branding', async () => {
    const { page } = client;
    const errors = collectPageErrors(page);
    await page.goto(invoiceUrl);
    await page
      .getByRole('heading', { name: /^Invoice / })
      .first()
      .waitFor();
    await page.locator('.portal-bar').getByText('Lighthouse Design').waitFor();
    await expect.poll(() => page.locator('.portal-bar img.portal-logo').count()).toBe(1);
    await page.locator('.portal-footer').getByText(FOOTER).waitFor();
    expect(await brandColours(page)).toEqual({ accent: ACCENT, onAccent: '#111111' });
    await screenshot(page, 'portal-branding-02-invoice');
    await expectAccessible(page, 'branded portal invoice');
    expect(errors).toEqual([]);
  });
});
