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
import { expectAccessible, logIn, screenshot, toast } from './support/checks.ts';
import { type StaffApi, staffApi } from './support/staff-api.ts';

/**
 * Correcting an issued invoice in a real Chromium: staff credit part of it (4 of its 12 months of hosting) from the
 * invoice page, issue the credit note and email it; the balance due falls on the invoice page and in the portal;
 * the rest is paid and the invoice is Paid. Every figure on screen is the one in the PDF and the email; so is the
 * buyer reference (the client's default: the invoice has none of its own).
 *
 * The invoice: design 1 × 1,000.00 and hosting 12 × 25.00, VAT 20%: 1,560.00. The credit note: 4 × 25.00 + VAT =
 * 120.00. Left to pay: 1,440.00.
 */
let t: BrowserApp;
let smtp: TestSmtpServer;
let staff: TestBrowser;
let client: TestBrowser;
let staffErrors: string[];
let callApi: StaffApi;
let invoice = { id: '', number: '' };
let creditNoteUrl = '';
let creditNoteNumber = '';
let creditNoteLink = '';
const BUYER_REFERENCE = 'PO-MOE-7';

/** A staff PDF as text, fetched with the browser's session. */
async function staffPdf(path: string): Promise<string> {
  const response = await staff.page.request.get(`${t.baseUrl}${path}`);
  expect(response.status()).toBe(200);
  return pdfText(await response.body());
}

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
  callApi = await staffApi(t, 'credit notes test');
  await callApi('PATCH', '/settings', { businessName: 'Solberg Web', correctionsNeedCreditNote: true });
  await callApi('PUT', '/settings/smtp', {
    host: '127.0.0.1',
    port: smtp.port,
    security: 'none',
    fromName: 'Solberg Billing',
    fromAddress: 'billing@solberg.example',
  });
  const vat = await callApi('POST', '/tax-rates', { name: 'VAT', rate: '20' });
  const customer = await callApi('POST', '/clients', {
    name: 'Moe Outdoor',
    contacts: [{ name: 'Kari Moe', email: 'kari@moe-outdoor.example' }],
    buyerReference: BUYER_REFERENCE,
  });
  const draft = await callApi('POST', '/invoices', {
    clientId: customer.id,
    taxes: [{ taxRateId: vat.id }],
    lines: [
      { description: 'Website design', quantity: '1', unitPrice: '1000.00' },
      { description: 'Hosting, monthly', quantity: '12', unitPrice: '25.00' },
    ],
  });
  const issued = await callApi('POST', `/invoices/${draft.id}/mark-sent`);
  invoice = { id: issued.id, number: issued.number };
  expect(issued.totals.total).toBe('1560.00');
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

