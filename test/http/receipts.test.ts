/**
 * Payment receipts (issue 18): GET /api/v1/payments/{id}/receipt.pdf and POST .../receipt/send through a real SMTP
 * server, the "email a receipt" option of recording a payment, the portal's receipt download and the setting.
 *
 * Figures: invoices of 300.00 USD (2 x 150.00). Acme pays 100.00 by bank transfer (reference TR-1): applied 100.00,
 * balance due 200.00; 40.00 of it is refunded later (kept 60.00, balance 240.00). Nordlys (German) pays 300.00.
 */
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfkitInvoiceRenderer } from '../../src/adapters/pdf/pdfkit-invoice-renderer.ts';
import { PdfkitReceiptRenderer } from '../../src/adapters/pdf/pdfkit-receipt-renderer.ts';
import { deliverDueEmails } from '../../src/services/email/deliver-due-emails.ts';
import { receiptAttachmentSource } from '../../src/services/payments/render-receipt-pdf.ts';
import { foldSpaces, pdfText, qpdfCheck } from '../pdf/pdf-tools.ts';
import {
  activateContact,
  type Browser,
  createInvoice,
  type PortalHarness,
  resetRateLimits,
  startPortalHarness,
} from '../support/portal-harness.ts';
import { startSmtpServer, type TestSmtpServer, testMailer } from '../support/smtp.ts';

let h: PortalHarness;
let smtp: TestSmtpServer;
const receiptRenderer = new PdfkitReceiptRenderer(() => pdfkitInvoiceRenderer.fonts());

interface Client {
  id: string;
  contacts: { id: string; name: string; email: string }[];
}

