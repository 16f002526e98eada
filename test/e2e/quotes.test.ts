import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfkitInvoiceRenderer } from '../../src/adapters/pdf/pdfkit-invoice-renderer.ts';
import { renderAnyDocumentPdf } from '../../src/services/documents/render-any-document-pdf.ts';
import { deliverDueEmails } from '../../src/services/email/deliver-due-emails.ts';
import { pdfText } from '../pdf/pdf-tools.ts';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';
import {
  ADMIN,
  type BrowserApp,
  collectPageErrors,
  launchBrowser,
  startBrowserApp,
  type TestBrowser,
} from './support/browser-app.ts';
import { chooseClient, expectAccessible, logIn, screenshot, toast } from './support/checks.ts';
import { type StaffApi, staffApi } from './support/staff-api.ts';

/**
 * A quote from start to invoice in a real Chromium: staff write it in the app with a catalogue item, send it by
 * email, the client opens the emailed link in the portal, reads the terms and accepts it with a typed name, staff
 * see the answer and convert the quote to an invoice issued at once. The figures on screen are those of the PDF
 * and the email.
 */
let t: BrowserApp;
let smtp: TestSmtpServer;
let staff: TestBrowser;
let client: TestBrowser;
let staffErrors: string[];
let callApi: StaffApi;
let quoteUrl = '';
let quoteNumber = '';
let portalLink = '';

const TERMS = 'Half of the fee is invoiced on acceptance; the workshop dates are agreed within a week.';

/** Delivers the outbox as the job does in production: each document's PDF attached, rendered as the mail leaves. */
async function deliverEmailsWithPdfs(): Promise<void> {
  await deliverDueEmails(t.deps, t.mailer, {
    documentPdf: (document) =>
      renderAnyDocumentPdf({ db: t.deps.db, clock: t.clock, pdfRenderer: pdfkitInvoiceRenderer }, document),
  });
}

beforeAll(async () => {
  t = await startBrowserApp();
  smtp = await startSmtpServer();
  callApi = await staffApi(t, 'quotes test');
  await callApi('PATCH', '/settings', { businessName: 'Fjord Workshop Co', defaultTerms: TERMS });
  await callApi('PUT', '/settings/smtp', {
    host: '127.0.0.1',
    port: smtp.port,
    security: 'none',
    fromName: 'Fjord Billing',
    fromAddress: 'billing@fjord.example',
  });
  const vat = await callApi('POST', '/tax-rates', { name: 'VAT', rate: '20' });
  await callApi('POST', '/items', {
    name: 'Brand workshop',
    description: 'One day on site with your team',
    unitPrice: '450.00',
    unit: 'DAY',
    taxRateIds: [vat.id],
  });
  await callApi('POST', '/clients', {
    name: 'Halvorsen Bakery',
    contacts: [{ name: 'Ingrid Halvorsen', email: 'ingrid@halvorsen.example' }],
  });
  staff = await launchBrowser();
  client = await launchBrowser();
  staffErrors = collectPageErrors(staff.page);
  await logIn(staff.page, t.baseUrl, ADMIN);
}, 180_000);

afterAll(async () => {
  await staff?.close();
  await client?.close();
  await smtp?.close();
  await t?.close();
});

