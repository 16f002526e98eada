import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../../src/db/client.ts';
import { claimDueEmailsQuery, deliverDueEmails } from '../../../src/services/email/deliver-due-emails.ts';
import { type SendingTestApp, startSendingApp } from '../../support/sending-app.ts';
import { startSmtpServer, type TestSmtpServer, testMailer } from '../../support/smtp.ts';

let t: SendingTestApp;
let smtp: TestSmtpServer;

async function useSmtp(port: number) {
  const saved = await t.call('PUT', '/api/v1/settings/smtp', {
    host: '127.0.0.1',
    port,
    security: 'none',
    fromAddress: 'billing@studio.example',
  });
  expect(saved.status).toBe(200);
}

/** Queues `count` messages straight into the outbox, due now; returns their subjects. */
async function queueMessages(count: number, prefix: string): Promise<string[]> {
  const subjects = Array.from({ length: count }, (_, i) => `${prefix} ${i}`);
  await t.deps.db
    .insertInto('email_outbox')
    .values(
      subjects.map((subject, i) => ({
        kind: 'test',
        to_address: `person${i}@client.example`,
        subject,
        html: `<p>${subject}</p>`,
        text: subject,
        next_attempt_at: t.clock.now(),
      })),
    )
    .execute();
  return subjects;
}

beforeAll(async () => {
  t = await startSendingApp();
  smtp = await startSmtpServer();
  await useSmtp(smtp.port);
});

afterAll(async () => {
  await t.mailer.close?.();
  await smtp.close();
  await t.close();
});

describe('outbox claim', () => {
  it('reads the partial index of pending rows, not the delivered ones', async () => {
    await sql`
      insert into email_outbox (kind, to_address, subject, html, text, state, sent_at, next_attempt_at, created_at)
      select 'invoice', 'old@client.example', 'Delivered ' || n, '', '', 'sent', now(), now() - interval '1 day',
             now() - interval '1 day'
      from generate_series(1, 50000) n
    `.execute(t.deps.db);
    await queueMessages(5, 'Pending');
    await sql`analyze email_outbox`.execute(t.deps.db);
    const now = t.clock.now();
    const { rows } = await sql<{ 'QUERY PLAN': string }>`
      explain ${claimDueEmailsQuery(now, new Date(now.getTime() + 60_000), 20)}
    `.execute(t.deps.db);
    const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
    expect(plan).toContain('email_outbox_pending_idx');
    expect(plan).not.toMatch(/Seq Scan on email_outbox/);

    expect(await deliverDueEmails(t.deps, t.mailer)).toEqual({ sent: 5, retrying: 0, failed: 0 });
    await sql`delete from email_outbox where subject like 'Delivered %'`.execute(t.deps.db);
  });
});

describe('delivery in parallel', () => {
  it('two processes with their own pools deliver each of many messages exactly once', async () => {
    const subjects = await queueMessages(300, 'Shared');
    const before = smtp.messages.length;
    const other = connectDatabase(t.database.url);
    const otherMailer = testMailer();
    try {
      const reports = await Promise.all([
        deliverDueEmails(t.deps, t.mailer, { batchSize: 7 }),
        deliverDueEmails({ ...t.deps, db: other.db }, otherMailer, { batchSize: 7 }),
      ]);
      // Both took part, and between them every message was sent once.
      expect(reports.every((report) => report.sent > 0)).toBe(true);
      expect(reports.reduce((sum, report) => sum + report.sent, 0)).toBe(300);
    } finally {
      await otherMailer.close?.();
      await other.close();
    }
    const received = smtp.messages.slice(before).map((message) => message.subject);
    expect(received.sort()).toEqual([...subjects].sort());
    // Several connections carried them at once.
    expect(smtp.peakConnections()).toBeGreaterThan(2);
    const states = await t.deps.db
      .selectFrom('email_outbox')
      .select([
        'state',
        (eb) => eb.fn.countAll<bigint>().as('count'),
        (eb) => eb.fn.max('attempts').as('most'),
      ])
      .where('subject', 'like', 'Shared %')
      .groupBy('state')
      .execute();
    expect(states).toEqual([{ state: 'sent', count: 300n, most: 1 }]);
  });

  it('a pooled connection the server dropped is replaced: the next message goes out on its first attempt', async () => {
    await queueMessages(3, 'Before restart');
    expect(await deliverDueEmails(t.deps, t.mailer)).toMatchObject({ sent: 3 });
    // The server goes away and comes back on the same port; the pool still holds the connections it had.
    const port = smtp.port;
    await smtp.close();
    smtp = await startSmtpServer({ port });
    await queueMessages(3, 'After restart');
    expect(await deliverDueEmails(t.deps, t.mailer)).toEqual({ sent: 3, retrying: 0, failed: 0 });
    expect(smtp.messages.map((message) => message.subject).sort()).toEqual([
      'After restart 0',
      'After restart 1',
      'After restart 2',
    ]);
  });

  it('new SMTP settings take a new pool; mail goes to the new server', async () => {
    const second = await startSmtpServer();
    try {
      await useSmtp(second.port);
      await queueMessages(4, 'Moved');
      expect(await deliverDueEmails(t.deps, t.mailer)).toMatchObject({ sent: 4 });
      expect(second.messages).toHaveLength(4);
    } finally {
      await useSmtp(smtp.port);
      await second.close();
    }
  });
});
