/**
 * POST /api/v1/clients/{id}/statement/send through a real SMTP server on loopback: the statement's PDF is rendered
 * when the message leaves and shows the statement's closing balance; a payment recorded between queueing and
 * delivery is on it. Bad input answers problem+json and queues nothing; the send is in the audit log.
 *
 * Figures: Nordlys AS, invoices of 2026-05-04 (1,200.00) and 2026-05-18 (450.00), 200.00 paid 2026-05-20: closing
 * balance on 2026-05-31 1,450.00; a further 450.00 paid on 2026-05-25 after queueing makes it 1,000.00.
 */
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfkitInvoiceRenderer } from '../../src/adapters/pdf/pdfkit-invoice-renderer.ts';
import { PdfkitStatementRenderer } from '../../src/adapters/pdf/pdfkit-statement-renderer.ts';
import { deliverDueEmails } from '../../src/services/email/deliver-due-emails.ts';
import type { SendingDeps } from '../../src/services/sending/sending-deps.ts';
import { statementAttachmentSource } from '../../src/services/statements/render-client-statement-pdf.ts';
import { pdfLines, qpdfCheck } from '../pdf/pdf-tools.ts';
import {
  createParty,
  type Party,
  type PortalHarness,
  startPortalHarness,
} from '../support/portal-harness.ts';
import { startSmtpServer, type TestSmtpServer, testMailer } from '../support/smtp.ts';

let h: PortalHarness;
let smtp: TestSmtpServer;
let deps: SendingDeps;
let nordlys: Party;
let empty: Party;
const invoices: { id: string; number: string }[] = [];
const statementRenderer = new PdfkitStatementRenderer(() => pdfkitInvoiceRenderer.fonts());

