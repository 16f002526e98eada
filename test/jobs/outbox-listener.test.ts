import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Jobs, startJobs } from '../../src/jobs/queue.ts';
import { type SendingTestApp, startSendingApp } from '../support/sending-app.ts';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';

let t: SendingTestApp;
let smtp: TestSmtpServer;
let jobs: Jobs | null = null;
const errors: unknown[] = [];
const log = { info: () => {}, warn: () => {}, error: (data: object) => void errors.push(data) };

/** Waits for a message to reach the SMTP server. The limit is far below the minute of the scheduled run. */
async function arrival(subject: RegExp): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!smtp.messages.some((message) => subject.test(message.subject ?? ''))) {
    if (Date.now() > deadline) throw new Error(`no email matching ${subject} arrived`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  t = await startSendingApp();
  smtp = await startSmtpServer();
  await t.call('PATCH', '/api/v1/settings', { businessName: 'Studio North' });
  await t.call('PUT', '/api/v1/settings/smtp', {
    host: '127.0.0.1',
    port: smtp.port,
    security: 'none',
    fromAddress: 'billing@studio.example',
  });
  const client = await t.call('POST', '/api/v1/clients', {
    name: 'Acme Retail',
    currency: 'USD',
    contacts: [{ name: 'Priya Shah', email: 'priya@acme.example' }],
  });
  jobs = await startJobs({
    connectionString: t.database.url,
    deps: t.deps,
    mailer: t.mailer,
    log,
    stopTimeoutSeconds: 10,
  });
  // The invitation is queued by a staff route with no nudge of its own: the insert itself wakes the worker.
  expect((await t.call('POST', `/api/v1/contacts/${client.body.contacts[0].id}/portal/invite`)).status).toBe(
    200,
  );
  await arrival(/invites you to the client portal/);
});

afterAll(async () => {
  await jobs?.stop();
  await smtp.close();
  await t.close();
});

describe('mail is delivered as soon as it is queued', () => {
  it('a portal sign-in link reaches the SMTP server without waiting for the scheduled run', async () => {
    const requested = await t.call(
      'POST',
      '/api/portal/v1/auth/login-link',
      { email: 'priya@acme.example' },
      null,
    );
    expect(requested.status).toBe(202);
    await arrival(/portal sign-in link/);
    expect(errors).toEqual([]);
  });

  it('keeps listening after its database connection is cut', async () => {
    const { rows } = await t.database.pool.query<{ ended: boolean }>(
      `select pg_terminate_backend(pid) as ended from pg_stat_activity
       where datname = current_database() and application_name = 'remit-outbox-listener'`,
    );
    expect(rows.length).toBeGreaterThan(0);
    const requested = await t.call(
      'POST',
      '/api/portal/v1/auth/password-reset',
      { email: 'priya@acme.example' },
      null,
    );
    expect(requested.status).toBe(202);
    await arrival(/Reset your Studio North portal password/);
  });
});
