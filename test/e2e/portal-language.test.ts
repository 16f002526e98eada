import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/services/auth/secrets.ts';
import { type FakeStripe, startFakeStripe } from '../support/fakes/stripe.ts';
import {
  type BrowserApp,
  collectPageErrors,
  launchBrowser,
  startBrowserApp,
  type TestBrowser,
} from './support/browser-app.ts';
import { expectAccessible, screenshot } from './support/checks.ts';
import { type StaffApi, staffApi } from './support/staff-api.ts';

/**
 * The portal in the client's language, in a real Chromium: the sign-in page speaks the organisation's language
 * (German here), and each client, once signed in, reads its invoices in its own words, dates and money: the German
 * client (no language of its own) in German, a French client in French, an English one in English.
 */
const STRIPE = { secretKey: 'sk_test_language_key', webhookSecret: 'whsec_language_secret' };
const PASSWORD = 'portal-pass-word-1';

let t: BrowserApp;
let stripe: FakeStripe;
let callApi: StaffApi;
let browser: TestBrowser;

/** A client with one contact who has a portal password, and one issued invoice of 1234.56 issued on 5 March. */
async function clientWithInvoice(name: string, email: string, extra: Record<string, unknown> = {}) {
  const client = await callApi('POST', '/clients', {
    name,
    currency: 'EUR',
    contacts: [{ name: `${name} contact`, email }],
    ...extra,
  });
  const contactId = client.contacts[0].id;
  await callApi('POST', `/contacts/${contactId}/portal/invite`);
  await t.database.db
    .updateTable('portal_accounts')
    .set({ password_hash: await hashPassword(PASSWORD), activated_at: new Date() })
    .where('contact_id', '=', contactId)
    .execute();
  const draft = await callApi('POST', '/invoices', {
    clientId: client.id,
    currency: 'EUR',
    issueDate: '2026-03-05',
    dueDate: '2026-04-04',
    taxes: [],
    lines: [{ description: 'Facade design', quantity: '1', unitPrice: '1234.56' }],
  });
  await callApi('POST', `/invoices/${draft.id}/mark-sent`);
  return client;
}

async function signIn(email: string, labels: { email: string; password: string; submit: string }) {
  const { page } = browser;
  await page.goto(`${t.baseUrl}/portal/login`);
  await page.getByLabel(labels.email).fill(email);
  await page.getByLabel(labels.password).fill(PASSWORD);
  await page.getByRole('button', { name: labels.submit, exact: true }).click();
}

/** A sent quote for the German client Müller Bau, whose contact Anna is then signed in to the portal (in German). */
async function germanClientSignedInWithQuote(
  description: string,
  unitPrice: string,
): Promise<{ id: string }> {
  const client = await t.database.db
    .selectFrom('clients')
    .select('id')
    .where('name', '=', 'Müller Bau')
    .executeTakeFirstOrThrow();
  const draft = await callApi('POST', '/quotes', {
    clientId: client.id,
    currency: 'EUR',
    taxes: [],
    lines: [{ description, quantity: '1', unitPrice }],
  });
  await callApi('POST', `/quotes/${draft.id}/mark-sent`);
  await browser.page.context().clearCookies();
  await signIn('anna@mueller.example', { email: 'E-Mail', password: 'Passwort', submit: 'Anmelden' });
  await browser.page.getByRole('heading', { name: 'Ihre Rechnungen' }).waitFor();
  return draft;
}

beforeAll(async () => {
  stripe = await startFakeStripe(STRIPE);
  t = await startBrowserApp({
    gateways: { stripe: { host: '127.0.0.1', port: stripe.port, protocol: 'http' } },
  });
  callApi = await staffApi(t, 'portal language test');
  await callApi('PATCH', '/settings', { businessName: 'Rheinblick Design', locale: 'de-DE' });
  await callApi('PUT', '/settings/gateways/stripe', { enabled: true, mode: 'test', credentials: STRIPE });
  await clientWithInvoice('Müller Bau', 'anna@mueller.example');
  await clientWithInvoice('Dupont Architectes', 'claire@dupont.example', { language: 'fr' });
  await clientWithInvoice('Harbour Books', 'sam@harbour.example', { language: 'en' });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
  await stripe?.close();
});