describe('a credit note in the browser, from the invoice page to the portal', () => {
  it('credits chosen lines of the invoice from its page; too much is refused next to the line', async () => {
    const { page } = staff;
    await page.goto(`${t.baseUrl}/app/invoices/${invoice.id}`);
    await page.getByRole('heading', { name: new RegExp(`Invoice ${invoice.number}`) }).waitFor();
    // Corrections need a credit note here: Void is replaced.
    await page.getByRole('button', { name: 'Cancel with credit note' }).waitFor();
    expect(await page.getByRole('button', { name: 'Void', exact: true }).count()).toBe(0);

    await page.getByRole('button', { name: 'Create credit note' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create a credit note' });
    await dialog.getByLabel('Chosen lines and quantities').check();
    const hosting = dialog.getByLabel('Credit quantity for line 2');
    await hosting.fill('13');
    await dialog.getByLabel('Reason').fill('Hosting cancelled after eight months');
    await dialog.getByRole('button', { name: 'Create draft credit note' }).click();
    await expect.poll(() => hosting.getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'credit-notes-01-dialog-error');
    await expectAccessible(page, 'credit note dialog with a field error');
    await hosting.fill('4');
    await dialog.getByRole('button', { name: 'Create draft credit note' }).click();

    await page.getByRole('heading', { name: /Draft credit note/ }).waitFor();
    creditNoteUrl = page.url();
    const document = page.getByRole('article', { name: 'Credit note document' });
    await document.getByRole('link', { name: invoice.number }).waitFor();
    await document.getByText('Hosting cancelled after eight months').waitFor();
    await document.locator('.document-totals .grand', { hasText: '$120.00' }).waitFor();
    await document.getByText(BUYER_REFERENCE, { exact: true }).waitFor();

    // The draft can still change: its reason here; each line keeps the invoice line it credits.
    await page.getByRole('link', { name: 'Edit draft' }).click();
    await page.getByRole('heading', { name: 'Edit draft credit note' }).waitFor();
    expect(await page.getByLabel('Line 1 quantity').inputValue()).toBe('4');
    await expect.poll(() => page.getByTestId('total-total').textContent()).toBe('$120.00');
    // Client and currency are the invoice's; its discount, taxes and terms too: the editor offers none of them.
    expect(await page.getByLabel('Client', { exact: true }).isDisabled()).toBe(true);
    expect(await page.getByLabel('Client', { exact: true }).inputValue()).toBe('Moe Outdoor');
    expect(await page.getByLabel('Currency', { exact: true }).isDisabled()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Discount and taxes' }).count()).toBe(0);
    expect(await page.getByLabel('Terms').count()).toBe(0);
    // A refused figure leaves its line out of the live totals, marked next to its input, until it is typed again.
    const hostingQuantity = page.getByLabel('Line 1 quantity');
    await hostingQuantity.fill('four');
    await expect.poll(() => hostingQuantity.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => page.getByTestId('total-total').textContent()).toBe('$0.00');
    await page.getByTestId('totals-left-out').getByText('Leaves out line 1').waitFor();
    await hostingQuantity.fill('4');
    await expect.poll(() => page.getByTestId('total-total').textContent()).toBe('$120.00');
    await screenshot(page, 'credit-notes-02-editor');
    await expectAccessible(page, 'credit note editor');
    await page.getByLabel('Reason').fill('Hosting cancelled after eight months of twelve');
    // A date before the invoice's is refused next to its input; the reason typed stays.
    const issueDate = page.getByLabel('Issue date');
    const dated = await issueDate.inputValue();
    await issueDate.fill('2020-01-01');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect.poll(() => issueDate.getAttribute('aria-invalid')).toBe('true');
    await page.getByText('A credit note cannot be dated before the invoice it credits').waitFor();
    await issueDate.fill(dated);
    await expect.poll(() => issueDate.getAttribute('aria-invalid')).toBeNull();
    await page.getByRole('button', { name: 'Save draft' }).click();
    await toast(page, 'Credit note saved');
    await document.getByText('Hosting cancelled after eight months of twelve').waitFor();
    const saved = await callApi('GET', new URL(page.url()).pathname.replace('/app/', '/'));
    expect(saved.lines.map((line: { invoiceLineId: string | null }) => line.invoiceLineId)).toEqual([
      (await callApi('GET', `/invoices/${invoice.id}`)).lines[1].id,
    ]);
    await screenshot(page, 'credit-notes-02-draft');
    await expectAccessible(page, 'draft credit note');
  }, 120_000);

  it('issues the credit note: it takes its total off the invoice, and is emailed with its PDF', async () => {
    const { page } = staff;
    await page.getByRole('button', { name: 'Issue credit note' }).click();
    await toast(page, 'Credit note issued');
    await page.locator('h1 .badge-issued').waitFor();
    const heading = await page.getByRole('heading', { level: 1 }).textContent();
    creditNoteNumber = /CN-\d{4}-\d{4}/.exec(heading ?? '')?.[0] ?? '';
    expect(creditNoteNumber).toMatch(/^CN-\d{4}-0001$/);
    expect(await page.getByTestId('credit-applied').textContent()).toBe('$120.00');
    expect(await page.getByTestId('credit-remaining').textContent()).toBe('$0.00');

    const pdf = await staffPdf(`${new URL(creditNoteUrl).pathname.replace('/app/', '/api/v1/')}/pdf`);
    expect(pdf).toContain('Credit note');
    expect(pdf).toContain(creditNoteNumber);
    expect(pdf).toContain(invoice.number);
    expect(pdf).toContain('$120.00');
    expect(pdf).toContain(`Buyer reference ${BUYER_REFERENCE}`);

    await page.getByRole('button', { name: 'Send credit note' }).click();
    const dialog = page.getByRole('dialog', { name: 'Send credit note' });
    await dialog.getByLabel(/Kari Moe/).waitFor();
    await dialog.getByRole('button', { name: 'Send credit note' }).click();
    await toast(page, 'Credit note sent');
    await deliverEmailsWithPdfs();
    const email = smtp.messages.find((message) => message.subject?.includes(creditNoteNumber));
    expect(email, 'the credit note email reached the SMTP server').toBeDefined();
    expect(smtp.recipients[smtp.messages.indexOf(email!)]).toEqual(['kari@moe-outdoor.example']);
    expect(email?.text).toContain('120.00');
    expect(email?.text).toContain(BUYER_REFERENCE);
    creditNoteLink = new RegExp(`${t.baseUrl}/portal/link/[A-Za-z0-9_-]+`).exec(email?.text ?? '')?.[0] ?? '';
    expect(creditNoteLink).not.toBe('');
    const attached = email?.attachments.find((file) => file.contentType === 'application/pdf');
    expect(await pdfText(attached!.content)).toContain('$120.00');
    await screenshot(page, 'credit-notes-03-issued');
    await expectAccessible(page, 'issued credit note');
  }, 120_000);

  it('shows the invoice credited on its page and in its PDF: 1,440.00 left to pay', async () => {
    const { page } = staff;
    await page.getByRole('link', { name: invoice.number }).first().click();
    await page.getByRole('heading', { name: new RegExp(`Invoice ${invoice.number}`) }).waitFor();
    await page.getByTestId('balance-due').getByText('$1,440.00').waitFor();
    expect(await page.getByTestId('amount-credited').textContent()).toBe('$120.00');
    await page.locator('.credit-note-links').getByRole('link', { name: creditNoteNumber }).waitFor();
    const document = page.getByRole('article', { name: 'Invoice document' });
    await document.locator('.document-totals', { hasText: 'Credited' }).waitFor();
    const pdf = await staffPdf(`/api/v1/invoices/${invoice.id}/pdf`);
    expect(pdf).toContain('$1,560.00');
    expect(pdf).toContain('$120.00');
    expect(pdf).toContain('$1,440.00');
    await screenshot(page, 'credit-notes-04-invoice');
    await expectAccessible(page, 'credited invoice');
  }, 120_000);

  it('shows the client, from the emailed link, the lower balance and the credit note in the portal', async () => {
    const { page } = client;
    const errors = collectPageErrors(page);
    // The credit note's email opens the invoice it corrects, which lists it.
    await page.goto(creditNoteLink);
    await page.getByRole('heading', { name: new RegExp(`Invoice ${invoice.number}`) }).waitFor();
    await page.locator('.amount-due', { hasText: '$1,440.00' }).waitFor();
    const invoiceDocument = page.getByRole('article', { name: 'Invoice document' });
    await invoiceDocument.locator('.document-totals', { hasText: 'Credited' }).getByText('$120.00').waitFor();
    await screenshot(page, 'credit-notes-05-portal-invoice');
    await expectAccessible(page, 'portal credited invoice');

    await page.locator('.credit-note-links').getByRole('link', { name: creditNoteNumber }).click();
    await page.getByRole('heading', { name: new RegExp(`Credit note ${creditNoteNumber}`) }).waitFor();
    const document = page.getByRole('article', { name: 'Credit note document' });
    await document.locator('.document-totals .grand', { hasText: '$120.00' }).waitFor();
    await document.getByRole('link', { name: invoice.number }).waitFor();
    await document.getByText(BUYER_REFERENCE, { exact: true }).waitFor();
    // The supplier's letterhead, as on the invoice.
    await document.locator('.document-business-name', { hasText: 'Solberg Web' }).waitFor();
    const pdf = await page.request.get(
      `${t.baseUrl}${await page.getByRole('link', { name: 'Download PDF' }).getAttribute('href')}`,
    );
    expect(pdf.status()).toBe(200);
    expect(await pdfText(await pdf.body())).toContain('$120.00');
    await screenshot(page, 'credit-notes-06-portal-credit-note');
    await expectAccessible(page, 'portal credit note');
    expect(errors).toEqual([]);
  }, 120_000);

  it('records the rest as paid: the invoice is Paid', async () => {
    const { page } = staff;
    await page.goto(`${t.baseUrl}/app/invoices/${invoice.id}`);
    await page.getByRole('button', { name: 'Record payment' }).click();
    const dialog = page.getByRole('dialog', { name: 'Record a payment' });
    expect(await dialog.getByLabel('Amount (USD)').inputValue()).toBe('1440.00');
    await dialog.getByLabel('Reference').fill('TRX-5521');
    await dialog.getByRole('button', { name: 'Record payment' }).click();
    await toast(page, 'Payment recorded');
    await page.locator('h1 .badge-paid').waitFor();
    await page.getByTestId('balance-due').getByText('$0.00').waitFor();
    expect(await page.getByTestId('amount-credited').textContent()).toBe('$120.00');
    await screenshot(page, 'credit-notes-07-paid');
    await expectAccessible(page, 'paid invoice with a credit note');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Credit notes' }).click();
    await page.getByRole('link', { name: creditNoteNumber }).waitFor();
    await expectAccessible(page, 'credit note list');
    expect(staffErrors).toEqual([]);
  }, 120_000);

  it('cancels an invoice with a credit note; what was paid becomes client credit, applied to an open invoice', async () => {
    const { page } = staff;
    const { client: customer } = await callApi('GET', `/invoices/${invoice.id}`);
    const issue = async (description: string, unitPrice: string) => {
      const draft = await callApi('POST', '/invoices', {
        clientId: customer.id,
        taxes: [],
        lines: [{ description, quantity: '1', unitPrice }],
      });
      return callApi('POST', `/invoices/${draft.id}/mark-sent`);
    };
    const cancelled = await issue('Photo shoot', '200.00');
    await callApi('POST', `/invoices/${cancelled.id}/payments`, {
      amount: '50.00',
      paidOn: cancelled.issueDate,
      method: 'bank_transfer',
    });
    const open = await issue('Retouching', '80.00');

    await page.goto(`${t.baseUrl}/app/invoices/${cancelled.id}`);
    await page.getByRole('button', { name: 'Cancel with credit note' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel with a credit note' });
    const reason = dialog.getByLabel('Reason');
    await dialog.getByRole('button', { name: 'Cancel invoice with credit note' }).click();
    await expect.poll(() => reason.getAttribute('aria-invalid')).toBe('true');
    await reason.fill('Shoot called off by the client');
    await dialog.getByRole('button', { name: 'Cancel invoice with credit note' }).click();
    await toast(page, 'Invoice cancelled with a credit note');
    await page.getByRole('heading', { name: /Credit note CN-\d{4}-\d{4}/ }).waitFor();
    // 200.00 credited: 150.00 takes the invoice's balance to zero, the 50.00 paid is the client's credit.
    expect(await page.getByTestId('credit-applied').textContent()).toBe('$150.00');
    expect(await page.getByTestId('credit-remaining').textContent()).toBe('$50.00');

    await page.getByRole('link', { name: 'Moe Outdoor' }).first().click();
    await page.getByRole('heading', { name: 'Moe Outdoor', level: 1 }).waitFor();
    await page.getByTestId('client-credit').getByText('$50.00').waitFor();
    await screenshot(page, 'credit-notes-08-client-credit');
    await expectAccessible(page, 'client page with credit');

    // Signed in to the portal, the client sees the credit above its invoices.
    const [contact] = (await callApi('GET', `/clients/${customer.id}`)).contacts;
    await callApi('POST', `/contacts/${contact.id}/portal/invite`);
    await deliverEmailsWithPdfs();
    const setPassword = new RegExp(`${t.baseUrl}/portal/set-password#token=[A-Za-z0-9_-]+`).exec(
      smtp.messages.at(-1)?.text ?? '',
    )?.[0];
    expect(setPassword, 'the invitation email carries the set-password link').toBeDefined();
    const portal = client.page;
    await portal.goto(setPassword!);
    await portal.getByLabel('New password').fill('kari-portal-pass-1');
    await portal.getByRole('button', { name: 'Save and sign in' }).click();
    await portal.getByRole('heading', { name: 'Your invoices' }).waitFor();
    await portal.getByTestId('portal-credit').getByText('$50.00').waitFor();
    await expectAccessible(portal, 'portal invoices with credit');
    await page.goBack();

    await page.getByRole('button', { name: 'Apply credit to an invoice' }).click();
    const apply = page.getByRole('dialog', { name: 'Apply credit to an invoice' });
    await expect.poll(() => apply.getByLabel('Invoice').inputValue()).toBe(open.id);
    await expectAccessible(page, 'apply credit dialog');
    // More than is left is refused beside the amount; part of it is applied, the rest refunded.
    await apply.getByLabel('Amount (USD)').fill('70.00');
    await apply.getByRole('button', { name: 'Apply credit' }).click();
    await expect.poll(() => apply.getByLabel('Amount (USD)').getAttribute('aria-invalid')).toBe('true');
    await apply.getByLabel('Amount (USD)').fill('20.00');
    await apply.getByRole('button', { name: 'Apply credit' }).click();
    await toast(page, 'Credit applied');
    await expect.poll(() => page.getByTestId('credit-remaining').textContent()).toBe('$30.00');

    await page.getByRole('button', { name: 'Record refund' }).click();
    const refund = page.getByRole('dialog', { name: 'Record a refund' });
    expect(await refund.getByLabel('Amount (USD)').inputValue()).toBe('30.00');
    await refund.getByLabel('Reference').fill('REF-77');
    await expectAccessible(page, 'refund dialog');
    await refund.getByRole('button', { name: 'Record refund' }).click();
    await toast(page, 'Refund recorded');
    await expect.poll(() => page.getByTestId('credit-remaining').textContent()).toBe('$0.00');
    expect(await page.getByTestId('credit-refunded').textContent()).toBe('$30.00');
    await page.getByText(/Refunded · Bank transfer · REF-77/).waitFor();
    await screenshot(page, 'credit-notes-09-applied-and-refunded');
    await expectAccessible(page, 'credit note applied and refunded');

    await page.getByRole('link', { name: open.number }).click();
    await page.getByTestId('balance-due').getByText('$60.00').waitFor();
    expect(await page.getByTestId('amount-credited').textContent()).toBe('$20.00');
    expect(staffErrors).toEqual([]);
  }, 120_000);
});
