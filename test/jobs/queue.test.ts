import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Jobs, startJobs } from '../../src/jobs/queue.ts';
import { SCHEDULES } from '../../src/jobs/schedule.ts';
import { type SendingTestApp, startSendingApp } from '../support/sending-app.ts';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';

let t: SendingTestApp;
let smtp: TestSmtpServer;

beforeAll(async () => {
  t = await startSendingApp();
  smtp = await startSmtpServer();
});

afterAll(async () => {
  await smtp.close();
  await t.close();
});

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('pg-boss jobs', () => {
  it('schedule the three jobs, deliver queued email when nudged, and stop gracefully', async () => {
    await t.call('PUT', '/api/v1/settings/smtp', {
      host: '127.0.0.1',
      port: smtp.port,
      security: 'none',
      fromAddress: 'billing@studio.example',
    });
    const client = await t.call('POST', '/api/v1/clients', {
      name: 'Acme',
      currency: 'USD',
      contacts: [{ name: 'Priya', email: 'priya@acme.example' }],
    });
    const draft = await t.call('POST', '/api/v1/invoices', {
      clientId: client.body.id,
      lines: [{ description: 'Work', quantity: '1', unitPrice: '10' }],
    });
    // Queued before the workers start: delivered on start, as after a restart.
    expect((await t.call('POST', `/api/v1/invoices/${draft.body.id}/send`, {})).status).toBe(200);

    const errors: unknown[] = [];
    let jobs: Jobs | null = null;
    try {
      jobs = await startJobs({
        connectionString: t.database.url,
        deps: t.deps,
        mailer: t.mailer,
        log: { info: () => {}, warn: () => {}, error: (data) => errors.push(data) },
        stopTimeoutSeconds: 10,
      });
      await waitFor(() => smtp.messages.length === 1, 20_000);

      const again = await t.call('POST', `/api/v1/invoices/${draft.body.id}/send`, {});
      expect(again.status).toBe(200);
      jobs.nudgeDelivery();
      await waitFor(() => smtp.messages.length === 2, 20_000);

      const { rows } = await t.database.pool.query<{ name: string; cron: string }>(
        'select name, cron from pgboss.schedule order by name',
      );
      expect(rows).toEqual(
        [...SCHEDULES].sort((a, b) => a.name.localeCompare(b.name)).map(({ name, cron }) => ({ name, cron })),
      );
    } finally {
      await jobs?.stop();
    }
    expect(errors).toEqual([]);
    const emails = await t.call('GET', `/api/v1/invoices/${draft.body.id}/emails`);
    expect(emails.body.items.map((e: { state: string }) => e.state)).toEqual(['sent', 'sent']);
  });
});
