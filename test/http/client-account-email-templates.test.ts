/**
 * Email templates for the payment receipt and the portal's account emails (issue 18): a German client's contact gets
 * the admin's German subject and opening through a real SMTP server (the receipt staff send and the one an online
 * payment sends by itself), with the receipt's balance and the sign-in link kept as the email writes them; unknown placeholders are refused naming the field, a reset brings the standard text
 * back, and staff who are not admins cannot change them.
 *
 * Figures: an invoice of 300.00 USD (2 x 150.00) for Nordlys GmbH (German) is paid 100.00 on 20 May 2026, leaving
 * 200.00. The clock stands at 25 May 2026 09:00 UTC, 11:00 in Berlin: a sign-in link expires 15 minutes later.
 */
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfkitInvoiceRenderer } from '../../src/adapters/pdf/pdfkit-invoice-renderer.ts';
import { PdfkitReceiptRenderer } from '../../src/adapters/pdf/pdfkit-receipt-renderer.ts';
import { deliverDueEmails } from '../../src/services/email/deliver-due-emails.ts';
import { queuePaymentEmails } from '../../src/services/gateways/payment-emails.ts';
import { receiptAttachmentSource } from '../../src/services/payments/render-receipt-pdf.ts';
import {
  createInvoice,
  type PortalHarness,
  resetRateLimits,
  startPortalHarness,
} from '../support/portal-harness.ts';
import { startSmtpServer, type TestSmtpServer, testMailer } from '../support/smtp.ts';

let h: PortalHarness;
let smtp: TestSmtpServer;
const receiptRenderer = new PdfkitReceiptRenderer(() => pdfkitInvoiceRenderer.fonts());

const RECEIPT = '/api/v1/settings/email-templates/receipt/de';
const SIGN_IN = '/api/v1/settings/email-templates/portal_sign_in/de';