describe('a quote in the browser, from the staff app to the portal and back to an invoice', () => {
  it('writes a quote with a catalogue item, a valid-until date and the default terms', async () => {
    const { page } = staff;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Quotes' }).click();
    await page.getByText('No quotes yet').waitFor();
    await expectAccessible(page, 'empty quote list');
    await page.getByRole('link', { name: 'New quote' }).click();
    await page.getByRole('heading', { name: 'New quote' }).waitFor();
    await chooseClient(page, 'Halvorsen Bakery');
    // Valid until follows the date: 30 days by default.
    const issueDate = await page.getByLabel('Issue date').inputValue();
    const validUntil = page.getByLabel('Valid until');
    const expected = new Date(`${issueDate}T00:00:00Z`);
    expected.setUTCDate(expected.getUTCDate() + 30);
    expect(await validUntil.inputValue()).toBe(expected.toISOString().slice(0, 10));

    const description = page.getByLabel('Line 1 description');
    await description.pressSequentially('brand');
    const option = page
      .getByRole('listbox', { name: 'Catalogue items for line 1' })
      .getByRole('option', { name: /Brand workshop/ });
    await option.waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    expect(await page.getByLabel('Line 1 unit price').inputValue()).toBe('450.00');
    await page.getByLabel('Line 1 quantity').fill('2');
    // 2 days × 450.00 = 900.00, plus 20% VAT.
    await expect.poll(() => page.getByTestId('total-total').textContent()).toBe('$1,080.00');
    expect(await page.getByLabel('Terms').inputValue()).toBe(TERMS);

    // A valid-until before the date is refused by the server, next to the field.
    await validUntil.fill('2000-01-01');
    await page.getByRole('button', { name: 'Save draft quote' }).click();
    await expect.poll(() => validUntil.getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'quotes-01-editor-error');
    await expectAccessible(page, 'quote editor with a field error');
    await validUntil.fill(expected.toISOString().slice(0, 10));
    await page.getByRole('button', { name: 'Save draft quote' }).click();
    await page.getByRole('heading', { name: /Draft quote/ }).waitFor();
    quoteUrl = page.url();
    const document = page.getByRole('article', { name: 'Quote document' });
    await document.getByText('2 days').waitFor();
    await document.getByText('$1,080.00').first().waitFor();
    await screenshot(page, 'quotes-02-draft');
    await expectAccessible(page, 'draft quote');
  }, 120_000);

  it('sends the quote: it gets its number and the contact an email with a portal link and the PDF', async () => {
    const { page } = staff;
    await page.getByRole('button', { name: 'Send quote' }).click();
    const dialog = page.getByRole('dialog', { name: 'Send quote' });
    await dialog.getByLabel(/Ingrid Halvorsen/).waitFor();
    expect(await dialog.getByLabel(/Ingrid Halvorsen/).isChecked()).toBe(true);
    await expectAccessible(page, 'send quote dialog');
    await dialog.getByRole('button', { name: 'Send quote' }).click();
    await toast(page, 'Quote sent');
    await page.locator('h1 .badge-sent').waitFor();
    const heading = await page.getByRole('heading', { level: 1 }).textContent();
    quoteNumber = /Q-\d{4}-\d{4}/.exec(heading ?? '')?.[0] ?? '';
    expect(quoteNumber).toMatch(/^Q-\d{4}-0001$/);

    await deliverEmailsWithPdfs();
    const email = smtp.messages.find((message) => message.subject?.includes(quoteNumber));
    expect(email, 'the quote email reached the SMTP server').toBeDefined();
    expect(smtp.recipients[smtp.messages.indexOf(email!)]).toEqual(['ingrid@halvorsen.example']);
    expect(email?.text).toMatch(/1,?080\.00/);
    portalLink = new RegExp(`${t.baseUrl}/portal/link/[A-Za-z0-9_-]+`).exec(email?.text ?? '')?.[0] ?? '';
    expect(portalLink).not.toBe('');
    const attached = email?.attachments.find((file) => file.contentType === 'application/pdf');
    expect(attached, 'the quote PDF is attached').toBeDefined();
    const text = await pdfText(attached!.content);
    expect(text).toContain(quoteNumber);
    expect(text).toContain('$1,080.00');
  }, 120_000);

  it('keeps the version as sent when staff edit the quote, and has the client read the new one first', async () => {
    const portal = client.page;
    await portal.goto(portalLink);
    await portal.getByRole('heading', { name: new RegExp(`Quote ${quoteNumber}`) }).waitFor();

    const { page } = staff;
    await page.getByRole('link', { name: 'Edit', exact: true }).click();
    await page.getByRole('heading', { name: `Edit ${quoteNumber}` }).waitFor();
    await page.getByLabel('Notes to the client').fill('Lunch for the team is included.');
    await page.getByLabel('What changed').fill('Lunch added after the call');
    await page.getByRole('button', { name: 'Save revision' }).click();
    await toast(page, 'Quote saved');
    // The client had opened it: it counts as not viewed until they open this version.
    await page.locator('h1 .badge-sent').waitFor();
    const revisions = page.getByTestId('revisions');
    await revisions.getByText('Lunch added after the call').waitFor();
    await revisions.getByText('As sent').waitFor();
    await page.locator('.timeline', { hasText: /Revision 2 saved \(back to Sent/ }).waitFor();
    await revisions.getByRole('button', { name: 'View' }).click();
    const dialog = page.getByRole('dialog', { name: 'Quote as of revision 1' });
    const asSent = dialog.getByRole('article', { name: 'Quote document' });
    await asSent.getByText('$1,080.00').first().waitFor();
    expect(await asSent.getByText('Lunch for the team is included.').count()).toBe(0);
    await screenshot(page, 'quotes-02b-revisions');
    await expectAccessible(page, 'quote revision dialog');
    await dialog.getByRole('button', { name: 'Close' }).click();

    // The client's page still shows the version as sent: an answer to it is refused until they read the new one.
    await portal.getByRole('button', { name: 'Accept quote' }).click();
    const accept = portal.getByRole('dialog', { name: 'Accept this quote' });
    await accept.getByLabel('Your full name').fill('Ingrid Halvorsen');
    await accept.getByRole('button', { name: 'Accept quote' }).click();
    await accept.getByText(/changed this quote after you opened it/).waitFor();
    await accept.getByRole('button', { name: 'Show the new version' }).click();
    await portal.getByText('Lunch for the team is included.').waitFor();
    expect((await callApi('GET', `/quotes/${quoteUrl.split('/').pop()}`)).status).toBe('viewed');
  }, 120_000);

  it('lets the client open the emailed link, read the terms and accept with a typed name', async () => {
    const { page } = client;
    const errors = collectPageErrors(page);
    await page.goto(portalLink);
    await page.getByRole('heading', { name: new RegExp(`Quote ${quoteNumber}`) }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/portal\/quotes\//);
    const document = page.getByRole('article', { name: 'Quote document' });
    await document.locator('.document-business-name', { hasText: 'Fjord Workshop Co' }).waitFor();
    await document.getByText('$1,080.00').first().waitFor();
    const pdf = await page.request.get(
      `${t.baseUrl}${await page.getByRole('link', { name: 'Download PDF' }).getAttribute('href')}`,
    );
    expect(pdf.status()).toBe(200);
    expect(await pdfText(await pdf.body())).toContain('$1,080.00');
    await screenshot(page, 'quotes-03-portal');
    await expectAccessible(page, 'portal quote');

    await page.getByRole('button', { name: 'Accept quote' }).click();
    const dialog = page.getByRole('dialog', { name: 'Accept this quote' });
    await dialog.getByText(TERMS).waitFor();
    // No name, no acceptance: the server says so next to the field.
    await dialog.getByRole('button', { name: 'Accept quote' }).click();
    await expect.poll(() => dialog.getByLabel('Your full name').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'quotes-04-portal-accept');
    await expectAccessible(page, 'portal accept dialog');
    await dialog.getByLabel('Your full name').fill('Ingrid Halvorsen');
    await dialog.getByLabel('Note').fill('Looking forward to it.');
    await dialog.getByRole('button', { name: 'Accept quote' }).click();
    await page.getByText('Accepted by Ingrid Halvorsen').waitFor();
    await page.locator('h1 .badge-accepted').waitFor();
    expect(await page.getByRole('button', { name: 'Accept quote' }).count()).toBe(0);
    expect(errors).toEqual([]);
  }, 120_000);

  it('shows staff the acceptance; they convert the quote to an invoice issued at once', async () => {
    const { page } = staff;
    await page.goto(quoteUrl);
    await page.locator('h1 .badge-accepted').waitFor();
    await page.locator('.quote-decision', { hasText: 'Accepted by Ingrid Halvorsen' }).waitFor();
    await page.locator('.timeline', { hasText: /Accepted by Ingrid Halvorsen/ }).waitFor();
    await screenshot(page, 'quotes-05-accepted');
    await expectAccessible(page, 'accepted quote');

    await page.getByRole('button', { name: 'Convert to invoice' }).click();
    const dialog = page.getByRole('dialog', { name: 'Convert to invoice' });
    await dialog.getByLabel(/Issue it now/).check();
    await dialog.getByRole('button', { name: 'Convert to invoice' }).click();
    await page.getByRole('heading', { name: /Invoice INV-\d{4}-0001/ }).waitFor();
    await page.locator('h1 .badge-sent').waitFor();
    await page.getByTestId('balance-due').getByText('$1,080.00').waitFor();
    const invoiceDocument = page.getByRole('article', { name: 'Invoice document' });
    await invoiceDocument.getByText('2 days').waitFor();
    await screenshot(page, 'quotes-06-invoice');

    // The quote is Invoiced and links to its invoice; converting again is not offered.
    await page.goto(quoteUrl);
    await page.locator('h1 .badge-invoiced').waitFor();
    await page.getByRole('link', { name: /INV-\d{4}-0001/ }).waitFor();
    expect(await page.getByRole('button', { name: 'Convert to invoice' }).count()).toBe(0);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Quotes' }).click();
    await page.getByRole('button', { name: 'Invoiced' }).click();
    await page.getByRole('link', { name: quoteNumber }).waitFor();
    await screenshot(page, 'quotes-07-list');
    await expectAccessible(page, 'quote list');
    expect(staffErrors).toEqual([]);
  }, 120_000);

  it('records an answer given by phone: the name is asked for, then the quote converts to a draft invoice', async () => {
    const { page } = staff;
    const customer = (await callApi('GET', '/clients?limit=10')).items[0];
    const draft = await callApi('POST', '/quotes', {
      clientId: customer.id,
      lines: [{ description: 'Follow-up session', quantity: '1', unitPrice: '300.00' }],
    });
    await callApi('POST', `/quotes/${draft.id}/mark-sent`);
    await page.goto(`${t.baseUrl}/app/quotes/${draft.id}`);
    await page.locator('h1 .badge-sent').waitFor();
    await page.getByRole('button', { name: 'Record acceptance' }).click();
    const dialog = page.getByRole('dialog', { name: 'Record acceptance' });
    const name = dialog.getByLabel('Name of the person who answered');
    await dialog.getByRole('button', { name: 'Record acceptance' }).click();
    await expect.poll(() => name.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'record acceptance dialog with a field error');
    await name.fill('Ingrid Halvorsen');
    await dialog.getByLabel('Note').fill('Agreed by phone');
    await dialog.getByRole('button', { name: 'Record acceptance' }).click();
    await toast(page, 'Acceptance recorded');
    await page.locator('.quote-decision', { hasText: 'recorded by staff' }).waitFor();

    await page.getByRole('button', { name: 'Convert to invoice' }).click();
    await page
      .getByRole('dialog', { name: 'Convert to invoice' })
      .getByRole('button', { name: 'Convert to invoice' })
      .click();
    await page.getByRole('heading', { name: /Draft invoice/ }).waitFor();
    await page.getByTestId('balance-due').getByText('$300.00').waitFor();
    await page.locator('.timeline', { hasText: 'Draft created from quote' }).waitFor();
    expect(staffErrors).toEqual([]);
  }, 120_000);

  it('works on a phone: the quote page fits the screen', async () => {
    const phone = await launchBrowser({ width: 390, height: 844 });
    try {
      await logIn(phone.page, t.baseUrl, ADMIN);
      await phone.page.goto(quoteUrl);
      await phone.page.locator('h1 .badge-invoiced').waitFor();
      await screenshot(phone.page, 'quotes-08-phone');
      const overflow = await phone.page.evaluate<number>(
        'document.documentElement.scrollWidth - window.innerWidth',
      );
      expect(overflow).toBeLessThanOrEqual(0);
    } finally {
      await phone.close();
    }
  }, 120_000);
});
