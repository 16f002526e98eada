import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
 * The email templates settings page in a real Chromium (issue 18): an admin saves a German invoice subject with a
 * placeholder and sees the preview follow it; an unknown placeholder is refused beside the subject; the send dialog
 * of a German client starts from the template and the email that reaches the SMTP server has it filled in; reset
 * brings back the standard text.
 */
let t: BrowserApp;
let smtp: TestSmtpServer;
let staff: TestBrowser;
let staffErrors: string[];
let callApi: StaffApi;
let invoiceId = '';
let standardGermanSubject = '';

beforeAll(async () => {
  t = await startBrowserApp();
  smtp = await startSmtpServer();
  callApi = await staffApi(t, 'email templates test');
  await callApi('PATCH', '/settings', { businessName: 'Harbour Studio', defaultCurrency: 'EUR' });
  await callApi('PUT', '/settings/smtp', {
    host: '127.0.0.1',
    port: smtp.port,
    security: 'none',
    fromName: 'Harbour Studio',
    fromAddress: 'billing@harbour.example',
  });
  const client = await callApi('POST', '/clients', {
    name: 'Hafen GmbH',
    language: 'de',
    contacts: [{ name: 'Jana Hafen', email: 'jana@hafen.example' }],
  });
  const draft = await callApi('POST', '/invoices', {
    clientId: client.id,
    paymentTerms: 'net_30',
    lines: [{ description: 'Hafenvermessung', quantity: '1', unitPrice: '900.00', taxes: [] }],
  });
  invoiceId = draft.id;
  const { templates } = await callApi('GET', '/settings/email-templates');
  standardGermanSubject = templates.find(
    (each: { kind: string; language: string }) => each.kind === 'invoice' && each.language === 'de',
  ).standard.subject;
  staff = await launchBrowser();
  staffErrors = collectPageErrors(staff.page);
  await logIn(staff.page, t.baseUrl, ADMIN);
}, 180_000);

afterAll(async () => {
  await staff?.close();
  await smtp?.close();
  await t?.close();
});

async function openGermanInvoiceTemplate() {
  const { page } = staff;
  await page.goto(`${t.baseUrl}/app/settings/email-templates`);
  const section = page.getByRole('region', { name: 'Email templates' });
  await section.getByLabel('Email', { exact: true }).selectOption('invoice');
  await section.getByLabel('Language').selectOption('de');
  const subject = section.getByLabel('Subject');
  await expect.poll(() => subject.getAttribute('placeholder')).toBe(standardGermanSubject);
  return { section, subject };
}

describe('the email templates page', () => {
  it('saves a German subject with a placeholder, previews it, refuses an unknown one and resets', async () => {
    const { page } = staff;
    expect(standardGermanSubject).toContain('{{document.number}}');
    const { section, subject } = await openGermanInvoiceTemplate();
    expect(await subject.inputValue()).toBe('');

    await subject.fill('Ihre Rechnung {{document.number}} von {{business.name}}');
    const preview = section.getByRole('region', { name: 'Email preview' });
    await preview.getByText('Ihre Rechnung INV-0042 von Harbour Studio').waitFor();
    expect(await section.getByTitle('Email preview').getAttribute('sandbox')).toBe('');
    await section.getByRole('button', { name: 'Save template' }).click();
    await toast(page, 'Email template saved');

    // The send dialog of a German client starts from the template; left as it is, the server fills it in.
    await page.goto(`${t.baseUrl}/app/invoices/${invoiceId}`);
    await page.getByRole('button', { name: 'Send invoice' }).click();
    const dialog = page.getByRole('dialog', { name: 'Send invoice' });
    await dialog.waitFor();
    const dialogSubject = dialog.getByLabel('Subject');
    await expect
      .poll(() => dialogSubject.inputValue())
      .toBe('Ihre Rechnung {{document.number}} von {{business.name}}');
    await dialog.getByRole('button', { name: 'Send invoice' }).click();
    await toast(page, 'Invoice sent');
    await t.deliverEmails();
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]!.subject).toMatch(/^Ihre Rechnung \S+ von Harbour Studio$/);
    expect(smtp.messages[0]!.subject).not.toContain('{{');

    const again = await openGermanInvoiceTemplate();
    expect(await again.subject.inputValue()).toBe('Ihre Rechnung {{document.number}} von {{business.name}}');
    await again.subject.fill('Rechnung {{invoice.colour}}');
    await again.section.getByRole('button', { name: 'Save template' }).click();
    const invalid = again.section.locator('.field-invalid', { hasText: 'Subject' });
    await invalid.getByText('Unknown placeholder {{invoice.colour}}').waitFor();
    expect(await again.subject.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'email templates page with a refused placeholder');
    await screenshot(page, 'email-templates-error');

    await again.section.getByRole('button', { name: 'Reset to standard' }).click();
    await toast(page, 'Email template reset to the standard');
    await expect.poll(() => again.subject.inputValue()).toBe('');
    expect(await again.subject.getAttribute('placeholder')).toBe(standardGermanSubject);
    const { templates } = await callApi('GET', '/settings/email-templates');
    expect(
      templates.find(
        (each: { kind: string; language: string }) => each.kind === 'invoice' && each.language === 'de',
      ).override,
    ).toBeNull();
    await expectAccessible(page, 'email templates page');
    expect(staffErrors).toEqual([]);
  }, 120_000);
});