async function staff(method: string, path: string, body?: unknown) {
  const response = await h.staff(method, path, body);
  if (response.status >= 300)
    throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

async function deliver(sources = true): Promise<ParsedMail[]> {
  const before = smtp.messages.length;
  await deliverDueEmails(
    deps,
    testMailer(),
    sources
      ? { statementPdf: statementAttachmentSource({ db: h.deps.db, clock: h.clock, statementRenderer }) }
      : {},
  );
  return smtp.messages.slice(before);
}

const send = (clientId: string, body: unknown) =>
  h.staff('POST', `/api/v1/clients/${clientId}/statement/send`, body);

async function issue(day: string, price: string) {
  h.clock.set(`${day}T09:00:00Z`);
  const draft = await staff('POST', '/api/v1/invoices', {
    clientId: nordlys.clientId,
    issueDate: day,
    lines: [{ description: 'Design work', quantity: '1', unitPrice: price }],
  });
  const issued = await staff('POST', `/api/v1/invoices/${draft.id}/mark-sent`);
  invoices.push({ id: issued.id, number: issued.number });
  return issued.id as string;
}

beforeAll(async () => {
  h = await startPortalHarness();
  smtp = await startSmtpServer();
  deps = { ...h.deps, appUrl: 'http://localhost:3000', secretKey: h.secretKey };
  await staff('PATCH', '/api/v1/settings', { businessName: 'Fjord Studio' });
  nordlys = await createParty(h, 'Nordlys AS', [
    { name: 'Ingrid', email: 'ingrid@nordlys.example' },
    { name: 'Ola', email: 'ola@nordlys.example' },
  ]);
  empty = await createParty(h, 'No Contacts Ltd', []);
  const first = await issue('2026-05-04', '1200.00');
  await issue('2026-05-18', '450.00');
  h.clock.set('2026-05-20T09:00:00Z');
  await staff('POST', `/api/v1/invoices/${first}/payments`, {
    amount: '200.00',
    method: 'bank_transfer',
    paidOn: '2026-05-20',
  });
  h.clock.set('2026-06-02T09:00:00Z');
});

afterAll(async () => {
  await smtp?.close();
  await h?.close();
});

describe('POST /api/v1/clients/{id}/statement/send', () => {
  it('records the emails as not sent, with the reason, while SMTP is not set up', async () => {
    const response = await send(nordlys.clientId, { from: '2026-05-01', to: '2026-05-31' });
    expect(response.status).toBe(202);
    expect(response.body.emails.map((email: { state: string }) => email.state)).toEqual([
      'not_sent',
      'not_sent',
    ]);
    expect(response.body.emails[0].lastError).toContain('SMTP is not configured');
    expect(await deliver()).toEqual([]);
  });

  it('emails every contact the statement PDF, rendered at delivery with the closing balance', async () => {
    await staff('PUT', '/api/v1/settings/smtp', {
      host: '127.0.0.1',
      port: smtp.port,
      security: 'none',
      fromName: 'Fjord Studio',
      fromAddress: 'billing@fjord.example',
    });
    const response = await send(nordlys.clientId, {
      from: '2026-05-01',
      to: '2026-05-31',
      message: 'Thank you for a good spring.',
    });
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ clientId: nordlys.clientId, from: '2026-05-01', to: '2026-05-31' });
    expect(response.body.emails.map((email: { to: string }) => email.to)).toEqual([
      'ingrid@nordlys.example',
      'ola@nordlys.example',
    ]);
    const mails = await deliver();
    const addressOf = (mail: ParsedMail) =>
      (Array.isArray(mail.to) ? mail.to[0] : mail.to)?.value[0]?.address;
    expect(mails.map(addressOf).sort()).toEqual(['ingrid@nordlys.example', 'ola@nordlys.example']);
    const mail = mails.find((each) => addressOf(each) === 'ingrid@nordlys.example');
    expect(mail!.text).toContain('Hello Ingrid,');
    expect(mail!.subject).toBe('Statement from Fjord Studio, May 1, 2026 to May 31, 2026');
    expect(mail!.text).toContain('Thank you for a good spring.');
    expect(mail!.text).toContain('Balance on May 31, 2026 (USD): $1,450.00');
    expect(mail!.attachments).toHaveLength(1);
    const pdf = mail!.attachments[0]!;
    expect(pdf.contentType).toBe('application/pdf');
    expect(pdf.filename).toBe('statement-2026-05-01-2026-05-31.pdf');
    await qpdfCheck(pdf.content);
    const lines = await pdfLines(pdf.content);
    expect(lines).toContain('Nordlys AS');
    expect(lines.some((line) => line.includes(`Invoice ${invoices[0]!.number} $1,200.00 $1,200.00`))).toBe(
      true,
    );
    expect(lines.find((line) => line.includes('Closing balance'))).toMatch(/Closing balance \$1,450\.00$/);
    const audit = await staff('GET', '/api/v1/audit-log?entityType=client');
    const sent = audit.items.filter((entry: { action: string }) => entry.action === 'statement.sent');
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatchObject({
      action: 'statement.sent',
      entity: { type: 'client', id: nordlys.clientId },
      after: { from: '2026-05-01', to: '2026-05-31' },
    });
  });

  it('attaches the statement as it stands when the message leaves', async () => {
    const response = await send(nordlys.clientId, {
      from: '2026-05-01',
      to: '2026-05-31',
      recipients: [nordlys.contacts[1]!.id],
      subject: 'Your May statement',
    });
    expect(response.body.emails).toHaveLength(1);
    await staff('POST', `/api/v1/invoices/${invoices[1]!.id}/payments`, {
      amount: '450.00',
      method: 'bank_transfer',
      paidOn: '2026-05-25',
    });
    const [mail, ...others] = await deliver();
    expect(others).toEqual([]);
    expect(mail!.subject).toBe('Your May statement');
    const lines = await pdfLines(mail!.attachments[0]!.content);
    expect(lines.find((line) => line.includes('Closing balance'))).toMatch(/Closing balance \$1,000\.00$/);
  });

  it('fails a statement email for good on a server without statement PDFs, never sends it bare', async () => {
    await send(nordlys.clientId, {
      from: '2026-05-01',
      to: '2026-05-31',
      recipients: [nordlys.contacts[0]!.id],
    });
    expect(await deliver(false)).toEqual([]);
    const rows = await h.deps.db
      .selectFrom('email_outbox')
      .select(['state', 'last_error'])
      .where('kind', '=', 'statement')
      .where('state', 'not in', ['not_sent', 'sent'])
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.state).toBe('failed');
    expect(rows[0]!.last_error).toContain('without statement PDFs');
  });

  it('answers bad input with problem+json naming the field, and queues nothing', async () => {
    const count = async () =>
      Number(
        (
          await h.deps.db
            .selectFrom('email_outbox')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const unknownClient = '00000000-0000-4000-8000-000000000000';
    const cases: [string, unknown, number, string][] = [
      [nordlys.clientId, { from: '2026-02-30', to: '2026-05-31' }, 400, 'from'],
      [nordlys.clientId, { from: '2026-06-01', to: '2026-05-31' }, 400, 'to'],
      [nordlys.clientId, { from: '2000-01-01', to: '2026-05-31' }, 400, 'to'],
      [nordlys.clientId, { to: '2026-05-31' }, 400, 'from'],
      [
        nordlys.clientId,
        { from: '2026-05-01', to: '2026-05-31', recipients: [empty.clientId] },
        422,
        'recipients.0',
      ],
      [nordlys.clientId, { from: '2026-05-01', to: '2026-05-31', recipients: [] }, 422, 'recipients'],
      [nordlys.clientId, { from: '2026-05-01', to: '2026-05-31', subject: 'a\nb' }, 400, 'subject'],
      [empty.clientId, { from: '2026-05-01', to: '2026-05-31' }, 422, 'recipients'],
      [unknownClient, { from: '2026-05-01', to: '2026-05-31' }, 404, 'Client'],
      ['not-an-id', { from: '2026-05-01', to: '2026-05-31' }, 404, 'not_found'],
    ];
    for (const [clientId, body, status, field] of cases) {
      const response = await send(clientId, body);
      expect(response.status, JSON.stringify(body)).toBe(status);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(JSON.stringify(response.body), JSON.stringify(body)).toContain(field);
    }
    expect(await count()).toBe(before);
  });
});
