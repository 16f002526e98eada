import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfkitInvoiceRenderer } from '../../src/adapters/pdf/pdfkit-invoice-renderer.ts';
import { connectDatabase } from '../../src/db/client.ts';
import { hashToken } from '../../src/services/auth/secrets.ts';
import { renderAnyDocumentPdf } from '../../src/services/documents/render-any-document-pdf.ts';
import { deliverDueEmails } from '../../src/services/email/deliver-due-emails.ts';
import { SMTP_PASSWORD_PURPOSE } from '../../src/services/settings/get-smtp-settings.ts';
import { decryptSecret } from '../../src/services/settings/secret-box.ts';
import { type SendingTestApp, startSendingApp, TEST_APP_URL } from '../support/sending-app.ts';
import { closedPort, silentServer, startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';

let t: SendingTestApp;
let smtp: TestSmtpServer;
let clientId: string;
let contactIds: string[];

async function createDraft(overrides: Record<string, unknown> = {}) {
  const created = await t.call('POST', '/api/v1/invoices', {
    clientId,
    issueDate: '2026-11-25',
    paymentTerms: 'net_30',
    lines: [{ description: 'Consulting <b>bold</b>', quantity: '2', unitPrice: '617.25' }],
    ...overrides,
  });
  expect(created.status).toBe(201);
  return created.body;
}

async function useSmtp(port: number, extra: Record<string, unknown> = {}) {
  const saved = await t.call('PUT', '/api/v1/settings/smtp', {
    host: '127.0.0.1',
    port,
    security: 'none',
    fromName: 'Billing',
    fromAddress: 'billing@studio.example',
    replyTo: 'accounts@studio.example',
    ...extra,
  });
  expect(saved.status).toBe(200);
  return saved.body;
}

beforeAll(async () => {
  t = await startSendingApp();
  smtp = await startSmtpServer();
  await t.call('PATCH', '/api/v1/settings', {
    businessName: 'Studio <North> & Co',
    address: { line1: '1 Harbour St', city: 'Leith', postalCode: 'EH6 6AA', country: 'United Kingdom' },
  });
  const client = await t.call('POST', '/api/v1/clients', {
    name: 'Acme Retail',
    currency: 'USD',
    contacts: [
      { name: 'Priya <script>alert(1)</script>', email: 'priya@acme.example' },
      { name: 'Sam Ortiz', email: 'sam@acme.example' },
      { name: 'No Email', email: '' },
    ],
  });
  expect(client.status).toBe(201);
  clientId = client.body.id;
  contactIds = client.body.contacts.map((c: { id: string }) => c.id);
});

afterAll(async () => {
  await smtp.close();
  await t.close();
});

describe('SMTP settings', () => {
  it('reports not configured, saves with the password encrypted and never returns it', async () => {
    const empty = await t.call('GET', '/api/v1/settings/smtp');
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({ configured: false, passwordSet: false });

    const saved = await useSmtp(smtp.port, { username: 'mailer', password: 's3cret-pässword' });
    expect(saved).toMatchObject({ configured: true, host: '127.0.0.1', port: smtp.port, passwordSet: true });
    expect(JSON.stringify(saved)).not.toContain('s3cret');

    const row = await t.deps.db.selectFrom('smtp_settings').selectAll().executeTakeFirstOrThrow();
    expect(row.password_encrypted).not.toContain('s3cret');
    expect(decryptSecret(t.deps.secretKey, row.password_encrypted!, SMTP_PASSWORD_PURPOSE)).toBe(
      's3cret-pässword',
    );

    // Left out: kept. Null: removed.
    const kept = await useSmtp(smtp.port, { username: 'mailer' });
    expect(kept.passwordSet).toBe(true);
    const cleared = await useSmtp(smtp.port, { username: '', password: null });
    expect(cleared.passwordSet).toBe(false);
  });

  it('is admin only and rejects bad input naming the field', async () => {
    expect((await t.call('GET', '/api/v1/settings/smtp', undefined, t.financeToken)).status).toBe(403);
    const badPort = await t.call('PUT', '/api/v1/settings/smtp', {
      host: 'smtp.example.com',
      port: 70000,
      security: 'tls',
      fromAddress: 'a@b.example',
    });
    // Schema errors are 400 in this API, rule errors 422; both name the field.
    expect(badPort.status).toBe(400);
    expect(JSON.stringify(badPort.body.errors)).toContain('port');
    const badFrom = await t.call('PUT', '/api/v1/settings/smtp', {
      host: 'smtp.example.com',
      port: 465,
      security: 'tls',
      fromAddress: 'not an address',
    });
    expect(badFrom.status).toBe(400);
    expect(JSON.stringify(badFrom.body.errors)).toContain('fromAddress');
  });

  it('sends a test email, and says in plain words when the connection is refused, times out or auth fails', async () => {
    await useSmtp(smtp.port);
    const before = smtp.messages.length;
    const ok = await t.call('POST', '/api/v1/settings/smtp/test', { to: 'me@studio.example' });
    expect(ok.body).toMatchObject({ ok: true, to: 'me@studio.example' });
    expect(smtp.messages.length).toBe(before + 1);
    expect(smtp.messages.at(-1)!.subject).toBe('Remit test email');

    // Defaults to the signed-in user's address.
    const toSelf = await t.call('POST', '/api/v1/settings/smtp/test', {});
    expect(toSelf.body).toMatchObject({ ok: true, to: 'admin@example.com' });

    await useSmtp(await closedPort());
    const refused = await t.call('POST', '/api/v1/settings/smtp/test', { to: 'me@studio.example' });
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({ ok: false, kind: 'connection_refused' });
    expect(refused.body.message).toMatch(/Connection refused/);

    const silent = await silentServer();
    try {
      await useSmtp(silent.port);
      const timeout = await t.call('POST', '/api/v1/settings/smtp/test', { to: 'me@studio.example' });
      expect(timeout.body).toMatchObject({ ok: false, kind: 'timeout' });
      expect(timeout.body.message).toMatch(/Timed out/);
    } finally {
      await silent.close();
    }

    const authServer = await startSmtpServer({ auth: { user: 'mailer', pass: 'right-password' } });
    try {
      await useSmtp(authServer.port, { username: 'mailer', password: 'wrong-password' });
      const denied = await t.call('POST', '/api/v1/settings/smtp/test', { to: 'me@studio.example' });
      expect(denied.body).toMatchObject({ ok: false, kind: 'authentication' });
      expect(denied.body.message).toMatch(/Authentication failed/);
      await useSmtp(authServer.port, { username: 'mailer', password: 'right-password' });
      const allowed = await t.call('POST', '/api/v1/settings/smtp/test', { to: 'me@studio.example' });
      expect(allowed.body).toMatchObject({ ok: true });
      expect(authServer.messages).toHaveLength(1);
    } finally {
      await authServer.close();
    }

    // Expecting TLS from a plain server is reported as a TLS problem.
    await useSmtp(smtp.port, { security: 'tls' });
    const tls = await t.call('POST', '/api/v1/settings/smtp/test', { to: 'me@studio.example' });
    expect(tls.body).toMatchObject({ ok: false, kind: 'tls' });
  });
});

describe('sending an invoice', () => {
  it('without SMTP: the draft is issued and the messages are recorded as not sent, with the reason', async () => {
    expect((await t.call('DELETE', '/api/v1/settings/smtp')).status).toBe(204);
    const draft = await createDraft();
    const sent = await t.call('POST', `/api/v1/invoices/${draft.id}/send`, {});
    expect(sent.status).toBe(200);
    expect(sent.body.invoice.status).toBe('sent');
    expect(sent.body.invoice.number).toMatch(/^INV-2026-\d{4}$/);
    expect(sent.body.emails).toHaveLength(2);
    expect(sent.body.emails.every((e: { state: string }) => e.state === 'not_sent')).toBe(true);

    const emails = await t.call('GET', `/api/v1/invoices/${draft.id}/emails`);
    expect(emails.body.items).toHaveLength(2);
    expect(emails.body.items[0]).toMatchObject({ state: 'not_sent', kind: 'invoice', attempts: 0 });
    expect(emails.body.items[0].lastError).toMatch(/SMTP is not configured/);

    // Nothing is delivered later either.
    await useSmtp(smtp.port);
    const before = smtp.messages.length;
    await deliverDueEmails(t.deps, t.mailer);
    expect(smtp.messages.length).toBe(before);

    const events = await t.call('GET', `/api/v1/invoices/${draft.id}/events`);
    const types = events.body.items.map((e: { type: string }) => e.type);
    expect(types).toContain('status_changed');
    const queued = events.body.items.find((e: { type: string }) => e.type === 'email_queued');
    expect(queued.data.reason).toMatch(/SMTP is not configured/);
  });

  it('delivers one email per contact with HTML and text parts, the amount due, due date and a link for that contact', async () => {
    await useSmtp(smtp.port);
    const draft = await createDraft({ notes: 'Note <img src=x onerror=alert(1)>' });
    const sent = await t.call('POST', `/api/v1/invoices/${draft.id}/send`, {
      message: 'Thanks for the <em>great</em> project!\n\nSee you soon.',
    });
    expect(sent.status).toBe(200);
    const number = sent.body.invoice.number as string;
    expect(sent.body.emails.map((e: { state: string }) => e.state)).toEqual(['queued', 'queued']);

    const before = smtp.messages.length;
    const report = await deliverDueEmails(t.deps, t.mailer);
    expect(report).toMatchObject({ sent: 2, retrying: 0, failed: 0 });
    const received = smtp.messages.slice(before);
    expect(received).toHaveLength(2);
    expect(smtp.recipients.slice(before).flat().sort()).toEqual(['priya@acme.example', 'sam@acme.example']);

    for (const mail of received) {
      expect(mail.subject).toBe(`Invoice ${number} from Studio <North> & Co`);
      expect(mail.from?.value[0]).toMatchObject({ address: 'billing@studio.example', name: 'Billing' });
      expect(mail.replyTo?.value[0]?.address).toBe('accounts@studio.example');
      const text = mail.text ?? '';
      const html = typeof mail.html === 'string' ? mail.html : '';
      expect(text).toContain(number);
      expect(text).toContain('$1,234.50');
      expect(text).toContain('December 25, 2026');
      expect(html).toContain('$1,234.50');
      expect(html).toContain('Studio &lt;North&gt; &amp; Co');
      expect(html).toContain('Thanks for the &lt;em&gt;great&lt;/em&gt; project!');
      expect(html).not.toContain('<em>great');
      expect(html).not.toContain('<script>');

      const link = text.match(/https:\/\/\S+/)?.[0] ?? '';
      expect(link).toMatch(new RegExp(`^${TEST_APP_URL}/portal/link/rl_[A-Za-z0-9_-]{43}$`));
      expect(html).toContain(`href="${link}"`);
      const token = link.split('/').at(-1)!;
      const row = await t.deps.db
        .selectFrom('invoice_links')
        .innerJoin('contacts', 'contacts.id', 'invoice_links.contact_id')
        .select(['invoice_links.invoice_id', 'contacts.email'])
        .where('token_hash', '=', hashToken(token))
        .executeTakeFirstOrThrow();
      expect(row.invoice_id).toBe(draft.id);
      expect(mail.to && 'value' in mail.to ? mail.to.value[0]?.address : null).toBe(row.email);
    }
    // The contact's name is escaped in the greeting.
    const priyaMail = received.find((m) => (m.text ?? '').includes('Hello Priya'))!;
    expect(priyaMail.html).toContain('Hello Priya &lt;script&gt;alert(1)&lt;/script&gt;,');

    const emails = await t.call('GET', `/api/v1/invoices/${draft.id}/emails`);
    expect(emails.body.items.map((e: { state: string; attempts: number }) => [e.state, e.attempts])).toEqual([
      ['sent', 1],
      ['sent', 1],
    ]);
    const events = await t.call('GET', `/api/v1/invoices/${draft.id}/events`);
    expect(events.body.items.filter((e: { type: string }) => e.type === 'email_sent')).toHaveLength(2);

    // A second run sends nothing more.
    expect(await deliverDueEmails(t.deps, t.mailer)).toMatchObject({ sent: 0 });
    expect(smtp.messages.length).toBe(before + 2);
  });

  it('sends to chosen contacts, resends issued invoices and refuses bad recipients with 422 on contactIds', async () => {
    await useSmtp(smtp.port);
    const draft = await createDraft();
    const badContact = await t.call('POST', `/api/v1/invoices/${draft.id}/send`, {
      contactIds: [contactIds[2]],
    });
    expect(badContact.status).toBe(422);
    expect(badContact.body.errors[0].field).toBe('contactIds.0');
    const unknown = await t.call('POST', `/api/v1/invoices/${draft.id}/send`, {
      contactIds: ['00000000-0000-4000-8000-000000000000'],
    });
    expect(unknown.status).toBe(422);
    // Nothing half-written: still a draft without a number.
    const still = await t.call('GET', `/api/v1/invoices/${draft.id}`);
    expect(still.body).toMatchObject({ status: 'draft', number: null });

    const first = await t.call('POST', `/api/v1/invoices/${draft.id}/send`, {
      contactIds: [contactIds[1]],
      subject: 'Your invoice',
    });
    expect(first.status).toBe(200);
    expect(first.body.emails).toHaveLength(1);
    expect(first.body.emails[0].to).toBe('sam@acme.example');
    const resend = await t.call('POST', `/api/v1/invoices/${draft.id}/send`, { contactIds: [contactIds[1]] });
    expect(resend.status).toBe(200);
    expect(resend.body.invoice.number).toBe(first.body.invoice.number);

    const newline = await t.call('POST', `/api/v1/invoices/${draft.id}/send`, { subject: 'a\r\nBcc: x@y' });
    expect(newline.status).toBe(400);
    expect(newline.body.errors[0].field).toBe('subject');

    const noEmails = await t.call('POST', '/api/v1/clients', {
      name: 'Quiet Ltd',
      currency: 'USD',
      contacts: [{ name: 'Nobody', email: '' }],
    });
    const quietDraft = await createDraft({ clientId: noEmails.body.id });
    const none = await t.call('POST', `/api/v1/invoices/${quietDraft.id}/send`, {});
    expect(none.status).toBe(422);
    expect(none.body.errors[0].field).toBe('contactIds');
    expect((await t.call('GET', `/api/v1/invoices/${quietDraft.id}`)).body.status).toBe('draft');

    await deliverDueEmails(t.deps, t.mailer);
    // Both were queued at the same instant, so either may leave first.
    const sentSubjects = smtp.messages.slice(-2).map((m) => m.subject);
    expect(sentSubjects).toContain('Your invoice');
  });

  it('attaches the invoice PDF when the delivery has a PDF renderer', async () => {
    await useSmtp(smtp.port);
    const draft = await createDraft();
    const sent = await t.call('POST', `/api/v1/invoices/${draft.id}/send`, { contactIds: [contactIds[1]] });
    const before = smtp.messages.length;
    await deliverDueEmails(t.deps, t.mailer, {
      documentPdf: (document) =>
        renderAnyDocumentPdf({ ...t.deps, pdfRenderer: pdfkitInvoiceRenderer }, document),
    });
    const mail = smtp.messages[before]!;
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]).toMatchObject({
      contentType: 'application/pdf',
      filename: `${sent.body.invoice.number}.pdf`,
    });
    expect(mail.attachments[0]!.content.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('refuses to send a void invoice', async () => {
    const draft = await createDraft();
    await t.call('POST', `/api/v1/invoices/${draft.id}/mark-sent`);
    await t.call('POST', `/api/v1/invoices/${draft.id}/void`, { reason: 'Wrong client' });
    const sent = await t.call('POST', `/api/v1/invoices/${draft.id}/send`, {});
    expect(sent.status).toBe(409);
  });
});

describe('delivery with retries', () => {
  it('SMTP down, then up: every queued message is delivered once, none lost, none doubled', async () => {
    const port = await closedPort();
    await useSmtp(port);
    t.clock.set('2026-11-26T09:00:00Z');
    const invoiceIds: string[] = [];
    for (let i = 0; i < 3; i++) {
      const draft = await createDraft();
      const sent = await t.call('POST', `/api/v1/invoices/${draft.id}/send`, {});
      expect(sent.status).toBe(200);
      invoiceIds.push(draft.id);
    }
    const down = await deliverDueEmails(t.deps, t.mailer);
    expect(down).toMatchObject({ sent: 0, retrying: 6, failed: 0 });
    const retrying = await t.call('GET', `/api/v1/invoices/${invoiceIds[0]}/emails`);
    expect(retrying.body.items[0]).toMatchObject({ state: 'retrying', attempts: 1 });
    expect(retrying.body.items[0].lastError).toMatch(/Connection refused/);
    expect(retrying.body.items[0].nextAttemptAt).toBe('2026-11-26T09:01:00.000Z');

    // Not due yet: nothing is tried.
    expect(await deliverDueEmails(t.deps, t.mailer)).toMatchObject({ sent: 0, retrying: 0 });

    // Still down at the next try: the delay doubles.
    t.clock.set('2026-11-26T09:01:00Z');
    expect(await deliverDueEmails(t.deps, t.mailer)).toMatchObject({ retrying: 6 });
    const second = await t.call('GET', `/api/v1/invoices/${invoiceIds[0]}/emails`);
    expect(second.body.items[0]).toMatchObject({ attempts: 2, nextAttemptAt: '2026-11-26T09:03:00.000Z' });

    const server = await startSmtpServer({ port });
    try {
      t.clock.set('2026-11-26T09:03:00Z');
      // Two workers on separate pools at once.
      const other = connectDatabase(t.database.url, { max: 2 });
      try {
        const reports = await Promise.all([
          deliverDueEmails(t.deps, t.mailer, { batchSize: 1 }),
          deliverDueEmails({ ...t.deps, db: other.db }, t.mailer, { batchSize: 1 }),
        ]);
        expect(reports[0].sent + reports[1].sent).toBe(6);
      } finally {
        await other.close();
      }
      expect(server.messages).toHaveLength(6);
      const messageIds = new Set(server.messages.map((m) => m.messageId));
      expect(messageIds.size).toBe(6);
      for (const id of invoiceIds) {
        const emails = await t.call('GET', `/api/v1/invoices/${id}/emails`);
        expect(
          emails.body.items.map((e: { state: string; attempts: number }) => [e.state, e.attempts]),
        ).toEqual([
          ['sent', 3],
          ['sent', 3],
        ]);
      }
      t.clock.set('2026-11-27T09:03:00Z');
      expect(await deliverDueEmails(t.deps, t.mailer)).toMatchObject({ sent: 0 });
      expect(server.messages).toHaveLength(6);
    } finally {
      await server.close();
    }
  });

  it('gives up after about a day and records the failure on the timeline', async () => {
    await useSmtp(await closedPort());
    t.clock.set('2026-11-28T08:00:00Z');
    const draft = await createDraft();
    await t.call('POST', `/api/v1/invoices/${draft.id}/send`, { contactIds: [contactIds[1]] });
    let attempts = 0;
    let state = 'queued';
    // Follow the retries: each run happens when the next attempt is due.
    while (state !== 'failed' && attempts < 40) {
      await deliverDueEmails(t.deps, t.mailer);
      const row = await t.deps.db
        .selectFrom('email_outbox')
        .selectAll()
        .where('invoice_id', '=', draft.id)
        .executeTakeFirstOrThrow();
      state = row.state;
      attempts = row.attempts;
      if (state === 'retrying') t.clock.set(row.next_attempt_at.toISOString());
    }
    expect(state).toBe('failed');
    expect(attempts).toBeGreaterThan(8);
    expect(attempts).toBeLessThan(20);
    expect(t.clock.now().toISOString()).toBe('2026-11-29T08:00:00.000Z');
    const events = await t.call('GET', `/api/v1/invoices/${draft.id}/events`);
    const failed = events.body.items.find((e: { type: string }) => e.type === 'email_failed');
    expect(failed.data.error).toMatch(/Connection refused/);
  });

  it('a message left in "sending" by a crashed worker is sent again once its lease has passed', async () => {
    await useSmtp(smtp.port);
    t.clock.set('2026-11-30T10:00:00Z');
    const draft = await createDraft();
    await t.call('POST', `/api/v1/invoices/${draft.id}/send`, { contactIds: [contactIds[1]] });
    // What a worker that died right after claiming leaves behind.
    await t.deps.db
      .updateTable('email_outbox')
      .set({ state: 'sending', attempts: 1, next_attempt_at: new Date('2026-11-30T10:05:00Z') })
      .where('invoice_id', '=', draft.id)
      .execute();
    const before = smtp.messages.length;
    expect(await deliverDueEmails(t.deps, t.mailer)).toMatchObject({ sent: 0 });
    t.clock.set('2026-11-30T10:05:00Z');
    expect(await deliverDueEmails(t.deps, t.mailer)).toMatchObject({ sent: 1 });
    expect(smtp.messages.length).toBe(before + 1);
  });
});