async function staff(method: string, path: string, body?: unknown) {
  const response = await h.staff(method, path, body);
  if (response.status >= 300)
    throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** Delivers what is due over SMTP and returns the messages that arrived. */
async function deliver(): Promise<ParsedMail[]> {
  const before = smtp.messages.length;
  await deliverDueEmails(
    { ...h.deps, appUrl: 'http://localhost:3000', secretKey: h.secretKey },
    testMailer(),
    {
      receiptPdf: receiptAttachmentSource({ db: h.deps.db, clock: h.clock, receiptRenderer }),
    },
  );
  return smtp.messages.slice(before);
}

async function auditActions(entityId: string): Promise<string[]> {
  const rows = await h.deps.db
    .selectFrom('audit_log')
    .select('action')
    .where('entity_type', '=', 'email_template')
    .where('entity_id', '=', entityId)
    .orderBy('created_at')
    .execute();
  return rows.map((row) => row.action);
}

async function requestSignInLink(): Promise<ParsedMail> {
  await resetRateLimits(h);
  const asked = await h.browser().post('/api/portal/v1/auth/login-link', { email: 'ingrid@nordlys.example' });
  expect(asked.status).toBe(202);
  const [mail] = await deliver();
  expect(mail).toBeDefined();
  return mail!;
}

let nordlys: { id: string; contacts: { id: string; email: string }[] };

beforeAll(async () => {
  h = await startPortalHarness();
  smtp = await startSmtpServer();
  h.clock.set('2026-05-25T09:00:00Z');
  await staff('PATCH', '/api/v1/settings', {
    businessName: 'Fjord Studio',
    locale: 'en-US',
    timeZone: 'Europe/Berlin',
  });
  await staff('PUT', '/api/v1/settings/smtp', {
    host: '127.0.0.1',
    port: smtp.port,
    security: 'none',
    fromName: 'Fjord Studio',
    fromAddress: 'billing@fjord.example',
  });
  nordlys = await staff('POST', '/api/v1/clients', {
    name: 'Nordlys GmbH',
    email: 'buchhaltung@nordlys.example',
    language: 'de',
    contacts: [{ name: 'Ingrid', email: 'ingrid@nordlys.example' }],
  });
});

afterAll(async () => {
  await smtp?.close();
  await h?.close();
});

describe('receipt and portal email templates', () => {
  it('lists the receipt and portal kinds with their own placeholders and standard text', async () => {
    const { templates } = await staff('GET', '/api/v1/settings/email-templates');
    const find = (kind: string) =>
      templates.find(
        (each: { kind: string; language: string }) => each.kind === kind && each.language === 'de',
      );
    expect(find('receipt').placeholders).toEqual([
      'business.name',
      'client.name',
      'document.number',
      'payment.amount',
      'payment.date',
      'balance_due',
    ]);
    expect(find('receipt').standard.subject).toBe(
      'Zahlung für Rechnung {{document.number}} erhalten - {{business.name}}',
    );
    expect(find('portal_sign_in').placeholders).toEqual([
      'business.name',
      'client.name',
      'contact.name',
      'link_expiry',
    ]);
    expect(find('portal_invitation').standard.subject).toBe(
      '{{business.name}} lädt Sie zum Kundenportal ein',
    );
    expect(find('portal_password_reset').override).toBeNull();
  });

  it('refuses placeholders the receipt or a portal email cannot fill, naming field and placeholder', async () => {
    const receipt = await h.staff('PUT', RECEIPT, { subject: 'Quittung', body: 'Fällig am {{due_date}}' });
    expect(receipt.status).toBe(422);
    expect(receipt.body.errors[0].field).toBe('body');
    expect(receipt.body.errors[0].message).toContain('{{due_date}}');
    const signIn = await h.staff('PUT', SIGN_IN, { subject: 'Link {{portal_link}}' });
    expect(signIn.status).toBe(422);
    expect(signIn.body.errors[0].field).toBe('subject');
    expect(signIn.body.errors[0].message).toContain('{{portal_link}}');
    const preview = await h.staff('POST', `${SIGN_IN}/preview`, { body: 'Bis {{due_date}}' });
    expect(preview.status).toBe(422);
    expect(preview.body.errors[0].field).toBe('body');
    expect(await auditActions('receipt/de')).toEqual([]);
    expect(await auditActions('portal_sign_in/de')).toEqual([]);
  });

  it('previews a portal email with the link button in place and the typed opening', async () => {
    const preview = await staff('POST', '/api/v1/settings/email-templates/portal_invitation/de/preview', {
      subject: 'Willkommen bei {{business.name}}',
      body: 'Hallo {{contact.name}} von {{client.name}}, bis {{link_expiry}}.',
    });
    expect(preview.subject).toBe('Willkommen bei Fjord Studio');
    expect(preview.html).toContain('Hallo Ada von Example Client Ltd, bis 25. Mai 2026 um 12:00.');
    expect(preview.html).toContain('href="https://example.com/portal/sign-in#token=example"');
    expect(preview.text).toContain('Passwort festlegen: https://example.com/portal/sign-in#token=example');
  });

  it("emails a German client's receipt with the German override, keeping the balance and the PDF", async () => {
    await staff('PUT', RECEIPT, {
      subject: 'Zahlungseingang {{payment.amount}} für {{document.number}}',
      body: 'Danke, {{client.name}}: {{payment.amount}} am {{payment.date}} für Rechnung {{document.number}} erhalten.',
    });
    expect(await auditActions('receipt/de')).toEqual(['email_template.updated']);
    const invoice = await createInvoice(h, nordlys.id);
    const paid = await staff('POST', `/api/v1/invoices/${invoice.id}/payments`, {
      amount: '100.00',
      method: 'bank_transfer',
      reference: 'TR-7',
      paidOn: '2026-05-20',
    });
    await staff('POST', `/api/v1/payments/${paid.payment.id}/receipt/send`, {});
    const [mail] = await deliver();
    expect(JSON.stringify(mail!.to)).toContain('buchhaltung@nordlys.example');
    expect(mail!.subject).toMatch(new RegExp(`^Zahlungseingang 100,00\\s\\$ für ${invoice.number}$`));
    expect(mail!.text).toMatch(
      new RegExp(
        `Danke, Nordlys GmbH: 100,00\\s\\$ am 20\\.05\\.2026 für Rechnung ${invoice.number} erhalten\\.`,
      ),
    );
    expect(mail!.text).toMatch(/Noch offener Betrag: 200,00\s\$\./);
    expect(mail!.text).toContain('Ihre Quittung ist als PDF angehängt.');
    expect(mail!.text).not.toContain('Vielen Dank: Wir haben Ihre Zahlung');
    expect(mail!.attachments.map((each) => each.contentType)).toEqual(['application/pdf']);

    // The receipt an online payment emails by itself goes to the paying contact, with the same template.
    await h.deps.db.transaction().execute((trx) =>
      queuePaymentEmails(
        trx,
        {
          invoiceId: invoice.id,
          invoiceNumber: invoice.number,
          paymentId: paid.payment.id,
          paidOn: '2026-05-20',
          amount: '100.00',
          currency: 'USD',
          balanceDue: '200.00',
          providerName: 'Stripe',
          clientName: 'Nordlys GmbH',
          contactId: nordlys.contacts[0]!.id,
          reviewReason: null,
        },
        h.clock.now(),
      ),
    );
    const [automatic] = await deliver();
    expect(JSON.stringify(automatic!.to)).toContain('ingrid@nordlys.example');
    expect(automatic!.subject).toBe(mail!.subject);
    expect(automatic!.text).toMatch(/Danke, Nordlys GmbH: 100,00\s\$ am 20\.05\.2026/);
  });

  it('emails a German portal sign-in link with the override around the fixed link, and the standard after a reset', async () => {
    await staff('PUT', SIGN_IN, {
      subject: 'Anmeldung bei {{business.name}} für {{contact.name}}',
      body: 'Hallo {{contact.name}} von {{client.name}}, der Link gilt bis {{link_expiry}}.',
    });
    const ingrid = nordlys.contacts[0]!;
    await staff('POST', `/api/v1/contacts/${ingrid.id}/portal/invite`);
    const [invitation] = await deliver();
    expect(invitation!.subject).toBe('Fjord Studio lädt Sie zum Kundenportal ein');
    expect(invitation!.text).toMatch(
      /Passwort festlegen: http:\/\/localhost:3000\/portal\/set-password#token=\S+/,
    );

    const mail = await requestSignInLink();
    expect(JSON.stringify(mail.to)).toContain('ingrid@nordlys.example');
    expect(mail.subject).toBe('Anmeldung bei Fjord Studio für Ingrid');
    expect(mail.text).toContain('Hallo Ingrid,');
    expect(mail.text).toContain('Hallo Ingrid von Nordlys GmbH, der Link gilt bis 25. Mai 2026 um 11:15.');
    const link = /Anmelden: (http:\/\/localhost:3000\/portal\/sign-in#token=[\w-]{20,})/.exec(
      mail.text ?? '',
    )?.[1];
    expect(link).toBeDefined();
    expect(String(mail.html)).toContain(`href="${link}"`);
    expect(mail.text).toContain('Der Link funktioniert einmal innerhalb von 15 Minuten.');

    const reset = await staff('DELETE', SIGN_IN);
    expect(reset.override).toBeNull();
    // The test clock stands still: both entries carry the same time.
    expect((await auditActions('portal_sign_in/de')).sort()).toEqual([
      'email_template.reset',
      'email_template.updated',
    ]);
    const standard = await requestSignInLink();
    expect(standard.subject).toBe('Ihr Anmeldelink für das Kundenportal von Fjord Studio');
    expect(standard.text).toContain(
      'Mit dem Link unten melden Sie sich ohne Passwort im Kundenportal von Fjord Studio an.',
    );
    expect(standard.text).toMatch(/Anmelden: http:\/\/localhost:3000\/portal\/sign-in#token=[\w-]{20,}/);
  });

  it('lets staff who are not admins read the templates but not save, reset or preview them', async () => {
    const read = await h.staff('GET', '/api/v1/settings/email-templates', undefined, h.financeToken);
    expect(read.status).toBe(200);
    const save = await h.staff('PUT', RECEIPT, { subject: 'Quittung' }, h.financeToken);
    const reset = await h.staff('DELETE', RECEIPT, undefined, h.financeToken);
    const preview = await h.staff('POST', `${RECEIPT}/preview`, { subject: 'Quittung' }, h.financeToken);
    expect([save.status, reset.status, preview.status]).toEqual([403, 403, 403]);
    expect(save.headers.get('content-type')).toContain('application/problem+json');
    const { templates } = await staff('GET', '/api/v1/settings/email-templates');
    const receipt = templates.find(
      (each: { kind: string; language: string }) => each.kind === 'receipt' && each.language === 'de',
    );
    expect(receipt.override.subject).toBe('Zahlungseingang {{payment.amount}} für {{document.number}}');
  });
});
