import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInvoiceLink } from '../../src/services/portal/create-invoice-link.ts';
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
import { type StaffApi, staffApi } from './support/staff-api.ts';

/**
 * A lost session or CSRF token is never a dead end, in a real Chromium: staff whose session is signed out elsewhere
 * mid-edit sign in again over the editor and their edit is saved as typed; a page whose CSRF token is gone fetches
 * it again and the write goes through; a client whose portal session ended is told so and offered a way back in.
 */
let t: BrowserApp;
let staff: TestBrowser;
let staffErrors: string[];
let callApi: StaffApi;
let clientId: string;
let contactId: string;

beforeAll(async () => {
  t = await startBrowserApp();
  callApi = await staffApi(t, 'session recovery setup');
  const client = await callApi('POST', '/clients', {
    name: 'Kestrel Works',
    contacts: [{ name: 'Kai Kestrel', email: 'kai@kestrel.example' }],
  });
  clientId = client.id;
  contactId = client.contacts[0].id;
  staff = await launchBrowser();
  staffErrors = collectPageErrors(staff.page);
  await logIn(staff.page, t.baseUrl, ADMIN);
}, 180_000);

afterAll(async () => {
  await staff?.close();
  await t?.close();
});

async function draftInvoice(description: string): Promise<string> {
  const draft = await callApi('POST', '/invoices', {
    clientId,
    lines: [{ description, quantity: '1', unitPrice: '80.00' }],
  });
  return draft.id;
}

async function openEditor(page: Page, invoiceId: string) {
  await page.goto(`${t.baseUrl}/app/invoices/${invoiceId}/edit`);
  await page.getByLabel('Line 1 description').waitFor();
}

/**
 * Types the first line's description and waits for the item suggestions that typing asks for: a search still on its
 * way when the session ends would be refused and open the sign-in prompt before the save does.
 */
async function typeDescription(page: Page, text: string) {
  const searched = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/v1/items');
  await page.getByLabel('Line 1 description').fill(text);
  await searched;
}

/** Signed out elsewhere (another tab, an admin ending the session): the server no longer knows this cookie. */
async function signOutElsewhere() {
  const cookie = (await staff.context.cookies()).find((c) => c.name === 'remit_session')!;
  const loggedOut = await fetch(`${t.baseUrl}/api/v1/auth/logout`, {
    method: 'POST',
    headers: { cookie: `remit_session=${cookie.value}` },
  });
  expect(loggedOut.status).toBe(204);
}

async function savedDescription(invoiceId: string): Promise<string> {
  return (await callApi('GET', `/invoices/${invoiceId}`)).lines[0].description;
}

