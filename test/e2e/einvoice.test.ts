import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfkitInvoiceRenderer } from '../../src/adapters/pdf/pdfkit-invoice-renderer.ts';
import { deliverDueEmails } from '../../src/services/email/deliver-due-emails.ts';
import { documentAttachmentSources } from '../../src/services/email/document-attachments.ts';
import { VALIDATED_IN_ANOTHER_PASS, validateEInvoices } from '../support/einvoice-validator.ts';
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
 * E-invoicing in a real Chromium: an issued invoice's E-invoice menu lists what a CII e-invoice still misses; staff
 * fill the E-invoicing section of the settings and the client's E-invoicing card (preferring Factur-X), and the
 * menu then downloads the XML; the send dialog preselects Factur-X from the client, and the email that reaches the
 * loopback SMTP server carries the Factur-X PDF with factur-x.xml inside (pdfdetach). Every XML file passes the
 * official EN 16931 rules, in one validator call. In the portal, the client finds the Factur-X PDF first (its
 * preference) beside the PDF and downloads the XML too.
 */
let t: BrowserApp;
let smtp: TestSmtpServer;
let staff: TestBrowser;
let staffErrors: string[];
let callApi: StaffApi;
let invoice = { id: '', number: '' };
let clientId = '';
let portalLink = '';
const dir = mkdtempSync(join(tmpdir(), 'remit-einvoice-e2e-'));
const xmlFiles: string[] = [];

beforeAll(async () => {
  t = await startBrowserApp();
  smtp = await startSmtpServer();
  callApi = await staffApi(t, 'e-invoicing test');
  await callApi('PATCH', '/settings', {
    businessName: 'Atelier Durand',
    address: { line1: '12 rue de la Paix', city: 'Paris', postalCode: '75002' },
    defaultCurrency: 'EUR',
  });
  await callApi('PUT', '/settings/smtp', {
    host: '127.0.0.1',
    port: smtp.port,
    security: 'none',
    fromName: 'Atelier Durand',
    fromAddress: 'factures@durand.example',
  });
  const vat = await callApi('POST', '/tax-rates', { name: 'TVA', rate: '20', vatCategory: 'S' });
  const customer = await callApi('POST', '/clients', {
    name: 'Lefèvre & Fils',
    address: { line1: '3 quai Saint-Antoine', city: 'Lyon', postalCode: '69002' },
    contacts: [{ name: 'Claire Lefèvre', email: 'claire@lefevre.example' }],
  });
  clientId = customer.id;
  const draft = await callApi('POST', '/invoices', {
    clientId,
    paymentTerms: 'net_30',
    lines: [
      { description: 'Brand identity', quantity: '1', unitPrice: '2400.00', taxes: [{ taxRateId: vat.id }] },
    ],
  });
  const issued = await callApi('POST', `/invoices/${draft.id}/mark-sent`);
  invoice = { id: issued.id, number: issued.number };
  staff = await launchBrowser();
  staffErrors = collectPageErrors(staff.page);
  await logIn(staff.page, t.baseUrl, ADMIN);
}, 180_000);

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await staff?.close();
  await smtp?.close();
  await t?.close();
});

