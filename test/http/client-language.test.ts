import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfkitInvoiceRenderer } from '../../src/adapters/pdf/pdfkit-invoice-renderer.ts';
import { renderAnyDocumentPdf } from '../../src/services/documents/render-any-document-pdf.ts';
import { deliverDueEmails } from '../../src/services/email/deliver-due-emails.ts';
import { foldSpaces, pdfText } from '../pdf/pdf-tools.ts';
import { type SendingTestApp, startSendingApp } from '../support/sending-app.ts';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';

let t: SendingTestApp;
let smtp: TestSmtpServer;

const pdfDeps = () => ({ ...t.deps, pdfRenderer: pdfkitInvoiceRenderer });
const deliver = () =>
  deliverDueEmails(t.deps, t.mailer, {
    documentPdf: (document) => renderAnyDocumentPdf(pdfDeps(), document),
  });

async function clientIn(language: string | undefined, name: string) {
  const created = await t.call('POST', '/api/v1/clients', {
    name,
    currency: 'EUR',
    taxId: 'DE123456789',
    ...(language === undefined ? {} : { language }),
    contacts: [{ name: 'Kim', email: `kim@${name.toLowerCase().replace(/\W+/g, '')}.example` }],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body as { id: string; language: string | null; contacts: { id: string }[] };
}

/** An issued invoice for 1,234.56 (no tax), due 30 days after 2026-11-25. */
async function issuedInvoice(clientId: string) {
  const created = await t.call('POST', '/api/v1/invoices', {
    clientId,
    issueDate: '2026-11-25',
    paymentTerms: 'net_30',
    lines: [{ description: 'Workshop', quantity: '1', unitPrice: '1234.56' }],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const issued = await t.call('POST', `/api/v1/invoices/${created.body.id}/mark-sent`, {});
  expect(issued.status, JSON.stringify(issued.body)).toBe(200);
  return issued.body as { id: string; number: string };
}

async function invoicePdfText(invoiceId: string): Promise<string> {
  return pdfText((await renderAnyDocumentPdf(pdfDeps(), { kind: 'invoice', id: invoiceId })).bytes);
}

beforeAll(async () => {
  t = await startSendingApp();
  smtp = await startSmtpServer();
  await t.call('PATCH', '/api/v1/settings', { businessName: 'Studio North', locale: 'en-US' });
  await t.call('PUT', '/api/v1/settings/smtp', {
    host: '127.0.0.1',
    port: smtp.port,
    security: 'none',
    fromAddress: 'billing@studio.example',
  });
});

afterAll(async () => {
  await smtp?.close();
  await t?.close();
});

describe("documents and emails in the client's language", () => {
  it('gives a German client a German invoice PDF with German figures', async () => {
    const client = await clientIn('de', 'Berliner Bau');
    expect(client.language).toBe('de');
    const invoice = await issuedInvoice(client.id);
    const text = await invoicePdfText(invoice.id);
    expect(text).toContain('RECHNUNG');
    expect(text).toContain('Rechnungsnummer');
    expect(text).toContain('Fälligkeitsdatum');
    expect(text).toContain('USt-IdNr.: DE123456789');
    expect(text).toContain('30 Tage netto');
    expect(text).toContain('1.234,56 €');
    expect(text).toContain('25.12.2026');
    expect(text).not.toMatch(/Invoice number|Due date|Balance due/);
  });

  it('gives a French client a French PDF and a French email', async () => {
    const client = await clientIn('fr', 'Atelier Lyon');
    const invoice = await issuedInvoice(client.id);
    const text = await invoicePdfText(invoice.id);
    expect(text).toContain('FACTURE');
    expect(text).toContain("Date d'échéance");
    expect(text).toContain('N° TVA : DE123456789');
    expect(text).toContain('1 234,56 €');

    const sent = await t.call('POST', `/api/v1/invoices/${invoice.id}/send`, {
      contactIds: [client.contacts[0]!.id],
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    const before = smtp.messages.length;
    expect(await deliver()).toMatchObject({ sent: 1, failed: 0 });
    const mail = smtp.messages[before]!;
    expect(mail.subject).toBe(`Facture ${invoice.number} de Studio North`);
    expect(mail.text).toContain('Bonjour Kim,');
    expect(foldSpaces(mail.text ?? '')).toContain('Montant dû: 1 234,56 €');
    expect(String(mail.html)).toContain('Ou ouvrez ce lien');
    // The attached PDF is French too.
    expect(await pdfText(mail.attachments[0]!.content)).toContain('FACTURE');
  });

  it('keeps a client without a language in the organisation’s (English here)', async () => {
    const client = await clientIn(undefined, 'Plain Ltd');
    expect(client.language).toBeNull();
    const invoice = await issuedInvoice(client.id);
    const text = await invoicePdfText(invoice.id);
    expect(text).toContain('INVOICE');
    expect(text).toContain('Invoice number');
    expect(text).toContain('Due date');
    expect(text).toContain('Tax ID: DE123456789');
    expect(text).toContain('€1,234.56');
  });

  it('follows a change of language, back to the organisation’s with null', async () => {
    const client = await clientIn('es', 'Madrid SL');
    const invoice = await issuedInvoice(client.id);
    expect(await invoicePdfText(invoice.id)).toContain('Fecha de vencimiento');
    const cleared = await t.call('PATCH', `/api/v1/clients/${client.id}`, { language: null });
    expect(cleared.status, JSON.stringify(cleared.body)).toBe(200);
    expect(cleared.body.language).toBeNull();
    expect(await invoicePdfText(invoice.id)).toContain('Due date');
  });

  it('refuses a language it has no messages for, naming the field, and saves nothing', async () => {
    const refused = await t.call('POST', '/api/v1/clients', { name: 'Tokyo KK', language: 'ja' });
    expect(refused.status).toBe(400);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'language' })]);
    expect(refused.body.errors[0].message).toBe('Language must be one of en, de, fr, es, nl, it, pt');
    const listed = await t.call('GET', '/api/v1/clients?q=Tokyo');
    expect(listed.body.items).toEqual([]);
  });
});
