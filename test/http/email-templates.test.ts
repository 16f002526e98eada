/**
 * Email templates (issue 18): an admin's own subject and opening per kind and language, with placeholders checked
 * on save, reset to the standard text, and used by the sends in the client's language.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDueEmails } from '../../src/services/email/deliver-due-emails.ts';
import { type SendingTestApp, startSendingApp } from '../support/sending-app.ts';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';

let t: SendingTestApp;
let smtp: TestSmtpServer;

const TEMPLATE = '/api/v1/settings/email-templates/invoice/de';

async function ok(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown) {
  const response = await t.call(method, path, body);
  if (response.status >= 300)
    throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

beforeAll(async () => {
  t = await startSendingApp();
  smtp = await startSmtpServer();
  await ok('PATCH', '/api/v1/settings', { businessName: 'Tidewater Surveys' });
  await ok('PUT', '/api/v1/settings/smtp', {
    host: '127.0.0.1',
    port: smtp.port,
    security: 'none',
    fromName: 'Tidewater Surveys',
    fromAddress: 'billing@tidewater.example',
  });
});

afterAll(async () => {
  await smtp?.close();
  await t?.close();
});

describe('/settings/email-templates', () => {
  it('lists every kind in every language with its standard text and placeholders', async () => {
    const { templates } = await ok('GET', '/api/v1/settings/email-templates');
    expect(templates).toHaveLength(9 * 7);
    const german = templates.find(
      (each: { kind: string; language: string }) => each.kind === 'invoice' && each.language === 'de',
    );
    expect(german.standard.subject).toContain('{{document.number}}');
    expect(german.override).toBeNull();
    expect(german.placeholders).toContain('client.name');
  });

  it('refuses an unknown placeholder naming the field and the placeholder, and saves nothing', async () => {
    const bad = await t.call('PUT', TEMPLATE, {
      subject: 'Rechnung {{document.number}}',
      body: 'Hallo {{valid_until}}',
    });
    expect(bad.status).toBe(422);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body.errors[0].field).toBe('body');
    expect(bad.body.errors[0].message).toContain('{{valid_until}}');
    const { templates } = await ok('GET', '/api/v1/settings/email-templates');
    expect(
      templates.find(
        (each: { kind: string; language: string }) => each.kind === 'invoice' && each.language === 'de',
      ).override,
    ).toBeNull();
  });

  it('refuses an unknown language or kind naming it', async () => {
    const language = await t.call('PUT', '/api/v1/settings/email-templates/invoice/xx', { subject: 'Hi' });
    expect(language.status).toBe(422);
    expect(language.body.errors[0].field).toBe('language');
    const kind = await t.call('PUT', '/api/v1/settings/email-templates/letter/de', { subject: 'Hi' });
    expect(kind.status).toBe(422);
    expect(kind.body.errors[0].field).toBe('kind');
  });

  it('is changed by admins only', async () => {
    const refused = await t.call('PUT', TEMPLATE, { subject: 'Hi' }, t.financeToken);
    expect(refused.status).toBe(403);
  });

  it('previews a template with made-up figures on a page of its own, escaped', async () => {
    const preview = await ok('POST', `${TEMPLATE}/preview`, {
      subject: 'Rechnung {{document.number}}',
      body: 'Hallo {{client.name}} <b>, fällig am {{due_date}}.',
    });
    expect(preview.subject).toBe('Rechnung INV-0042');
    expect(preview.html).toContain('Hallo Example Client Ltd &lt;b&gt;, fällig am');
    expect((await t.call('GET', preview.htmlUrl)).body).toBe(preview.html);
  });

  it('sends a German client the German override, an English client the standard text, and resets', async () => {
    await ok('PUT', TEMPLATE, {
      subject: 'Ihre Rechnung {{document.number}} von {{business.name}}',
      body: 'Guten Tag {{client.name}}, anbei Rechnung {{document.number}} über {{amount_due}}.',
    });
    const german = await ok('POST', '/api/v1/clients', {
      name: 'Hafen GmbH',
      language: 'de',
      contacts: [{ name: 'Jana', email: 'jana@hafen.example' }],
    });
    const english = await ok('POST', '/api/v1/clients', {
      name: 'Pier Nine Ltd',
      contacts: [{ name: 'Maja', email: 'maja@piernine.example' }],
    });
    const invoiceFor = (clientId: string) =>
      ok('POST', '/api/v1/invoices', {
        clientId,
        lines: [{ description: 'Survey', quantity: '1', unitPrice: '410.00' }],
      });
    const forGerman = await invoiceFor(german.id);
    const forEnglish = await invoiceFor(english.id);
    const sentGerman = await ok('POST', `/api/v1/invoices/${forGerman.id}/send`, {});
    await ok('POST', `/api/v1/invoices/${forEnglish.id}/send`, {});
    await deliverDueEmails(t.deps, t.mailer);
    const toJana = smtp.messages.find((mail) => JSON.stringify(mail.to).includes('jana@'))!;
    const toMaja = smtp.messages.find((mail) => JSON.stringify(mail.to).includes('maja@'))!;
    const number = sentGerman.invoice.number;
    expect(toJana.subject).toBe(`Ihre Rechnung ${number} von Tidewater Surveys`);
    expect(toJana.text).toContain(`Guten Tag Hafen GmbH, anbei Rechnung ${number} über 410,00`);
    expect(toMaja.subject).toMatch(/^Invoice .* from Tidewater Surveys$/);

    const reset = await ok('DELETE', TEMPLATE);
    expect(reset.override).toBeNull();
    const again = await ok('POST', `/api/v1/invoices/${forGerman.id}/send/preview`, {});
    expect(again.subject).toBe(`Rechnung ${number} von Tidewater Surveys`);
  });
});
