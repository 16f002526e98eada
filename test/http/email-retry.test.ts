import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDueEmails } from '../../src/services/email/deliver-due-emails.ts';
import { asFailedBeforeUpgrade, asQueuedBeforeUpgrade } from '../support/pre-upgrade-outbox.ts';
import { type SendingTestApp, startSendingApp } from '../support/sending-app.ts';
import { closedPort, startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';

let t: SendingTestApp;
let smtp: TestSmtpServer;
let clientId: string;
let contactId: string;

async function useSmtp(port: number) {
  const saved = await t.call('PUT', '/api/v1/settings/smtp', {
    host: '127.0.0.1',
    port,
    security: 'none',
    fromAddress: 'billing@studio.example',
  });
  expect(saved.status).toBe(200);
}

/** Runs delivery each time the next attempt is due, until the outbox row has failed for good. */
async function deliverUntilFailed(emailId: string) {
  for (let run = 0; run < 40; run += 1) {
    await deliverDueEmails(t.deps, t.mailer);
    const row = await t.deps.db
      .selectFrom('email_outbox')
      .select(['state', 'next_attempt_at'])
      .where('id', '=', emailId)
      .executeTakeFirstOrThrow();
    if (row.state === 'failed') return;
    t.clock.set(row.next_attempt_at.toISOString());
  }
  throw new Error('the email never failed');
}

async function failedInvoiceEmail(
  beforeDelivery?: (emailId: string) => Promise<unknown>,
): Promise<{ invoiceId: string; emailId: string }> {
  await useSmtp(await closedPort());
  const created = await t.call('POST', '/api/v1/invoices', {
    clientId,
    lines: [{ description: 'Audit', quantity: '1', unitPrice: '250' }],
  });
  const sent = await t.call('POST', `/api/v1/invoices/${created.body.id}/send`, {});
  expect(sent.status).toBe(200);
  const emailId = sent.body.emails[0].id as string;
  await beforeDelivery?.(emailId);
  await deliverUntilFailed(emailId);
  return { invoiceId: created.body.id, emailId };
}

beforeAll(async () => {
  t = await startSendingApp();
  smtp = await startSmtpServer();
  const client = await t.call('POST', '/api/v1/clients', {
    name: 'Acme Retail',
    currency: 'USD',
    contacts: [{ name: 'Priya Shah', email: 'priya@acme.example' }],
  });
  clientId = client.body.id;
  contactId = client.body.contacts[0].id;
});

afterAll(async () => {
  await smtp.close();
  await t.close();
});

describe('POST /api/v1/emails/:id/retry', () => {
  it('queues a failed email again; it is delivered with a link that works and the invoice says who retried', async () => {
    t.clock.set('2026-11-25T10:00:00Z');
    const { invoiceId, emailId } = await failedInvoiceEmail();
    // Days later, once the mail server is fixed.
    t.clock.set('2026-12-02T09:00:00Z');
    await useSmtp(smtp.port);

    const retried = await t.call('POST', `/api/v1/emails/${emailId}/retry`, undefined, t.financeToken);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ id: emailId, state: 'queued', attempts: 0, lastError: null });

    const before = smtp.messages.length;
    expect(await deliverDueEmails(t.deps, t.mailer)).toMatchObject({ sent: 1 });
    const mail = smtp.messages[before]!;
    const token = /\/portal\/link\/(rl_[A-Za-z0-9_-]{43})/.exec(mail.text ?? '')?.[1];
    expect(token, 'the retried email carries a link').toBeDefined();
    const landing = await t.app.inject({ method: 'GET', url: `/portal/link/${token}` });
    expect(landing.statusCode).toBe(303);
    expect(landing.headers.location).toBe(`/portal/invoices/${invoiceId}`);

    const emails = await t.call('GET', `/api/v1/invoices/${invoiceId}/emails`);
    expect(emails.body.items).toEqual([expect.objectContaining({ id: emailId, state: 'sent', attempts: 1 })]);
    const events = await t.call('GET', `/api/v1/invoices/${invoiceId}/events`);
    const types = events.body.items.map((e: { type: string }) => e.type);
    expect(types.indexOf('email_failed')).toBeLessThan(types.indexOf('email_retried'));
    expect(types.indexOf('email_retried')).toBeLessThan(types.lastIndexOf('email_sent'));
    const retriedEvent = events.body.items.find((e: { type: string }) => e.type === 'email_retried');
    expect(retriedEvent.actor.name).toBeTruthy();
    expect(retriedEvent.data).toMatchObject({ emailId, kind: 'invoice', to: 'priya@acme.example' });
  });

  it('a retried email that fails once more gets a fresh day of retries', async () => {
    t.clock.set('2026-12-10T10:00:00Z');
    const { emailId } = await failedInvoiceEmail();
    t.clock.set('2026-12-20T10:00:00Z');
    expect((await t.call('POST', `/api/v1/emails/${emailId}/retry`)).status).toBe(200);
    expect(await deliverDueEmails(t.deps, t.mailer)).toMatchObject({ retrying: 1, failed: 0 });
  });

  it('answers 409 problem+json for an email that has not failed, 404 for an unknown or malformed id', async () => {
    await useSmtp(smtp.port);
    const invited = await t.call('POST', `/api/v1/contacts/${contactId}/portal/invite`);
    expect(invited.status).toBe(200);
    const invite = await t.deps.db
      .selectFrom('email_outbox')
      .select('id')
      .where('kind', '=', 'portal_invite')
      .executeTakeFirstOrThrow();

    const queued = await t.call('POST', `/api/v1/emails/${invite.id}/retry`);
    expect(queued.status).toBe(409);
    expect(queued.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(queued.body).toMatchObject({ status: 409, code: 'email_not_failed' });
    expect(queued.body.detail).toMatch(/queued/);

    await deliverDueEmails(t.deps, t.mailer);
    const sent = await t.call('POST', `/api/v1/emails/${invite.id}/retry`);
    expect(sent.status).toBe(409);
    expect(sent.body.detail).toMatch(/sent/);

    const unknown = await t.call('POST', '/api/v1/emails/00000000-0000-4000-8000-000000000000/retry');
    expect(unknown.status).toBe(404);
    expect((await t.call('POST', '/api/v1/emails/not-a-uuid/retry')).status).toBe(404);
    expect((await t.call('POST', `/api/v1/emails/${invite.id}/retry`, undefined, null)).status).toBe(401);
  });

  it('is documented in the OpenAPI document with its 409', async () => {
    const doc = (await t.call('GET', '/api/v1/openapi.json')).body;
    const operation = doc.paths['/api/v1/emails/{id}/retry']?.post;
    expect(operation?.summary).toEqual(expect.any(String));
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '404', '409']));
  });
});