describe('portal language', () => {
  it("the sign-in page speaks the organisation's language", async () => {
    const { page } = browser;
    const errors = collectPageErrors(page);
    await page.goto(`${t.baseUrl}/portal/login`);
    await page.getByRole('heading', { name: 'Rechnungen ansehen und bezahlen' }).waitFor();
    expect(await page.evaluate('document.documentElement.lang')).toBe('de');
    await page.getByRole('button', { name: 'Anmeldelink per E-Mail senden' }).waitFor();
    await expectAccessible(page, 'German sign-in page');
    expect(errors).toEqual([]);
  });

  it('a German client sees its invoices in German, with German dates and money', async () => {
    const { page } = browser;
    const errors = collectPageErrors(page);
    await signIn('anna@mueller.example', { email: 'E-Mail', password: 'Passwort', submit: 'Anmelden' });
    await page.getByRole('heading', { name: 'Ihre Rechnungen' }).waitFor();
    await page.getByRole('link', { name: 'Alle Rechnungen' }).waitFor();
    const item = page.locator('.portal-item').first();
    await item.getByText('Ausgestellt am 05.03.2026 · fällig am 04.04.2026').waitFor();
    await item.getByText('1.234,56 €', { exact: true }).waitFor();
    // Due in April and unpaid: overdue.
    await item.getByText('Überfällig').waitFor();
    await screenshot(page, 'portal-language-01-german-list');
    await item.click();
    await page.getByRole('heading', { name: /^Rechnung / }).waitFor();
    await page.getByRole('button', { name: 'Jetzt bezahlen mit Stripe' }).waitFor();
    await page.getByText('Fällig am 04.04.2026').waitFor();
    await screenshot(page, 'portal-language-02-german-invoice');
    await expectAccessible(page, 'German portal invoice');
    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.getByRole('heading', { name: 'Rechnungen ansehen und bezahlen' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('a French client sees French, with French dates and money', async () => {
    const { page } = browser;
    const errors = collectPageErrors(page);
    await signIn('claire@dupont.example', { email: 'E-Mail', password: 'Passwort', submit: 'Anmelden' });
    await page.getByRole('heading', { name: 'Vos factures' }).waitFor();
    expect(await page.evaluate('document.documentElement.lang')).toBe('fr');
    const item = page.locator('.portal-item').first();
    await item.getByText('Émise le 5 mars 2026 · échéance le 4 avr. 2026').waitFor();
    // French groups thousands with a narrow no-break space.
    await item.getByText('1\u202f234,56\u00a0€', { exact: true }).waitFor();
    await item.click();
    await page.getByRole('button', { name: 'Payer maintenant avec Stripe' }).waitFor();
    await screenshot(page, 'portal-language-03-french-invoice');
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.getByRole('heading', { name: 'Rechnungen ansehen und bezahlen' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('an English client sees English, in the English formats', async () => {
    const { page } = browser;
    const errors = collectPageErrors(page);
    await signIn('sam@harbour.example', { email: 'E-Mail', password: 'Passwort', submit: 'Anmelden' });
    await page.getByRole('heading', { name: 'Your invoices' }).waitFor();
    const item = page.locator('.portal-item').first();
    await item.getByText('Issued 5 Mar 2026 · due 4 Apr 2026').waitFor();
    await item.getByText('€1,234.56', { exact: true }).waitFor();
    await item.click();
    await page.getByRole('button', { name: 'Pay now with Stripe' }).waitFor();
    expect(errors).toEqual([]);
  });

  it("offers each received payment's receipt as a PDF, named in the client's language", async () => {
    const { page } = browser;
    const errors = collectPageErrors(page);
    const invoice = await t.database.db
      .selectFrom('invoices')
      .innerJoin('clients', 'clients.id', 'invoices.client_id')
      .select('invoices.id')
      .where('clients.name', '=', 'Müller Bau')
      .executeTakeFirstOrThrow();
    await callApi('POST', `/invoices/${invoice.id}/payments`, {
      amount: '234.56',
      method: 'bank_transfer',
      paidOn: '2026-03-20',
    });
    await page.context().clearCookies(); // the English client above is still signed in
    await signIn('anna@mueller.example', { email: 'E-Mail', password: 'Passwort', submit: 'Anmelden' });
    await page.locator('.portal-item').first().click();
    const receipt = page.getByRole('link', {
      name: 'Quittung für die Zahlung von 234,56 € am 20.03.2026 (PDF)',
    });
    const href = await receipt.getAttribute('href');
    expect(href).toMatch(/^\/api\/portal\/v1\/payments\/[0-9a-f-]{36}\/receipt\.pdf$/);
    const answer = await page.evaluate(async (url) => {
      const response = await fetch(url);
      return { status: response.status, type: response.headers.get('content-type') };
    }, href!);
    expect(answer).toEqual({ status: 200, type: 'application/pdf' });
    await expectAccessible(page, 'German portal invoice with a payment');
    await page.getByRole('button', { name: 'Abmelden' }).click();
    expect(errors).toEqual([]);
  }, 120_000);

  it("names the document and says what is wrong with an answer in the client's language", async () => {
    const { page } = browser;
    const errors = collectPageErrors(page);
    const draft = await germanClientSignedInWithQuote('Facade design', '900.00');
    await page.locator('.portal-item').first().click();
    await page.getByRole('article', { name: 'Rechnungsdokument' }).waitFor();

    await page.goto(`${t.baseUrl}/portal/quotes/${draft.id}`);
    await page.getByRole('article', { name: 'Angebotsdokument' }).waitFor();
    await page.getByRole('button', { name: 'Angebot annehmen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Dieses Angebot annehmen' });
    // Sent without the name: the server's refusal is shown at the field, in German.
    await dialog.getByRole('button', { name: 'Angebot annehmen' }).click();
    const name = dialog.getByLabel('Ihr vollständiger Name');
    await expect.poll(() => name.getAttribute('aria-invalid')).toBe('true');
    await dialog.getByText('Geben Sie zur Annahme Ihren vollständigen Namen ein').waitFor();
    await screenshot(page, 'portal-language-04-german-field-error');
    await expectAccessible(page, 'German quote answer with a field error');
    expect(errors).toEqual([]);
  }, 120_000);

  it('tells a German client who accepts a quote that has just expired, in German, in the answer dialog', async () => {
    const { page } = browser;
    const errors = collectPageErrors(page);
    const draft = await germanClientSignedInWithQuote('Roof survey', '450.00');
    await page.goto(`${t.baseUrl}/portal/quotes/${draft.id}`);
    await page.getByRole('article', { name: 'Angebotsdokument' }).waitFor();
    await page.getByRole('button', { name: 'Angebot annehmen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Dieses Angebot annehmen' });
    await dialog.getByLabel('Ihr vollständiger Name').fill('Anna Müller');
    // The quote lapses while the dialog is open (midnight passed): the answer is refused.
    const lapsed = new Date(t.clock.now().getTime() - 3 * 86_400_000).toISOString().slice(0, 10);
    await t.database.db
      .updateTable('quotes')
      .set({ valid_until: lapsed })
      .where('id', '=', draft.id)
      .execute();
    await dialog.getByRole('button', { name: 'Angebot annehmen' }).click();
    const day = new Intl.DateTimeFormat('de-DE', { dateStyle: 'long', timeZone: 'UTC' }).format(
      new Date(`${lapsed}T00:00:00Z`),
    );
    await dialog
      .getByText(`Dieses Angebot war gültig bis ${day}; bitten Sie Rheinblick Design um ein neues`, {
        exact: true,
      })
      .waitFor();
    expect(await dialog.getByText(/extend it|validUntil|Cannot accept/).count()).toBe(0);
    await screenshot(page, 'portal-language-05-german-expired-quote');
    await expectAccessible(page, 'German quote answer refused as expired');
    expect(errors).toEqual([]);
  }, 120_000);
});
