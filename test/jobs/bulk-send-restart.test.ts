import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Jobs, startJobs } from '../../src/jobs/queue.ts';
import { runBulkSends } from '../../src/services/invoices/run-bulk-sends.ts';
import { type SendingTestApp, startSendingApp } from '../support/sending-app.ts';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';

/**
 * A bulk send survives its process: batches already committed stay sent, a batch that broke off leaves nothing
 * behind, a batch run again sends nothing twice, and a new process (real pg-boss workers) finishes the job on start.
 */
let t: SendingTestApp;
let smtp: TestSmtpServer;

beforeAll(async () => {
  t = await startSendingApp();
  smtp = await startSmtpServer();
  await t.call('PUT', '/api/v1/settings/smtp', {
    host: '127.0.0.1',
    port: smtp.port,
    security: 'none',
    fromAddress: 'billing@studio.example',
  });
});

afterAll(async () => {
  await t.mailer.close?.();
  await smtp.close();
  await t.close();
});

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('a bulk send across a crash and a restart', () => {
  it('resumes where the committed batches ended, and emails every invoice exactly once', async () => {
    const client = await t.call('POST', '/api/v1/clients', {
      name: 'Acme',
      currency: 'USD',
      contacts: [{ name: 'Priya', email: 'priya@acme.example' }],
    });
    const drafts: string[] = [];
    for (let i = 0; i < 30; i++) {
      const draft = await t.call('POST', '/api/v1/invoices', {
        clientId: client.body.id,
        lines: [{ description: `Work ${i}`, quantity: '1', unitPrice: '10' }],
      });
      drafts.push(draft.body.id);
    }
    const posted = await t.call('POST', '/api/v1/invoices/bulk-send', {
      invoiceIds: drafts,
      issueDrafts: true,
    });
    expect(posted.status).toBe(202);
    const id = posted.body.id as string;
    const job = () =>
      t.deps.db.selectFrom('bulk_sends').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const emailsOf = () =>
      t.deps.db.selectFrom('email_outbox').select(['invoice_id']).where('invoice_id', 'in', drafts).execute();

    // The first process commits one batch of 10, then dies.
    await runBulkSends(t.deps, { batchSize: 10, maxBatches: 1 });
    expect(await job()).toMatchObject({ state: 'running', sent: 10 });

    // The next batch breaks off at its 5th invoice (a deadlock, say): the whole batch is rolled back.
    const fifth = drafts[14]!;
    await sql
      .raw(`
        create function test_break_batch() returns trigger language plpgsql as $$
        begin
          if new.invoice_id = '${fifth}' then raise exception 'deadlock for the test' using errcode = '40P01'; end if;
          return new;
        end $$;
        create trigger test_break_batch before insert on email_outbox
          for each row execute function test_break_batch();
      `)
      .execute(t.deps.db);
    const brokenRuns: unknown[] = [];
    try {
      await runBulkSends(t.deps, { batchSize: 10, onRunFailed: ({ error }) => brokenRuns.push(error) });
    } finally {
      await sql
        .raw('drop trigger test_break_batch on email_outbox; drop function test_break_batch();')
        .execute(t.deps.db);
    }
    expect(brokenRuns).toHaveLength(1);
    expect(await job()).toMatchObject({ state: 'running', sent: 10, attempts: 1 });
    expect(await emailsOf()).toHaveLength(10);
    // Nothing of the broken batch stayed: its first invoices are still drafts, without a number.
    expect((await t.call('GET', `/api/v1/invoices/${drafts[10]}`)).body).toMatchObject({
      status: 'draft',
      number: null,
    });

    // Two invoices of the committed batch are handed out again (as a batch run twice would be): one still points
    // at the job, the other's email lost that link, so only the dedupe key recognises it.
    await t.deps.db
      .updateTable('bulk_send_items')
      .set({ outcome: 'pending' })
      .where('bulk_send_id', '=', id)
      .where('invoice_id', 'in', [drafts[0]!, drafts[1]!])
      .execute();
    await t.deps.db.updateTable('bulk_sends').set({ sent: 8 }).where('id', '=', id).execute();
    await t.deps.db
      .updateTable('email_outbox')
      .set({ bulk_send_id: null })
      .where('invoice_id', '=', drafts[1]!)
      .execute();

    // A new process: its workers resume the job on start and deliver the emails.
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
      await waitFor(async () => (await job()).state === 'done', 30_000);
      await waitFor(async () => smtp.messages.length >= 30, 30_000);
    } finally {
      await jobs?.stop();
    }
    expect(errors).toEqual([]);
    expect(await job()).toMatchObject({ state: 'done', total: 30, sent: 30, skipped: 0, failed: 0 });
    const emails = await emailsOf();
    expect(emails).toHaveLength(30);
    expect(new Set(emails.map((email) => email.invoice_id)).size).toBe(30);
    expect(smtp.messages).toHaveLength(30);
    expect(new Set(smtp.messages.map((message) => message.subject)).size).toBe(30);
    const progress = await t.call('GET', `/api/v1/invoices/bulk-send/${id}`);
    expect(progress.body).toMatchObject({ state: 'done', done: true, error: null, emails: { sent: 29 } });
  }, 90_000);
});
