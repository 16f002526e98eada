import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../src/cli/demo.ts';
import { todayIn } from '../../src/domain/dates.ts';
import { issueOneTimeToken } from '../../src/services/portal/one-time-token.ts';
import { INVITE_TTL_MS } from '../../src/services/portal/portal-context.ts';
import {
  ADMIN,
  type BrowserApp,
  collectPageErrors,
  launchBrowser,
  startBrowserApp,
  type TestBrowser,
} from './support/browser-app.ts';
import { type AxeViolation, logIn, seriousAxeViolations } from './support/checks.ts';
import { type StaffApi, staffApi } from './support/staff-api.ts';

/**
 * Every page of the staff app and of the client portal, with the demo data set and a few more records (an item, a
 * recurring profile, a draft credit note, a payment, a webhook endpoint), passes axe-core with no serious or
 * critical violation. One browser and one app for all of them; the findings of all pages are reported together.
 */
let t: BrowserApp;
let browser: TestBrowser;
let callApi: StaffApi;
let errors: string[];
const ids: Record<string, string> = {};
const PORTAL_PASSWORD = 'priya-portal-pass-1';

beforeAll(async () => {
  t = await startBrowserApp();
  callApi = await staffApi(t, 'accessibility test');
  await loadDemoData(t.deps);
  const clients = (await callApi('GET', '/clients?limit=10')).items;
  const acme = clients.find((c: { name: string }) => c.name === 'Acme Retail');
  ids.client = acme.id;
  const invoices = (await callApi('GET', '/invoices?limit=20')).items as { id: string; status: string }[];
  const acmeInvoices = (await callApi('GET', `/invoices?clientId=${acme.id}`)).items as typeof invoices;
  // The portal's contact is Acme's: its open invoice, paid in part below.
  ids.invoice = acmeInvoices.find((invoice) => invoice.status === 'sent')!.id;
  ids.draftInvoice = invoices.find((invoice) => invoice.status === 'draft')!.id;
  await callApi('POST', `/invoices/${ids.invoice}/payments`, {
    amount: '100.00',
    method: 'bank_transfer',
    paidOn: todayIn('UTC', t.clock.now()),
  });
  ids.quote = (await callApi('GET', '/quotes?limit=5')).items[0].id;
  ids.creditNote = (await callApi('GET', '/credit-notes?limit=5')).items[0].id;
  ids.draftCreditNote = (
    await callApi('POST', `/invoices/${ids.invoice}/credit-notes`, {
      mode: 'amount',
      amount: '50',
      reason: 'Late',
    })
  ).id;
  ids.item = (await callApi('POST', '/items', { name: 'Design hour', unitPrice: '85.00', unit: 'HUR' })).id;
  ids.recurring = (
    await callApi('POST', '/recurring-profiles', {
      clientId: ids.client,
      name: 'Monthly retainer',
      frequency: 'monthly',
      startDate: '2030-01-01',
      lines: [{ description: 'Design retainer', quantity: '1', unitPrice: '900', itemId: ids.item }],
    })
  ).id;
  await callApi('POST', '/webhook-endpoints', {
    url: 'https://93.184.215.14/remit',
    eventTypes: ['invoice.paid'],
  });
  const contact = (await callApi('GET', `/clients/${ids.client}`)).contacts[0];
  await callApi('POST', `/contacts/${contact.id}/portal/invite`);
  ids.inviteToken = await t.database.db.transaction().execute((trx) =>
    issueOneTimeToken(trx, {
      contactId: contact.id,
      purpose: 'invite',
      now: t.clock.now(),
      ttlMs: INVITE_TTL_MS,
    }),
  );
  browser = await launchBrowser();
  errors = collectPageErrors(browser.page);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/**
 * Opens a page the way the app's own links do (no reload, so axe is injected once), waits until its heading shows
 * and nothing is loading, and answers its violations.
 */
async function violationsOn(page: Page, path: string): Promise<AxeViolation[]> {
  await page.evaluate(`(async () => {
    history.pushState(null, '', ${JSON.stringify(path)});
    dispatchEvent(new PopStateEvent('popstate'));
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
  })()`);
  await page.locator('main h1').first().waitFor();
  await page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached' });
  return seriousAxeViolations(page);
}

async function checkAll(paths: string[]): Promise<void> {
  const found: Record<string, AxeViolation[]> = {};
  for (const path of paths) {
    const violations = await violationsOn(browser.page, path);
    if (violations.length > 0) found[path] = violations;
  }
  expect(found, JSON.stringify(found, null, 1)).toEqual({});
  expect(errors).toEqual([]);
}

describe('accessibility of every page', () => {
  it('the staff app', async () => {
    await logIn(browser.page, t.baseUrl, ADMIN);
    const settingsTabs =
      'business invoicing taxes email email-templates gateways webhooks reminders users tokens audit'.split(
        ' ',
      );
    await checkAll([
      '/app',
      '/app/invoices',
      '/app/invoices/new',
      '/app/invoices/import',
      `/app/invoices/${ids.draftInvoice}/edit`,
      `/app/invoices/${ids.invoice}`,
      `/app/invoices/${ids.draftInvoice}`,
      '/app/quotes',
      '/app/quotes/new',
      `/app/quotes/${ids.quote}`,
      '/app/credit-notes',
      `/app/credit-notes/${ids.draftCreditNote}/edit`,
      `/app/credit-notes/${ids.creditNote}`,
      '/app/clients',
      '/app/clients/new',
      '/app/clients/import',
      `/app/clients/${ids.client}`,
      `/app/clients/${ids.client}/statement`,
      '/app/items',
      '/app/items/new',
      '/app/items/import',
      `/app/items/${ids.item}`,
      '/app/recurring',
      '/app/recurring/new',
      `/app/recurring/${ids.recurring}/edit`,
      `/app/recurring/${ids.recurring}`,
      ...['aging', 'tax', 'revenue', 'payments'].map((report) => `/app/reports/${report}`),
      ...settingsTabs.map((tab) => `/app/settings/${tab}`),
      '/app/no-such-page',
    ]);
  }, 120_000);

  it('the client portal', async () => {
    const { page } = browser;
    await page.context().clearCookies();
    await page.goto(`${t.baseUrl}/portal/login`);
    await checkAll(['/portal/login', '/portal/forgot', '/portal/link-unavailable']);
    await page.goto(`${t.baseUrl}/portal/set-password#token=${ids.inviteToken}`);
    await page.getByLabel('New password').fill(PORTAL_PASSWORD);
    await page.getByRole('button', { name: 'Save and sign in' }).click();
    await page.getByRole('heading', { name: 'Your invoices' }).waitFor();
    await checkAll([
      '/portal/invoices',
      `/portal/invoices/${ids.invoice}`,
      '/portal/quotes',
      `/portal/quotes/${ids.quote}`,
      '/portal/credit-notes',
      `/portal/credit-notes/${ids.creditNote}`,
      '/portal/statement',
    ]);
  }, 120_000);
});
