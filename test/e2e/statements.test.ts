import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfkitInvoiceRenderer } from '../../src/adapters/pdf/pdfkit-invoice-renderer.ts';
import { PdfkitStatementRenderer } from '../../src/adapters/pdf/pdfkit-statement-renderer.ts';
import { todayIn } from '../../src/domain/dates.ts';
import { deliverDueEmails } from '../../src/services/email/deliver-due-emails.ts';
import { statementAttachmentSource } from '../../src/services/statements/render-client-statement-pdf.ts';
import { pdfLines } from '../pdf/pdf-tools.ts';
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
 * Statements and report PDFs in a real Chromium. Staff open a client's statement from the client page, see this
 * month's figures (an invoice of 250.00 issued today, 100.00 paid: closing balance 150.00), download the PDF and
 * email it; the email reaches the SMTP server with the PDF showing the closing balance. The client, signed in to
 * the portal, opens Statement and sees the same figures and downloads the same PDF. The aging report downloads a PDF.
 */
let t: BrowserApp;
let smtp: TestSmtpServer;
let staff: TestBrowser;
let portal: TestBrowser;
let staffErrors: string[];
let portalErrors: string[];
let callApi: StaffApi;
let clientId = '';
let invoiceNumber = '';

const statementRenderer = new PdfkitStatementRenderer(() => pdfkitInvoiceRenderer.fonts());

async function deliverEmails(): Promise<void> {
  await deliverDueEmails(t.deps, t.mailer, {
    statementPdf: statementAttachmentSource({ db: t.deps.db, clock: t.clock, statementRenderer }),
  });
}

/** Clicks a download link and answers the file's name and its printed lines. */
async function downloadPdf(page: Page, link: string): Promise<{ name: string; lines: string[] }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: link }).first().click(),
  ]);
  const bytes = await readFile((await download.path())!);
  return { name: download.suggestedFilename(), lines: await pdfLines(bytes) };
}

const closingLine = (lines: string[]) => lines.find((line) => line.includes('Closing balance'));

beforeAll(async () => {
  t = await startBrowserApp();
  smtp = await startSmtpServer();
  callApi = await staffApi(t, 'statements test');
  await callApi('PATCH', '/settings', { businessName: 'Harbour Print' });
  await callApi('PUT', '/settings/smtp', {
    host: '127.0.0.1',
    port: smtp.port,
    security: 'none',
    fromName: 'Harbour Print',
    fromAddress: 'billing@harbour.example',
  });
  const customer = await callApi('POST', '/clients', {
    name: 'Tidewater Books',
    currency: 'USD',
    contacts: [{ name: 'Rosa Lind', email: 'rosa@tidewater.example' }],
  });
  clientId = customer.id;
  const today = todayIn('UTC', t.clock.now());
  const draft = await callApi('POST', '/invoices', {
    clientId,
    currency: 'USD',
    issueDate: today,
    taxes: [],
    lines: [{ description: 'Catalogue print run', quantity: '1', unitPrice: '250.00' }],
  });
  const issued = await callApi('POST', `/invoices/${draft.id}/mark-sent`);
  invoiceNumber = issued.number;
  await callApi('POST', `/invoices/${draft.id}/payments`, {
    amount: '100.00',
    method: 'bank_transfer',
    paidOn: today,
  });
  // The invoice email of mark-sent is not sent; nothing is queued yet.
  staff = await launchBrowser();
  staffErrors = collectPageErrors(staff.page);
  await logIn(staff.page, t.baseUrl, ADMIN);
  portal = await launchBrowser({ width: 390, height: 844 });
  portalErrors = collectPageErrors(portal.page);
}, 180_000);

afterAll(async () => {
  await portal?.close();
  await staff?.close();
  await smtp?.close();
  await t?.close();
});

