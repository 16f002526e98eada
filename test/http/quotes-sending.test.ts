import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfkitInvoiceRenderer } from '../../src/adapters/pdf/pdfkit-invoice-renderer.ts';
import { renderAnyDocumentPdf } from '../../src/services/documents/render-any-document-pdf.ts';
import { deliverDueEmails } from '../../src/services/email/deliver-due-emails.ts';
import { pdfDrawnText, pdfText, qpdfCheck } from '../pdf/pdf-tools.ts';
import { type SendingTestApp, startSendingApp, TEST_APP_URL } from '../support/sending-app.ts';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';

let t: SendingTestApp;
let smtp: TestSmtpServer;
let clientId: string;
let contactIds: string[];

const deliver = () =>
  deliverDueEmails(t.deps, t.mailer, {
    documentPdf: (document) =>
      renderAnyDocumentPdf({ ...t.deps, pdfRenderer: pdfkitInvoiceRenderer }, document),
  });

async function draftQuote(extra: Record<string, unknown> = {}) {
  const created = await t.call('POST', '/api/v1/quotes', {
    clientId,
    issueDate: '2026-11-25',
    validUntil: '2026-12-24',
    taxes: [],
    lines: [{ description: 'Brand workshop', quantity: '2', unitPrice: '617.25' }],
    ...extra,
  });
  expect(created.status).toBe(201);
  return created.body;
}

beforeAll(async () => {
  t = await startSendingApp();
  smtp = await startSmtpServer();
  await t.call('PATCH', '/api/v1/settings', { businessName: 'Studio North', email: 'office@studio.example' });
  const client = await t.call('POST', '/api/v1/clients', {
    name: 'Acme Retail',
    currency: 'USD',
    contacts: [
      { name: 'Priya Shah', email: 'priya@acme.example' },
      { name: 'Tom Li', email: 'tom@acme.example' },
    ],
  });
  clientId = client.body.id;
  contactIds = client.body.contacts.map((c: { id: string }) => c.id);
});

afterAll(async () => {
  await smtp?.close();
  await t?.close();
});