describe('e-invoicing screens', () => {
  it("the invoice's E-invoice menu lists what a CII e-invoice misses", async () => {
    const { page } = staff;
    await page.goto(`${t.baseUrl}/app/invoices/${invoice.id}`);
    await page.getByRole('heading', { name: new RegExp(`Invoice ${invoice.number}`) }).waitFor();
    await page.getByLabel('E-invoice format').selectOption('cii');
    const missing = page.getByRole('status').filter({ hasText: 'Not possible as CII (EN 16931) yet' });
    await missing.waitFor();
    const text = await missing.textContent();
    expect(text ?? '').toMatch(/VAT number/i);
    expect(text).toMatch(/country/i);
    expect(text).toContain('fix in Settings, Invoicing');
    expect(text).toContain('fix in the client');
    expect(await page.getByRole('link', { name: /^Download CII/ }).count()).toBe(0);
    await expectAccessible(page, 'invoice page with the e-invoice problems');
  });

  it('staff fill the E-invoicing section of the settings', async () => {
    const { page } = staff;
    await page.goto(`${t.baseUrl}/app/settings/invoicing`);
    const form = page.getByRole('form', { name: 'E-invoicing' });
    await form.waitFor();
    await form.getByLabel('Legal name').fill('Atelier Durand SARL');
    await form.getByLabel('Country').selectOption('FR');
    await form.getByLabel('VAT number').fill('FR40303265045');
    await form.getByLabel('Company registration number').fill('303265045');
    await form.getByLabel('IBAN').fill('FR76 3000 6000 0112 3456 7890 189');
    await form.getByRole('button', { name: 'Save e-invoicing settings' }).click();
    await toast(page, 'E-invoicing settings saved');
    await screenshot(page, 'einvoice-settings');
    const saved = await callApi('GET', '/settings');
    expect(saved.einvoicing).toMatchObject({ legalName: 'Atelier Durand SARL', vatId: 'FR40303265045' });
  });

  it("staff set the client's E-invoicing card, preferring Factur-X", async () => {
    const { page } = staff;
    await page.goto(`${t.baseUrl}/app/clients/${clientId}`);
    const card = page.getByRole('form', { name: 'E-invoicing' });
    await card.waitFor();
    await card.getByLabel('Country').selectOption('FR');
    await card.getByLabel('VAT number').fill('FR12345678901');
    await card.getByLabel('Preferred e-invoice format').selectOption('facturx');
    await card.getByRole('button', { name: 'Save e-invoice details' }).click();
    await toast(page, 'E-invoice details saved');
    expect((await callApi('GET', `/clients/${clientId}`)).einvoiceFormat).toBe('facturx');
  });

  it('once complete, the menu downloads the XML', async () => {
    const { page } = staff;
    await page.goto(`${t.baseUrl}/app/invoices/${invoice.id}`);
    await page.getByRole('heading', { name: new RegExp(`Invoice ${invoice.number}`) }).waitFor();
    await page.getByLabel('E-invoice format').selectOption('cii');
    const link = page.getByRole('link', { name: 'Download CII (EN 16931)' });
    await link.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe(`${invoice.number}-cii.xml`);
    const file = join(dir, 'downloaded-cii.xml');
    await download.saveAs(file);
    const xml = readFileSync(file, 'utf8');
    expect(xml).toContain('<ram:ID schemeID="VA">FR40303265045</ram:ID>');
    xmlFiles.push(file);
  });

  it('the send dialog preselects Factur-X from the client; the email carries it with factur-x.xml inside', async () => {
    const { page } = staff;
    await page.getByRole('button', { name: 'Resend' }).click();
    const dialog = page.getByRole('dialog', { name: 'Send invoice' });
    await dialog.waitFor();
    const attach = dialog.getByLabel('Attach');
    expect(await attach.inputValue()).toBe('facturx');
    await expectAccessible(page, 'send dialog with the attachment choice');
    await dialog.getByRole('button', { name: 'Send again' }).click();
    await toast(page, 'Invoice sent');
    await deliverDueEmails(
      t.deps,
      t.mailer,
      documentAttachmentSources({ db: t.deps.db, clock: t.clock, pdfRenderer: pdfkitInvoiceRenderer }),
    );
    const mail = smtp.messages.find((m) => m.to && JSON.stringify(m.to).includes('claire@lefevre.example'));
    expect(mail, 'the email reached the SMTP server').toBeDefined();
    expect(mail!.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      [`${invoice.number}-facturx.pdf`, 'application/pdf'],
    ]);
    const pdf = join(dir, 'emailed-facturx.pdf');
    writeFileSync(pdf, mail!.attachments[0]!.content);
    expect(execFileSync('pdfdetach', ['-list', pdf], { encoding: 'utf8' })).toContain('1: factur-x.xml');
    const embedded = join(dir, 'emailed-factur-x.xml');
    execFileSync('pdfdetach', ['-savefile', 'factur-x.xml', '-o', embedded, pdf]);
    expect(readFileSync(embedded, 'utf8')).toContain(`<ram:ID>${invoice.number}</ram:ID>`);
    xmlFiles.push(embedded);
    portalLink = new RegExp(`${t.baseUrl}/portal/link/[A-Za-z0-9_-]+`).exec(mail!.text ?? '')?.[0] ?? '';
    expect(portalLink).not.toBe('');
  });

  it('the client downloads the Factur-X PDF (its preferred format first) and the XML in the portal', async () => {
    const client = await launchBrowser();
    try {
      const { page } = client;
      await page.goto(portalLink);
      await page.getByRole('heading', { name: new RegExp(`Invoice ${invoice.number}`) }).waitFor();
      const buttons = page.locator('.page-head .actions > a');
      expect(await buttons.allInnerTexts()).toEqual([
        'Download PDF',
        'Download Factur-X PDF',
        'Download XML (UBL)',
      ]);
      const [facturx] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Download Factur-X PDF' }).click(),
      ]);
      expect(facturx.suggestedFilename()).toBe(`${invoice.number}-facturx.pdf`);
      const [xml] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Download XML (UBL)' }).click(),
      ]);
      expect(xml.suggestedFilename()).toBe(`${invoice.number}-ubl.xml`);
      const file = join(dir, 'portal-ubl.xml');
      await xml.saveAs(file);
      xmlFiles.push(file);
      await screenshot(page, 'einvoice-portal');
      await expectAccessible(page, 'portal invoice with e-invoice downloads');
    } finally {
      await client.close();
    }
  });

  it.skipIf(VALIDATED_IN_ANOTHER_PASS)(
    'every XML produced passes the official EN 16931 rules (one validator call)',
    async () => {
      expect(xmlFiles).toHaveLength(3);
      const validation = await validateEInvoices({ en16931: xmlFiles });
      expect(validation.failure, validation.failure ?? '').toBeNull();
      for (const file of xmlFiles) {
        const verdict = validation.verdicts.get(file);
        expect(verdict, `no result for ${file}`).toBeDefined();
        const failed = (verdict?.lines ?? []).filter((l) => l.startsWith('fatal'));
        expect(verdict?.fatal, `${file}:\n${failed.join('\n')}`).toBe(0);
      }
    },
    120_000,
  );

  it('the staff app reported no errors', () => {
    expect(staffErrors).toEqual([]);
  });
});
