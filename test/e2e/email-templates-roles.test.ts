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
import { expectAccessible, logIn, screenshot, toast } from './support/checks.ts';

/**
 * The email templates page in a real Chromium for the receipt and portal kinds and for staff who are not admins
 * (issue 18): an admin picks the German portal sign-in email, sees its placeholders, what stays fixed and a live
 * preview with the link button, and saves it; a finance user reads the saved text but gets no save, reset or
 * preview controls, and the page says why.
 */
let t: BrowserApp;
let admin: TestBrowser;
let finance: TestBrowser;
let adminErrors: string[];
let financeErrors: string[];

const SUBJECT = 'Ihr Zugang zu {{business.name}}';
const BODY = 'Guten Tag {{contact.name}}, Ihr Link gilt bis {{link_expiry}}.';

beforeAll(async () => {
  t = await startBrowserApp();
  admin = await launchBrowser();
  adminErrors = collectPageErrors(admin.page);
  await logIn(admin.page, t.baseUrl, ADMIN);
  finance = await launchBrowser();
  financeErrors = collectPageErrors(finance.page);
  await logIn(finance.page, t.baseUrl, FINANCE);
}, 180_000);

afterAll(async () => {
  await admin?.close();
  await finance?.close();
  await t?.close();
});

async function openGermanSignInTemplate(browser: TestBrowser) {
  const { page } = browser;
  await page.goto(`${t.baseUrl}/app/settings/email-templates`);
  const section = page.getByRole('region', { name: 'Email templates' });
  await section.getByLabel('Email', { exact: true }).selectOption('portal_sign_in');
  await section.getByLabel('Language').selectOption('de');
  const subject = section.getByLabel('Subject');
  await expect
    .poll(() => subject.getAttribute('placeholder'))
    .toBe('Ihr Anmeldelink für das Kundenportal von {{business.name}}');
  return { page, section, subject, body: section.getByLabel('Message') };
}

describe('the email templates page for receipts, portal emails and non-admin staff', () => {
  it('lists the new kinds, previews a portal email with its fixed link and saves it', async () => {
    const { page, section, subject, body } = await openGermanSignInTemplate(admin);
    const kinds = await section.getByLabel('Email', { exact: true }).locator('option').allTextContents();
    expect(kinds).toEqual(
      expect.arrayContaining([
        'Payment receipt',
        'Portal invitation',
        'Portal sign-in link',
        'Portal password reset',
      ]),
    );
    await section.getByText('{{link_expiry}}', { exact: true }).waitFor();
    await section.getByText(/The sign-in button with its link/).waitFor();

    await subject.fill(SUBJECT);
    await body.fill(BODY);
    const preview = section.getByRole('region', { name: 'Email preview' });
    await preview.getByText('Ihr Zugang zu', { exact: false }).waitFor();
    const frame = section.frameLocator('iframe[title="Email preview"]');
    await frame.getByText(/^Guten Tag Ada, Ihr Link gilt bis .+\.$/).waitFor();
    expect(await frame.getByRole('link', { name: 'Anmelden' }).getAttribute('href')).toBe(
      'https://example.com/portal/sign-in#token=example',
    );
    await section.getByRole('button', { name: 'Save template' }).click();
    await toast(page, 'Email template saved');
    await expectAccessible(page, 'email templates page, portal sign-in email');

    await section.getByLabel('Email', { exact: true }).selectOption('receipt');
    await section.getByText('{{payment.amount}}', { exact: true }).waitFor();
    expect(adminErrors).toEqual([]);
  }, 120_000);

  it('shows a finance user the saved template read-only, without save, reset or preview', async () => {
    const { page, section, subject, body } = await openGermanSignInTemplate(finance);
    await expect.poll(() => subject.inputValue()).toBe(SUBJECT);
    expect(await body.inputValue()).toBe(BODY);
    expect(await subject.getAttribute('readonly')).not.toBeNull();
    expect(await body.getAttribute('readonly')).not.toBeNull();
    await page.getByText('Only admins can change settings. You can read them here.').waitFor();
    expect(await section.getByRole('button', { name: 'Save template' }).count()).toBe(0);
    expect(await section.getByRole('button', { name: 'Reset to standard' }).count()).toBe(0);
    expect(await section.getByRole('region', { name: 'Email preview' }).count()).toBe(0);
    await screenshot(page, 'email-templates-read-only');
    await expectAccessible(page, 'email templates page for a finance user');
    expect(financeErrors).toEqual([]);
  }, 120_000);
});