async function staff(method: string, path: string, body?: unknown) {
  const response = await h.staff(method, path, body);
  if (response.status >= 300)
    throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

async function client(body: Record<string, unknown>): Promise<Client> {
  return staff('POST', '/api/v1/clients', body);
}

async function pay(invoiceId: string, body: Record<string, unknown> = {}) {
  return h.staff('POST', `/api/v1/invoices/${invoiceId}/payments`, {
    amount: '100.00',
    method: 'bank_transfer',
    reference: 'TR-1',
    paidOn: '2026-05-20',
    ...body,
  });
}

/** The PDF's bytes as staff download it. */
async function receiptPdf(paymentId: string) {
  const response = await h.app.inject({
    method: 'GET',
    url: `/api/v1/payments/${paymentId}/receipt.pdf`,
    headers: { authorization: `Bearer ${h.adminToken}` },
  });
  return { status: response.statusCode, headers: response.headers, bytes: response.rawPayload };
}

async function receiptText(paymentId: string): Promise<string> {
  const pdf = await receiptPdf(paymentId);
  expect(pdf.status).toBe(200);
  return foldSpaces(await pdfText(pdf.bytes));
}

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

async function receiptRows(paymentId: string) {
  return h.deps.db
    .selectFrom('email_outbox')
    .selectAll()
    .where('receipt_payment_id', '=', paymentId)
    .orderBy('created_at')
    .execute();
}

let acme: Client;
let nordlys: Client;
let quiet: Client;
let acmePayment: string;
let acmeInvoice: { id: string; number: string | null };

beforeAll(async () => {
  h = await startPortalHarness();
  smtp = await startSmtpServer();
  h.clock.set('2026-05-25T09:00:00Z');
  await staff('PATCH', '/api/v1/settings', { businessName: 'Fjord Studio', locale: 'en-US' });
  acme = await client({
    name: 'Acme Ltd',
    email: 'accounts@acme.example',
    contacts: [{ name: 'Ada', email: 'ada@acme.example' }],
  });
  nordlys = await client({
    name: 'Nordlys GmbH',
    email: 'buchhaltung@nordlys.example',
    language: 'de',
    contacts: [{ name: 'Ingrid', email: 'ingrid@nordlys.example' }],
  });
  quiet = await client({ name: 'Quiet Co', contacts: [{ name: 'Quinn', email: 'quinn@quiet.example' }] });
  acmeInvoice = await createInvoice(h, acme.id);
  const paid = await pay(acmeInvoice.id);
  expect(paid.status, JSON.stringify(paid.body)).toBe(201);
  acmePayment = paid.body.payment.id;
});

afterAll(async () => {
  await smtp?.close();
  await h?.close();
});

describe('GET /api/v1/payments/{id}/receipt.pdf', () => {
  it('prints the payment, the payer, the seller, the invoice it paid and the balance left, in English', async () => {
    const pdf = await receiptPdf(acmePayment);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toMatch(/^attachment; filename="receipt-RCPT-\d{6}\.pdf"/);
    await qpdfCheck(pdf.bytes);
    const text = foldSpaces(await pdfText(pdf.bytes));
    expect(text).toContain('RECEIPT');
    expect(text).toMatch(/Receipt no\. RCPT-\d{6}/);
    expect(text).toContain('Date May 20, 2026');
    expect(text).toContain('Reference TR-1');
    expect(text).toContain('Fjord Studio');
    expect(text).toContain('Received from');
    expect(text).toContain('Acme Ltd');
    expect(text).toContain('Amount received');
    expect(text).toContain('$100.00');
    expect(text).toContain('Payment method: Bank transfer');
    expect(text).toContain(`${acmeInvoice.number}`);
    expect(text).toMatch(/\$300\.00 \$100\.00 \$200\.00/);
    expect(text).not.toContain('Refunds');
  });

  it("is in the client's language: German words, dates and figures", async () => {
    const invoice = await createInvoice(h, nordlys.id);
    const paid = await pay(invoice.id, { amount: '300.00', method: 'cash', reference: '' });
    expect(paid.status).toBe(201);
    const text = await receiptText(paid.body.payment.id);
    expect(text).toContain('QUITTUNG');
    expect(text).toMatch(/Quittungsnr\. RCPT-\d{6}/);
    expect(text).toContain('Datum 20.05.2026');
    expect(text).toContain('Erhalten von');
    expect(text).toContain('Nordlys GmbH');
    expect(text).toContain('Erhaltener Betrag');
    expect(text).toContain('Zahlungsart: Bargeld');
    expect(text).toContain('Verrechnet mit');
    expect(text).toContain('Erhaltener Betrag 300,00 $');
    expect(text).toContain('300,00 $ 300,00 $ 0,00 $');
    expect(text).toContain('Vielen Dank für Ihre Zahlung.');
    expect(text).not.toContain('Reference');
  });

  it('shows refunds and what the payment still counts for', async () => {
    const invoice = await createInvoice(h, acme.id);
    const paid = await pay(invoice.id);
    const paymentId = paid.body.payment.id;
    await staff('POST', `/api/v1/invoices/${invoice.id}/payments/${paymentId}/refund`, {
      amount: '40.00',
      refundedOn: '2026-05-22',
      reason: 'Overcharged on travel',
    });
    const text = await receiptText(paymentId);
    expect(text).toContain('Refunds');
    expect(text).toContain('May 22, 2026 Overcharged on travel');
    expect(text).toContain('Amount refunded $40.00');
    expect(text).toContain('Amount kept after refunds $60.00');
    expect(text).toMatch(/\$300\.00 \$60\.00 \$240\.00/);
  });

  it('refuses bad and unknown ids, and payments that have no receipt', async () => {
    // A malformed id is not found, as everywhere in the API.
    const bad = await h.staff('GET', '/api/v1/payments/not-a-uuid/receipt.pdf');
    expect(bad.status).toBe(404);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    const unknown = await h.staff('GET', '/api/v1/payments/00000000-0000-4000-8000-000000000000/receipt.pdf');
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail ?? unknown.body.title).toMatch(/Payment/);

    const invoice = await createInvoice(h, acme.id);
    const paid = await pay(invoice.id);
    await staff('DELETE', `/api/v1/invoices/${invoice.id}/payments/${paid.body.payment.id}`, {
      reason: 'Recorded twice',
    });
    const deleted = await h.staff('GET', `/api/v1/payments/${paid.body.payment.id}/receipt.pdf`);
    expect(deleted.status).toBe(409);
    expect(deleted.body.detail).toContain('deleted');
  });
});