describe('staff session lost while editing', () => {
  it('asks to sign in again over the editor, then saves what was typed', async () => {
    const { page } = staff;
    const invoiceId = await draftInvoice('Survey');
    await openEditor(page, invoiceId);
    await typeDescription(page, 'Survey of the north wing');

    await signOutElsewhere();

    await page.getByRole('button', { name: 'Save draft' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign in again' });
    await dialog.waitFor();
    await screenshot(page, 'session-sign-in-again');
    await expectAccessible(page, 'sign in again prompt');
    // The editor is still there underneath, with what was typed.
    expect(await savedDescription(invoiceId)).toBe('Survey');
    await dialog.getByLabel('Email').fill(ADMIN.email);
    await dialog.getByLabel('Password').fill(ADMIN.password);
    await dialog.getByRole('button', { name: 'Sign in and continue' }).click();

    await toast(page, 'Invoice saved');
    await page.waitForURL(`${t.baseUrl}/app/invoices/${invoiceId}`);
    expect(await savedDescription(invoiceId)).toBe('Survey of the north wing');
    expect(await dialog.isVisible()).toBe(false);
  });

  it('saves nothing when someone else signs in at the prompt: the edit was not theirs', async () => {
    const { page } = staff;
    const invoiceId = await draftInvoice('Audit');
    await openEditor(page, invoiceId);
    await typeDescription(page, 'Audit of the accounts');
    await signOutElsewhere();

    await page.getByRole('button', { name: 'Save draft' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign in again' });
    await dialog.getByLabel('Email').fill(FINANCE.email);
    await dialog.getByLabel('Password').fill(FINANCE.password);
    await dialog.getByRole('button', { name: 'Sign in and continue' }).click();

    await page.waitForURL(`${t.baseUrl}/app`);
    expect(await savedDescription(invoiceId)).toBe('Audit');
    // Back as the admin for the tests that follow.
    await signOutElsewhere();
    await logIn(page, t.baseUrl, ADMIN);
  });

  it('keeps the form and says to sign in again when the prompt is closed', async () => {
    const { page } = staff;
    const invoiceId = await draftInvoice('Repairs');
    await openEditor(page, invoiceId);
    await typeDescription(page, 'Repairs to the roof');
    await signOutElsewhere();

    await page.getByRole('button', { name: 'Save draft' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign in again' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.getByText('Sign in again to save: your session has ended.').waitFor();
    expect(await page.getByLabel('Line 1 description').inputValue()).toBe('Repairs to the roof');
    expect(await savedDescription(invoiceId)).toBe('Repairs');

    // Saving again brings the prompt back; signing in saves.
    await page.getByRole('button', { name: 'Save draft' }).click();
    await dialog.getByLabel('Email').fill(ADMIN.email);
    await dialog.getByLabel('Password').fill(ADMIN.password);
    await dialog.getByRole('button', { name: 'Sign in and continue' }).click();
    await toast(page, 'Invoice saved');
    expect(await savedDescription(invoiceId)).toBe('Repairs to the roof');
  });

  it('opened again after the session ended, says so and logs in to the same page', async () => {
    const { page } = staff;
    const invoiceId = await draftInvoice('Glazing');
    await openEditor(page, invoiceId);
    await signOutElsewhere();
    await page.reload();
    await page.getByText('Your session has ended. Log in again to carry on where you were.').waitFor();
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByLabel('Line 1 description').waitFor();
    expect(page.url()).toBe(`${t.baseUrl}/app/invoices/${invoiceId}/edit`);
  });
});

describe('CSRF token lost in the browser', () => {
  it('fetches the token again and the write goes through, whether it is missing or stale', async () => {
    const { page } = staff;
    for (const [what, token] of [
      ['removed', null],
      ['stale', 'token-from-an-older-session'],
    ] as const) {
      const invoiceId = await draftInvoice('Cleaning');
      await openEditor(page, invoiceId);
      // Run in the page (a string: the test's own compile has no DOM types).
      await page.evaluate(
        token ? `localStorage.setItem('remit.csrf', '${token}')` : `localStorage.removeItem('remit.csrf')`,
      );
      await page.getByLabel('Line 1 description').fill(`Cleaning (token ${what})`);
      await page.getByRole('button', { name: 'Save draft' }).click();
      await toast(page, 'Invoice saved');
      expect(await savedDescription(invoiceId)).toBe(`Cleaning (token ${what})`);
      expect(await page.evaluate(`localStorage.getItem('remit.csrf')`)).toMatch(/.{20,}/);
    }
    expect(await page.getByRole('dialog', { name: 'Sign in again' }).isVisible()).toBe(false);
    expect(staffErrors).toEqual([]);
  });
});

describe('portal session ended', () => {
  it('says the session ended and offers a way back in; the expired link offers a fresh one', async () => {
    const invoiceId = await draftInvoice('Inspection');
    await callApi('POST', `/invoices/${invoiceId}/mark-sent`);
    const link = await t.database.db
      .transaction()
      .execute((trx) => createInvoiceLink(trx, { invoiceId, contactId, now: t.clock.now() }));
    const client = await launchBrowser();
    try {
      const { page } = client;
      await page.goto(`${t.baseUrl}/portal/link/${link.token}`);
      await page.waitForURL(`${t.baseUrl}/portal/invoices/${invoiceId}`);
      await page.getByText('Inspection').first().waitFor();

      // A year later, on the server's clock, the link and its session are long over; the browser kept its cookie.
      t.clock.set(new Date(t.clock.now().getTime() + 400 * 24 * 3600 * 1000).toISOString());
      await page.reload();
      await page.getByText('Your session has ended').waitFor();
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      await page.getByRole('button', { name: 'Email me a sign-in link' }).waitFor();
      await screenshot(page, 'portal-session-ended');
      await expectAccessible(page, 'portal session ended');

      await page.goto(`${t.baseUrl}/portal/link/${link.token}`);
      await page.getByRole('heading', { name: 'This link is no longer valid' }).waitFor();
      await page.getByRole('button', { name: 'Email me a fresh link' }).click();
      await page.getByText('a fresh one is on its way').waitFor();
    } finally {
      await client.close();
      t.clock.set(new Date().toISOString());
    }
  });
});
