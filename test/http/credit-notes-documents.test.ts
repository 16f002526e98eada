import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfkitInvoiceRenderer } from '../../src/adapters/pdf/pdfkit-invoice-renderer.ts';
import { renderAnyDocumentPdf } from '../../src/services/documents/render-any-document-pdf.ts';
import { deliverDueEmails } from '../../src/services/email/deliver-due-emails.ts';
import { foldSpaces, pdfText, qpdfCheck } from '../pdf/pdf-tools.ts';
import { type SendingTestApp, startSendingApp } from '../support/sending-app.ts';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';

/** The credit note on paper and in the mail: PDF text, the email with its attachment, the portal link. */
let t: SendingTestApp;
let smtp: TestSmtpServer;
let clientId: string;
let contactId: string;

beforeAll(async () => {
  t = await startSendingApp();
  smtp = await startSmtpServer();
  await t.call('PATCH', '/api/v1/settings', { businessName: 'Harbour Studio', locale: 'en-US' });
  const client = await t.call('POST', '/api/v1/clients', {
    name: 'Paper Client',
    currency: 'EUR',
    contacts: [{ name: 'Pat Paper', email: 'pat@paper.example' }],
  });
  clientId = client.body.id;
  contactId = client.body.contacts[0].id;
});

afterAll(async () => {
  await smtp?.close();
  await t?.close();
});

async function paidInPart() {
  const draft = await t.call('POST', '/api/v1/invoices', {
    clientId,
    currency: 'EUR',
    issueDate: '2026-11-20',
    taxes: [],
    lines: [{ description: 'Design work', quantity: '8', unitPrice: '50.00' }],
  });
  const invoice = (await t.call('POST', `/api/v1/invoices/${draft.body.id}/mark-sent`)).body;
  await t.call('POST', `/api/v1/invoices/${invoice.id}/payments`, { method: 'cash', amount: '300.00' });
  return invoice as { id: string; number: string };
}

describe('credit note PDF', () => {
  it('is titled Credit note, names the invoice and the reason, and shows where the credit went', async () => {
    const invoice = await paidInPart();
    const draft = await t.call('POST', `/api/v1/invoices/${invoice.id}/credit-notes`, {
      mode: 'amount',
      amount: '150.00',
      reason: 'Two days not delivered',
    });
    const draftPdf = await t.app.inject({
      method: 'GET',
      url: `/api/v1/credit-notes/${draft.body.id}/pdf`,
      headers: { authorization: `Bearer ${t.adminToken}` },
    });
    expect(draftPdf.statusCode).toBe(200);
    expect(draftPdf.headers['content-disposition']).toContain('draft.pdf');
    const issued = (await t.call('POST', `/api/v1/credit-notes/${draft.body.id}/issue`)).body;
    expect(issued.credit).toEqual({
      total: '150.00',
      applied: '100.00',
      refunded: '0.00',
      remaining: '50.00',
    });

    const response = await t.app.inject({
      method: 'GET',
      url: `/api/v1/credit-notes/${draft.body.id}/pdf`,
      headers: { authorization: `Bearer ${t.adminToken}` },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toContain(`${issued.number}.pdf`);
    expect(await qpdfCheck(response.rawPayload)).toMatch(/No syntax or stream encoding errors/);
    const text = foldSpaces(await pdfText(response.rawPayload));
    expect(text).toContain('Credit note');
    expect(text).toContain(issued.number);
    expect(text).toContain(`Credits invoice ${invoice.number} of November 20, 2026`);
    expect(text).toContain('Two days not delivered');
    expect(text).toMatch(/Credit total.*150\.00/);
    expect(text).toMatch(/Applied to invoices.*100\.00/);
    expect(text).toMatch(/Remaining credit.*50\.00/);
    expect(text).not.toContain('Balance due');
  });
});

describe('credit note email', () => {
  it('issues a draft, queues the email and delivers it with the PDF attached over SMTP', async () => {
    const saved = await t.call('PUT', '/api/v1/settings/smtp', {
      host: '127.0.0.1',
      port: smtp.port,
      security: 'none',
      fromName: 'Billing',
      fromAddress: 'billing@harbour.example',
    });
    expect(saved.status).toBe(200);
    const invoice = await paidInPart();
    const draft = await t.call('POST', `/api/v1/invoices/${invoice.id}/credit-notes`, {
      reason: 'Cancelled',
    });
    const sent = await t.call('POST', `/api/v1/credit-notes/${draft.body.id}/send`, {});
    expect(sent.status).toBe(200);
    expect(sent.body.creditNote).toMatchObject({
      status: 'issued',
      credit: { total: '400.00', applied: '100.00' },
    });
    expect(sent.body.creditNote.sentAt).not.toBeNull();
    expect(sent.body.emails).toMatchObject([{ contactId, to: 'pat@paper.example', state: 'queued' }]);

    const before = smtp.messages.length;
    await deliverDueEmails(t.deps, t.mailer, {
      documentPdf: (document) =>
        renderAnyDocumentPdf({ ...t.deps, pdfRenderer: pdfkitInvoiceRenderer }, document),
    });
    const mail = smtp.messages[before]!;
    expect(mail.subject).toBe(`Credit note ${sent.body.creditNote.number} from Harbour Studio`);
    expect(mail.text).toContain(`Credits invoice ${invoice.number} of November 20, 2026`);
    expect(mail.text).toContain('Remaining credit: €300.00');
    expect(mail.text).toMatch(/https:\/\/billing\.example\.test\/portal\/link\/rl_/);
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]).toMatchObject({
      contentType: 'application/pdf',
      filename: `${sent.body.creditNote.number}.pdf`,
    });
    const attached = foldSpaces(await pdfText(mail.attachments[0]!.content));
    expect(attached).toContain(`Credits invoice ${invoice.number}`);

    const events = (await t.call('GET', `/api/v1/credit-notes/${draft.body.id}/events`)).body.items;
    expect(events.map((event: any) => event.type)).toEqual([
      'created',
      'status_changed',
      'email_queued',
      'email_sent',
    ]);

    // The portal link opens the credited invoice, whose portal view lists this credit note.
    const link = await t.call('POST', `/api/v1/credit-notes/${draft.body.id}/portal-link`, {});
    expect(link.status).toBe(201);
    expect(link.body.url).toMatch(/\/portal\/link\/rl_/);
    const other = await t.call('POST', `/api/v1/invoices/${invoice.id}/credit-notes`, {
      mode: 'amount',
      amount: '1.00',
      reason: 'x',
    });
    expect(other.status).toBe(422);
  });
});