describe('POST /api/v1/payments/{id}/receipt/send', () => {
  it('records the email as not sent while SMTP is not set up', async () => {
    const response = await h.staff('POST', `/api/v1/payments/${acmePayment}/receipt/send`, {});
    expect(response.status).toBe(202);
    expect(response.body.emails).toEqual([
      expect.objectContaining({ to: 'accounts@acme.example', state: 'not_sent' }),
    ]);
    expect(response.body.emails[0].lastError).toContain('SMTP is not configured');
  });

  it("emails the client's billing email the receipt PDF, with CC and BCC, once per Idempotency-Key", async () => {
    await staff('PUT', '/api/v1/settings/smtp', {
      host: '127.0.0.1',
      port: smtp.port,
      security: 'none',
      fromName: 'Fjord Studio',
      fromAddress: 'billing@fjord.example',
    });
    const before = (await receiptRows(acmePayment)).length;
    const headers = {
      authorization: `Bearer ${h.adminToken}`,
      'content-type': 'application/json',
      'idempotency-key': 'receipt-acme-1',
    };
    const body = JSON.stringify({ cc: ['boss@acme.example'], bcc: ['archive@fjord.example'] });
    const url = `${h.baseUrl}/api/v1/payments/${acmePayment}/receipt/send`;
    const first = await fetch(url, { method: 'POST', headers, body });
    const retry = await fetch(url, { method: 'POST', headers, body });
    expect(first.status).toBe(202);
    expect(retry.status).toBe(202);
    expect(await retry.json()).toEqual(await first.json());
    expect((await receiptRows(acmePayment)).length).toBe(before + 1);

    const mails = await deliver();
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.subject).toBe(`Payment received for invoice ${acmeInvoice.number} - Fjord Studio`);
    expect(mail.text).toContain('we received your payment of $100.00');
    expect(mail.text).toContain('Balance still due: $200.00.');
    expect(mail.text).toContain('Your receipt is attached as a PDF.');
    const index = smtp.messages.indexOf(mail);
    expect(smtp.recipients[index]?.slice().sort()).toEqual([
      'accounts@acme.example',
      'archive@fjord.example',
      'boss@acme.example',
    ]);
    expect(mail.attachments).toHaveLength(1);
    const pdf = mail.attachments[0]!;
    expect(pdf.contentType).toBe('application/pdf');
    expect(pdf.filename).toMatch(/^receipt-RCPT-\d{6}\.pdf$/);
    await qpdfCheck(pdf.content);
    const text = foldSpaces(await pdfText(pdf.content));
    expect(text).toContain('Acme Ltd');
    expect(text).toContain('$100.00');

    const audit = await h.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'payment.receipt_sent')
      .where('entity_id', '=', acmePayment)
      .execute();
    expect(audit.length).toBeGreaterThanOrEqual(2);
  });

  it('sends to the addresses given instead, and refuses bad ones naming the field', async () => {
    const chosen = await h.staff('POST', `/api/v1/payments/${acmePayment}/receipt/send`, {
      to: ['ada@acme.example'],
    });
    expect(chosen.status).toBe(202);
    expect(chosen.body.emails.map((email: { to: string }) => email.to)).toEqual(['ada@acme.example']);
    const [mail] = await deliver();
    expect(mail!.text).toContain('Ada');

    const bad = await h.staff('POST', `/api/v1/payments/${acmePayment}/receipt/send`, { to: ['nope'] });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('to');
    const empty = await h.staff('POST', `/api/v1/payments/${acmePayment}/receipt/send`, { to: [] });
    expect(empty.status).toBe(400);
    const unknown = await h.staff(
      'POST',
      '/api/v1/payments/00000000-0000-4000-8000-000000000000/receipt/send',
      {},
    );
    expect(unknown.status).toBe(404);
  });

  it('refuses a client without a billing email with 422 on to, and queues nothing', async () => {
    const invoice = await createInvoice(h, quiet.id);
    const paid = await pay(invoice.id);
    const response = await h.staff('POST', `/api/v1/payments/${paid.body.payment.id}/receipt/send`, {});
    expect(response.status).toBe(422);
    expect(JSON.stringify(response.body)).toContain('"to"');
    expect(response.body.detail).toContain('billing email');
    expect(await receiptRows(paid.body.payment.id)).toEqual([]);
  });
});