describe('client statements and report PDFs in the browser', () => {
  it('staff open the statement from the client page, download its PDF and email it', async () => {
    const { page } = staff;
    await page.goto(`${t.baseUrl}/app/clients/${clientId}`);
    await page.getByRole('link', { name: 'Statement', exact: true }).click();
    await page.getByRole('heading', { name: 'Statement', level: 1 }).waitFor();
    const ledger = page.getByRole('region', { name: 'USD statement' });
    await ledger.getByRole('cell', { name: `Invoice ${invoiceNumber}` }).waitFor();
    await ledger.getByText('$150.00').first().waitFor();
    await screenshot(page, 'statements-01-staff');
    await expectAccessible(page, 'staff statement');

    const pdf = await downloadPdf(page, 'Download PDF');
    expect(pdf.name).toMatch(/^statement-\d{4}-\d{2}-01-\d{4}-\d{2}-\d{2}\.pdf$/);
    expect(closingLine(pdf.lines)).toMatch(/Closing balance \$150\.00$/);

    await page.getByRole('button', { name: 'Email statement' }).click();
    const dialog = page.getByRole('dialog', { name: /Email the statement/ });
    await dialog.getByLabel(/Rosa Lind/).waitFor();
    await dialog.getByLabel('Message').fill('Your statement for this month.');
    await dialog.getByRole('button', { name: 'Send statement' }).click();
    await toast(page, 'Statement queued to 1 contact(s)');
    await deliverEmails();
    const email = smtp.messages.find((message) =>
      message.subject?.startsWith('Statement from Harbour Print'),
    );
    expect(email, 'the statement email reached the SMTP server').toBeDefined();
    expect(smtp.recipients[smtp.messages.indexOf(email!)]).toEqual(['rosa@tidewater.example']);
    expect(email?.text).toContain('Your statement for this month.');
    const attached = email?.attachments.find((file) => file.contentType === 'application/pdf');
    expect(closingLine(await pdfLines(attached!.content))).toMatch(/Closing balance \$150\.00$/);
    expect(staffErrors).toEqual([]);
  });

  it('the aging report downloads as a PDF next to its CSV', async () => {
    const { page } = staff;
    await page.goto(`${t.baseUrl}/app/reports/aging`);
    await page.getByRole('link', { name: 'Download CSV' }).waitFor();
    const pdf = await downloadPdf(page, 'Download PDF');
    expect(pdf.name).toMatch(/^aging-\d{4}-\d{2}-\d{2}\.pdf$/);
    expect(pdf.lines.find((line) => line.startsWith('Tidewater Books'))).toMatch(/\$150\.00$/);
    expect(staffErrors).toEqual([]);
  });

  it('the client sees its own statement in the portal, with the same PDF', async () => {
    const [contact] = (await callApi('GET', `/clients/${clientId}`)).contacts;
    await callApi('POST', `/contacts/${contact.id}/portal/invite`);
    await deliverEmails();
    const setPassword = new RegExp(`${t.baseUrl}/portal/set-password#token=[A-Za-z0-9_-]+`).exec(
      smtp.messages.at(-1)?.text ?? '',
    )?.[0];
    expect(setPassword, 'the invitation email carries the set-password link').toBeDefined();
    const { page } = portal;
    await page.goto(setPassword!);
    await page.getByLabel('New password').fill('rosa-portal-pass-1');
    await page.getByRole('button', { name: 'Save and sign in' }).click();
    await page.getByRole('heading', { name: 'Your invoices' }).waitFor();
    await page.getByRole('link', { name: 'Statement' }).click();
    await page.getByRole('heading', { name: 'Your statement' }).waitFor();
    const ledger = page.getByRole('region', { name: 'USD statement' });
    await ledger.getByText(`Invoice ${invoiceNumber}`).waitFor();
    await ledger.getByText('$150.00').first().waitFor();
    await screenshot(page, 'statements-02-portal');
    await expectAccessible(page, 'portal statement');

    // A period before any activity: nothing to show.
    await page.getByLabel('From').fill('2020-01-01');
    await page.getByLabel('To').fill('2020-01-31');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByText(/Nothing to show from/).waitFor();
    await page.getByLabel('From').fill(`${todayIn('UTC', t.clock.now()).slice(0, 8)}01`);
    await page.getByLabel('To').fill(todayIn('UTC', t.clock.now()));
    await page.getByRole('button', { name: 'Show' }).click();
    await ledger.getByText('$150.00').first().waitFor();

    const pdf = await downloadPdf(page, 'Download PDF');
    expect(closingLine(pdf.lines)).toMatch(/Closing balance \$150\.00$/);
    expect(pdf.lines).toContain('Tidewater Books');
    expect(portalErrors).toEqual([]);
  });
});
