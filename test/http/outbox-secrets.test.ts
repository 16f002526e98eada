import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { up as scrubTokensLeftSinceUpgrade } from '../../src/db/migrations/016-scrub-tokens-left-since-012.ts';
import { deliverDueEmails } from '../../src/services/email/deliver-due-emails.ts';
import { purgeEmailBodies } from '../../src/services/email/purge-email-bodies.ts';
import { asQueuedBeforeUpgrade } from '../support/pre-upgrade-outbox.ts';
import { type SendingTestApp, startSendingApp } from '../support/sending-app.ts';
import { closedPort, startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';

/** Any bearer token Remit puts in an email: invoice links (rl_) and portal one-time tokens (rpi_, rpr_, rpm_). */
const ANY_TOKEN = /\b(rl|rp[irm])_[A-Za-z0-9_-]{43}/;

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

/** Every row of the outbox as PostgreSQL prints it, every column included. */
async function rawOutbox(): Promise<string> {
  const { rows } = await t.database.pool.query<{ row: string }>('select o::text as row from email_outbox o');
  return rows.map((r) => r.row).join('\n');
}

async function sendInvoice(): Promise<string> {
  const created = await t.call('POST', '/api/v1/invoices', {
    clientId,
    lines: [{ description: 'Design', quantity: '1', unitPrice: '800' }],
  });
  expect(created.status).toBe(201);
  expect((await t.call('POST', `/api/v1/invoices/${created.body.id}/send`, {})).status).toBe(200);
  return created.body.id;
}

function invoiceToken(text: string | undefined): string {
  const token = /\/portal\/link\/(rl_[A-Za-z0-9_-]{43})/.exec(text ?? '')?.[1];
  expect(token, 'the email carries an invoice link').toBeDefined();
  return token!;
}

async function linkOpensInvoice(token: string, invoiceId: string) {
  const landing = await t.app.inject({ method: 'GET', url: `/portal/link/${token}` });
  expect(landing.statusCode).toBe(303);
  expect(landing.headers.location).toBe(`/portal/invoices/${invoiceId}`);
}

beforeAll(async () => {
  t = await startSendingApp();
  smtp = await startSmtpServer();
  await useSmtp(smtp.port);
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

describe('tokens in the outbox', () => {
  it('an invoice link is never stored readable, is delivered working, and leaves nothing usable behind', async () => {
    t.clock.set('2026-11-25T10:00:00Z');
    const invoiceId = await sendInvoice();
    expect(await rawOutbox()).not.toMatch(ANY_TOKEN);

    const before = smtp.messages.length;
    expect(await deliverDueEmails(t.deps, t.mailer)).toMatchObject({ sent: 1 });
    const mail = smtp.messages[before]!;
    const token = invoiceToken(mail.text);
    expect(typeof mail.html === 'string' ? mail.html : '').toContain(`/portal/link/${token}"`);

    const raw = await rawOutbox();
    expect(raw).not.toContain(token);
    expect(raw).not.toMatch(ANY_TOKEN);
    const row = await t.deps.db
      .selectFrom('email_outbox')
      .select(['state', 'link_token_encrypted'])
      .where('invoice_id', '=', invoiceId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'sent', link_token_encrypted: null });
    await linkOpensInvoice(token, invoiceId);
  });

  it('a portal invitation works from the email while the outbox holds no token', async () => {
    const invited = await t.call('POST', `/api/v1/contacts/${contactId}/portal/invite`);
    expect(invited.status).toBe(200);
    expect(await rawOutbox()).not.toMatch(ANY_TOKEN);

    const before = smtp.messages.length;
    await deliverDueEmails(t.deps, t.mailer);
    const mail = smtp.messages[before]!;
    const token = /#token=(rpi_[A-Za-z0-9_-]{43})/.exec(mail.text ?? '')?.[1];
    expect(token, 'the invitation carries its token').toBeDefined();
    expect(await rawOutbox()).not.toContain(token);

    const accepted = await t.call(
      'POST',
      '/api/portal/v1/auth/accept-invitation',
      { token, password: 'portal-password-1' },
      null,
    );
    expect(accepted.status).toBe(200);
  });

  it('retries after a failed SMTP attempt still deliver a working link', async () => {
    t.clock.set('2026-11-26T10:00:00Z');
    await useSmtp(await closedPort());
    const invoiceId = await sendInvoice();
    expect(await deliverDueEmails(t.deps, t.mailer)).toMatchObject({ retrying: 1 });
    expect(await rawOutbox()).not.toMatch(ANY_TOKEN);

    await useSmtp(smtp.port);
    const row = await t.deps.db
      .selectFrom('email_outbox')
      .select('next_attempt_at')
      .where('invoice_id', '=', invoiceId)
      .executeTakeFirstOrThrow();
    t.clock.set(row.next_attempt_at.toISOString());
    const before = smtp.messages.length;
    expect(await deliverDueEmails(t.deps, t.mailer)).toMatchObject({ sent: 1 });
    const token = invoiceToken(smtp.messages[before]!.text);
    expect(await rawOutbox()).not.toContain(token);
    await linkOpensInvoice(token, invoiceId);
  });
});

describe('emails queued before the upgrade that stopped storing tokens', () => {
  it('go out with their working link and keep no readable token once delivered', async () => {
    t.clock.set('2026-11-27T10:00:00Z');
    await useSmtp(smtp.port);
    const invoiceId = await sendInvoice();
    const email = await t.deps.db
      .selectFrom('email_outbox')
      .select('id')
      .where('invoice_id', '=', invoiceId)
      .executeTakeFirstOrThrow();
    const token = await asQueuedBeforeUpgrade(t, email.id);
    expect(await rawOutbox()).toContain(token);

    const before = smtp.messages.length;
    expect(await deliverDueEmails(t.deps, t.mailer)).toMatchObject({ sent: 1 });
    expect(invoiceToken(smtp.messages[before]!.text)).toBe(token);
    expect(await rawOutbox()).not.toMatch(ANY_TOKEN);
    const row = await t.deps.db
      .selectFrom('email_outbox')
      .select(['state', 'text'])
      .where('id', '=', email.id)
      .executeTakeFirstOrThrow();
    expect(row.state).toBe('sent');
    expect(row.text).toContain('/portal/link/(link removed)');
    await linkOpensInvoice(token, invoiceId);
  });

  it('that finished before delivery scrubbed them lose their readable token in migration 016', async () => {
    t.clock.set('2026-11-28T10:00:00Z');
    const invoiceId = await sendInvoice();
    const email = await t.deps.db
      .selectFrom('email_outbox')
      .select('id')
      .where('invoice_id', '=', invoiceId)
      .executeTakeFirstOrThrow();
    const token = await asQueuedBeforeUpgrade(t, email.id);
    // Delivered by a release that did not scrub them yet.
    await t.database.pool.query(`update email_outbox set state = 'sent', sent_at = now() where id = $1`, [
      email.id,
    ]);
    expect(await rawOutbox()).toContain(token);

    await scrubTokensLeftSinceUpgrade(t.deps.db as unknown as Kysely<unknown>);
    expect(await rawOutbox()).not.toMatch(ANY_TOKEN);
  });
});

describe('retention of delivered email', () => {
  it('is an organisation setting of 90 days by default, validated', async () => {
    expect((await t.call('GET', '/api/v1/settings')).body.emailRetentionDays).toBe(90);
    for (const bad of [0, 3651, 1.5, '30']) {
      const refused = await t.call('PATCH', '/api/v1/settings', { emailRetentionDays: bad });
      expect(refused.status).toBe(400);
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(JSON.stringify(refused.body.errors)).toContain('emailRetentionDays');
    }
    const finance = await t.call('PATCH', '/api/v1/settings', { emailRetentionDays: 30 }, t.financeToken);
    expect(finance.status).toBe(403);
    const saved = await t.call('PATCH', '/api/v1/settings', { emailRetentionDays: 30 });
    expect(saved.status).toBe(200);
    expect(saved.body.emailRetentionDays).toBe(30);
  });

  it('the purge empties old delivered emails and keeps what the invoice shows about them', async () => {
    await useSmtp(smtp.port);
    expect((await t.call('PATCH', '/api/v1/settings', { emailRetentionDays: 30 })).status).toBe(200);
    t.clock.set('2027-01-01T10:00:00Z');
    const oldInvoice = await sendInvoice();
    await t.call('POST', `/api/v1/contacts/${contactId}/portal/invite`);
    await deliverDueEmails(t.deps, t.mailer);
    // Recorded as not sent (no SMTP settings): finished too, so emptied as well.
    expect((await t.call('DELETE', '/api/v1/settings/smtp')).status).toBe(204);
    const notSentInvoice = await sendInvoice();
    await useSmtp(smtp.port);

    t.clock.set('2027-01-31T09:00:00Z');
    const recentInvoice = await sendInvoice();
    await deliverDueEmails(t.deps, t.mailer);
    const beforeOld = await t.call('GET', `/api/v1/invoices/${oldInvoice}/emails`);

    t.clock.set('2027-01-31T11:00:00Z');
    const report = await purgeEmailBodies(t.deps);
    expect(report.emptied).toBeGreaterThanOrEqual(1);
    expect(report.deleted).toBeGreaterThanOrEqual(1);

    const old = await t.deps.db
      .selectFrom('email_outbox')
      .selectAll()
      .where('invoice_id', '=', oldInvoice)
      .executeTakeFirstOrThrow();
    expect(old).toMatchObject({ state: 'sent', html: '', text: '' });
    expect(old.body_purged_at?.toISOString()).toBe('2027-01-31T11:00:00.000Z');
    // The invoice still lists the email (to whom, when, what, state) and its timeline still says it was sent.
    const afterOld = await t.call('GET', `/api/v1/invoices/${oldInvoice}/emails`);
    expect(afterOld.body.items).toEqual(beforeOld.body.items);
    expect(afterOld.body.items[0]).toMatchObject({
      kind: 'invoice',
      state: 'sent',
      to: { address: 'priya@acme.example', name: 'Priya Shah' },
    });
    const events = await t.call('GET', `/api/v1/invoices/${oldInvoice}/events`);
    expect(events.body.items.map((e: { type: string }) => e.type)).toContain('email_sent');

    // Emails tied to no invoice are shown nowhere: old delivered ones go entirely.
    const invites = await t.deps.db
      .selectFrom('email_outbox')
      .select('id')
      .where('kind', '=', 'portal_invite')
      .execute();
    expect(invites).toEqual([]);

    const notSent = await t.deps.db
      .selectFrom('email_outbox')
      .select(['state', 'text'])
      .where('invoice_id', '=', notSentInvoice)
      .executeTakeFirstOrThrow();
    expect(notSent).toEqual({ state: 'not_sent', text: '' });
    const recent = await t.deps.db
      .selectFrom('email_outbox')
      .select(['text', 'body_purged_at'])
      .where('invoice_id', '=', recentInvoice)
      .executeTakeFirstOrThrow();
    expect(recent.body_purged_at).toBeNull();
    expect(recent.text).toContain('View and pay the invoice');
    // A second run finds nothing more.
    expect(await purgeEmailBodies(t.deps)).toEqual({ emptied: 0, deleted: 0 });
  });
});