/** Any bearer token Remit puts in an email: invoice links (rl_) and portal one-time tokens (rpi_, rpr_, rpm_). */
const ANY_TOKEN = /\b(rl|rp[irm])_[A-Za-z0-9_-]{43}/;

async function outboxRow(emailId: string) {
  return t.deps.db.selectFrom('email_outbox').selectAll().where('id', '=', emailId).executeTakeFirstOrThrow();
}

/** Retries the email, delivers it, and checks the link in what arrived opens the invoice. Returns the token. */
async function retryDeliversWorkingLink(emailId: string, invoiceId: string): Promise<string> {
  await useSmtp(smtp.port);
  const retried = await t.call('POST', `/api/v1/emails/${emailId}/retry`);
  expect(retried.status).toBe(200);
  const before = smtp.messages.length;
  expect(await deliverDueEmails(t.deps, t.mailer)).toMatchObject({ sent: 1 });
  const text = smtp.messages[before]!.text ?? '';
  expect(text).not.toContain('(link removed)');
  const token = /\/portal\/link\/(rl_[A-Za-z0-9_-]{43})/.exec(text)?.[1];
  expect(token, 'the retried email carries a link').toBeDefined();
  const landing = await t.app.inject({ method: 'GET', url: `/portal/link/${token}` });
  expect(landing.statusCode).toBe(303);
  expect(landing.headers.location).toBe(`/portal/invoices/${invoiceId}`);
  const row = await outboxRow(emailId);
  expect(`${row.html}${row.text}`).not.toMatch(ANY_TOKEN);
  return token!;
}

describe('retrying emails written before the upgrade that stopped storing tokens', () => {
  it('an invoice email that had failed, its link removed by the upgrade, goes out with a fresh working link', async () => {
    t.clock.set('2027-02-01T10:00:00Z');
    const { invoiceId, emailId } = await failedInvoiceEmail();
    await asFailedBeforeUpgrade(t, emailId);
    t.clock.set('2027-02-03T10:00:00Z');
    await retryDeliversWorkingLink(emailId, invoiceId);
  });

  it('an invoice email queued before the upgrade that fails for good keeps no readable token, and retries', async () => {
    t.clock.set('2027-02-10T10:00:00Z');
    let oldToken = '';
    const { invoiceId, emailId } = await failedInvoiceEmail(async (id) => {
      oldToken = await asQueuedBeforeUpgrade(t, id);
    });
    const failed = await outboxRow(emailId);
    expect(failed.state).toBe('failed');
    expect(`${failed.html}${failed.text}`).not.toMatch(ANY_TOKEN);
    t.clock.set('2027-02-12T10:00:00Z');
    expect(await retryDeliversWorkingLink(emailId, invoiceId)).not.toBe(oldToken);
  });

  it('answers 409 problem+json for a failed email whose link was removed and cannot be issued again', async () => {
    t.clock.set('2027-02-20T10:00:00Z');
    const client = await t.call('POST', '/api/v1/clients', {
      name: 'Borealis Freight',
      currency: 'USD',
      contacts: [{ name: 'Jonas Berg', email: 'jonas@borealis.example' }],
    });
    await useSmtp(await closedPort());
    const invited = await t.call('POST', `/api/v1/contacts/${client.body.contacts[0].id}/portal/invite`);
    expect(invited.status).toBe(200);
    const invite = await t.deps.db
      .selectFrom('email_outbox')
      .select('id')
      .where('to_address', '=', 'jonas@borealis.example')
      .executeTakeFirstOrThrow();
    await deliverUntilFailed(invite.id);
    await asFailedBeforeUpgrade(t, invite.id);
    await useSmtp(smtp.port);

    const refused = await t.call('POST', `/api/v1/emails/${invite.id}/retry`);
    expect(refused.status).toBe(409);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ status: 409, code: 'email_link_removed' });
    expect(refused.body.detail).toMatch(/link was removed/);
    expect((await outboxRow(invite.id)).state).toBe('failed');
  });
});