describe('sending a quote', () => {
  it('issues a draft and emails the chosen contact a portal link, with the quote PDF attached', async () => {
    const quote = await draftQuote();
    // Without SMTP the quote is still sent; the email is recorded as not sent.
    const unsent = await t.call('POST', `/api/v1/quotes/${quote.id}/send`, { contactIds: [contactIds[0]] });
    expect(unsent.status).toBe(200);
    expect(unsent.body.quote.status).toBe('sent');
    expect(unsent.body.emails[0]).toMatchObject({ state: 'not_sent', to: 'priya@acme.example' });

    await t.call('PUT', '/api/v1/settings/smtp', {
      host: '127.0.0.1',
      port: smtp.port,
      security: 'none',
      fromAddress: 'billing@studio.example',
    });
    const sent = await t.call('POST', `/api/v1/quotes/${quote.id}/send`, {
      contactIds: [contactIds[1]],
      message: 'As discussed on the phone.',
    });
    expect(sent.status).toBe(200);
    const number = sent.body.quote.number;
    expect(number).toMatch(/^Q-2026-\d{4}$/);
    expect(sent.body.emails).toEqual([expect.objectContaining({ to: 'tom@acme.example', state: 'queued' })]);
    const outbox = await t.deps.db
      .selectFrom('email_outbox')
      .selectAll()
      .where('id', '=', sent.body.emails[0].id)
      .executeTakeFirstOrThrow();
    expect(outbox).toMatchObject({
      kind: 'quote',
      quote_id: quote.id,
      invoice_id: null,
      attach_invoice_pdf: true,
    });

    const before = smtp.messages.length;
    expect(await deliver()).toMatchObject({ sent: 1, failed: 0 });
    const mail = smtp.messages[before]!;
    expect(mail.subject).toBe(`Quote ${number} from Studio North`);
    expect(mail.text).toContain('As discussed on the phone.');
    expect(mail.text).toContain('Total: $1,234.50');
    expect(mail.text).toContain('Valid until: December 24, 2026');
    const link = /https:\/\/billing\.example\.test\/portal\/link\/rl_[A-Za-z0-9_-]+/.exec(mail.text ?? '');
    expect(link, mail.text).not.toBeNull();
    expect(String(mail.html)).toContain(link![0]);
    expect(link![0].startsWith(TEST_APP_URL)).toBe(true);

    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]).toMatchObject({ contentType: 'application/pdf', filename: `${number}.pdf` });
    const pdf = mail.attachments[0]!.content;
    expect(await qpdfCheck(pdf)).toContain('No syntax or stream encoding errors');
    const text = await pdfText(pdf);
    expect(text).toContain('Quote');
    expect(text).toContain(number);
    expect(text).toContain('Valid until');
    expect(text).toContain('$1,234.50');
    expect(text).not.toMatch(/Balance due|Amount paid|Invoice number/);

    const link2 = await t.deps.db
      .selectFrom('invoice_links')
      .selectAll()
      .where('quote_id', '=', quote.id)
      .where('contact_id', '=', contactIds[1]!)
      .executeTakeFirstOrThrow();
    expect(link2.invoice_id).toBeNull();

    const events = (await t.call('GET', `/api/v1/quotes/${quote.id}/events`)).body.items;
    expect(events.map((e: { type: string }) => e.type)).toEqual([
      'created',
      'status_changed',
      'email_queued',
      'email_queued',
      'email_sent',
    ]);
    // The delivery is on the quote's timeline, as it is on an invoice's.
    expect(events.at(-1)).toMatchObject({
      actor: { type: 'system' },
      data: { emailId: sent.body.emails[0].id, kind: 'quote', to: 'tom@acme.example', attempts: 1 },
    });
  });

  it('refuses a contact of another client, and takes no number then', async () => {
    const other = await t.call('POST', '/api/v1/clients', {
      name: 'Globex',
      contacts: [{ name: 'Gina', email: 'gina@globex.example' }],
    });
    const quote = await draftQuote();
    const refused = await t.call('POST', `/api/v1/quotes/${quote.id}/send`, {
      contactIds: [other.body.contacts[0].id],
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0].field).toBe('contactIds.0');
    expect((await t.call('GET', `/api/v1/quotes/${quote.id}`)).body).toMatchObject({
      status: 'draft',
      number: null,
    });
  });

  it('serves the PDF to staff, stamped Expired once the quote has lapsed', async () => {
    const quote = await draftQuote({ issueDate: '2026-10-01', validUntil: '2026-10-31' });
    await t.call('POST', `/api/v1/quotes/${quote.id}/mark-sent`);
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/v1/quotes/${quote.id}/pdf`,
      headers: { authorization: `Bearer ${t.adminToken}` },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(response.rawPayload);
    expect(text).toContain('Quote number');
    // The stamp is set at an angle: read in drawing order so its letters stay one word.
    expect(await pdfDrawnText(response.rawPayload)).toContain('EXPIRED');
    await t.call('PATCH', `/api/v1/quotes/${quote.id}`, { validUntil: '2026-12-31' });
    const open = await t.app.inject({
      method: 'GET',
      url: `/api/v1/quotes/${quote.id}/pdf`,
      headers: { authorization: `Bearer ${t.adminToken}` },
    });
    expect(await pdfDrawnText(open.rawPayload)).not.toContain('EXPIRED');
    await t.call('PATCH', `/api/v1/quotes/${quote.id}`, { validUntil: '2026-10-31' });
    const resend = await t.call('POST', `/api/v1/quotes/${quote.id}/send`, {});
    expect(resend.status).toBe(409);
    expect(resend.body.code).toBe('quote_expired');
  });

  it('makes a portal link for staff to share, for sent quotes only', async () => {
    const quote = await draftQuote();
    const early = await t.call('POST', `/api/v1/quotes/${quote.id}/portal-link`, {
      contactId: contactIds[0],
    });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('quote_not_sent');
    await t.call('POST', `/api/v1/quotes/${quote.id}/mark-sent`);
    const ambiguous = await t.call('POST', `/api/v1/quotes/${quote.id}/portal-link`);
    expect(ambiguous.status).toBe(422);
    expect(ambiguous.body.errors[0].field).toBe('contactId');
    const made = await t.call('POST', `/api/v1/quotes/${quote.id}/portal-link`, { contactId: contactIds[0] });
    expect(made.status).toBe(201);
    expect(made.body.url).toMatch(/^https:\/\/billing\.example\.test\/portal\/link\/rl_/);
    expect(made.body.contact).toMatchObject({ id: contactIds[0], email: 'priya@acme.example' });
    const events = (await t.call('GET', `/api/v1/quotes/${quote.id}/events`)).body.items;
    expect(events.at(-1)).toMatchObject({ type: 'portal_link_created', data: { contactId: contactIds[0] } });
    expect(JSON.stringify(events)).not.toContain(made.body.url.split('/').at(-1));
  });
});