describe('recording a payment with emailReceipt', () => {
  it('queues the receipt with the payment', async () => {
    const invoice = await createInvoice(h, acme.id);
    const paid = await pay(invoice.id, { emailReceipt: true });
    expect(paid.status).toBe(201);
    expect(paid.body.receiptEmails).toEqual([
      expect.objectContaining({ to: 'accounts@acme.example', state: 'queued' }),
    ]);
    const rows = await receiptRows(paid.body.payment.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'receipt', invoice_id: invoice.id });
    const mails = await deliver();
    expect(mails).toHaveLength(1);
    expect(mails[0]!.attachments[0]!.filename).toMatch(/^receipt-RCPT-/);
  });

  it('without a billing email: 422 on emailReceipt and no payment recorded', async () => {
    const invoice = await createInvoice(h, quiet.id);
    const paid = await pay(invoice.id, { emailReceipt: true });
    expect(paid.status).toBe(422);
    expect(JSON.stringify(paid.body)).toContain('emailReceipt');
    const payments = await h.deps.db
      .selectFrom('payments')
      .select('id')
      .where('invoice_id', '=', invoice.id)
      .execute();
    expect(payments).toEqual([]);
  });
});

describe('portal receipts', () => {
  let ada: Browser;

  beforeAll(async () => {
    await resetRateLimits(h);
    ada = await activateContact(h, acme.contacts[0]!);
  });

  it("downloads the client's own receipt; another client's payment is a 404", async () => {
    const own = await ada.get(`/api/portal/v1/payments/${acmePayment}/receipt.pdf`);
    expect(own.status).toBe(200);
    expect(own.headers.get('content-type')).toBe('application/pdf');
    expect(own.headers.get('cache-control')).toBe('private, no-store');

    const invoice = await createInvoice(h, nordlys.id);
    const other = await pay(invoice.id);
    const refused = await ada.get(`/api/portal/v1/payments/${other.body.payment.id}/receipt.pdf`);
    expect(refused.status).toBe(404);
    const bad = await ada.get('/api/portal/v1/payments/not-a-uuid/receipt.pdf');
    expect(bad.status).toBe(404);
  });

  it('needs a portal session', async () => {
    const anonymous = h.browser();
    const response = await anonymous.get(`/api/portal/v1/payments/${acmePayment}/receipt.pdf`);
    expect(response.status).toBe(401);
  });
});

describe('settings', () => {
  it('sendPaymentReceipts is on by default and can be turned off', async () => {
    expect((await staff('GET', '/api/v1/settings')).sendPaymentReceipts).toBe(true);
    const off = await staff('PATCH', '/api/v1/settings', { sendPaymentReceipts: false });
    expect(off.sendPaymentReceipts).toBe(false);
    const bad = await h.staff('PATCH', '/api/v1/settings', { sendPaymentReceipts: 'yes' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('sendPaymentReceipts');
    await staff('PATCH', '/api/v1/settings', { sendPaymentReceipts: true });
  });
});
