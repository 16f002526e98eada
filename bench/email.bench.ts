/**
 * Email delivery benchmark: `npm run bench:email`.
 *
 * BENCH_EMAILS invoice emails (default 2,000, each with its encrypted portal-link token and tied to an invoice, so
 * 'sent' writes the invoice's timeline as in production) go through Remit's outbox: deliverDueEmails() claims them,
 * restores each link, hands them to the pooled SMTP adapter and records each outcome. The baseline, in the same run,
 * hands the same messages (the same bytes, links included) straight to a nodemailer pool of the same size. Both talk
 * to the same local SMTP sink, which reads each message and throws it away. Rounds alternate (baseline, Remit, ...)
 * so that both see the same machine; the best round of each is reported, with the ratio Remit / baseline.
 *
 * Environment: BENCH_EMAILS (default 2000), BENCH_ROUNDS (default 3), SMTP_MAX_CONNECTIONS (pool size of both,
 * default 5), DATABASE_URL (an existing server to create a throw-away database on; without it an embedded
 * PostgreSQL starts in a temporary directory). The table goes to stdout, progress to stderr.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { createSmtpMailer } from '../src/adapters/mail/smtp-mailer.ts';
import { connectDatabase, migrateToLatest } from '../src/db/client.ts';
import { systemClock } from '../src/ports.ts';
import { deliverDueEmails } from '../src/services/email/deliver-due-emails.ts';
import { queueEmail } from '../src/services/email/queue-email.ts';
import type { SendingDeps } from '../src/services/sending/sending-deps.ts';
import { updateSmtpSettings } from '../src/services/settings/update-smtp-settings.ts';
import { openBenchDatabase } from './lib/database.ts';
import { cleanup, envInteger, onCleanup, progress } from './lib/run.ts';

const EMAILS = envInteger('BENCH_EMAILS', 2_000);
const ROUNDS = envInteger('BENCH_ROUNDS', 3);
const CONNECTIONS = envInteger('SMTP_MAX_CONNECTIONS', 5);

interface Sink {
  port: number;
  received: number;
  close(): Promise<void>;
}

/** An SMTP server on loopback that reads every message to its end and keeps nothing but the count. */
async function startSink(): Promise<Sink> {
  const sink = { port: 0, received: 0, close: async () => {} };
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    closeTimeout: 100,
    onData(stream, _session, callback) {
      stream.on('end', () => {
        sink.received += 1;
        callback();
      });
      stream.resume();
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.server.address();
  sink.port = typeof address === 'object' && address ? address.port : 0;
  sink.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return sink;
}

/** An invoice email as Remit writes it: about 3 KB of HTML and its text, with a portal link. */
function invoiceEmail(n: number, token: string) {
  const link = `https://billing.example.com/portal/l/${token}`;
  const rows = Array.from(
    { length: 12 },
    (_, i) =>
      `<tr><td style="padding:4px 8px">Line ${i + 1}</td><td style="text-align:right">€1,234.50</td></tr>`,
  ).join('');
  return {
    subject: `Invoice INV-${String(n).padStart(6, '0')} from Studio North`,
    html: `<!doctype html><html><body style="font-family:sans-serif"><p>Dear client ${n},</p><p>Please find invoice INV-${n} below.</p><table>${rows}</table><p><a href="${link}">View and pay the invoice</a></p><p>Studio North</p></body></html>`,
    text: `Dear client ${n},\n\nPlease find invoice INV-${n}: €14,814.00 due 2026-12-31.\n\nView and pay: ${link}\n\nStudio North\n`,
    to: { name: `Client ${n}`, address: `client${n}@customer.example` },
  };
}

const tokenFor = (n: number) =>
  `rl_${randomBytes(32).toString('base64url').slice(0, 40)}${String(n % 1000).padStart(3, '0')}`;

const database = await openBenchDatabase(progress);
onCleanup(() => database.dispose());
const handle = connectDatabase(database.url);
onCleanup(() => handle.close());
const sink = await startSink();
onCleanup(() => sink.close());
try {
  await migrateToLatest(handle.db);
  const deps: SendingDeps = {
    db: handle.db,
    clock: systemClock,
    appUrl: 'https://billing.example.com',
    secretKey: randomBytes(32),
  };
  await updateSmtpSettings(deps, {
    host: '127.0.0.1',
    port: sink.port,
    security: 'none',
    fromName: 'Studio North',
    fromAddress: 'billing@studio.example',
  });
  const { rows: invoices } = await sql<{ id: string }>`
    with client as (insert into clients (name) values ('Bench client') returning id)
    insert into invoices (number, status, client_id, currency, issue_date, due_date, payment_terms, tax_rounding,
                          invoice_discount_mode, total_minor, amount_paid_minor)
    select 'B-' || n, 'sent', (select id from client), 'EUR', current_date, current_date + 30, 'net_30',
           'per_document', 'before_tax', 1481400, 0
    from generate_series(1, 100) n
    returning id`.execute(handle.db);
  const messages = Array.from({ length: EMAILS }, (_, n) => {
    const token = tokenFor(n);
    return { ...invoiceEmail(n, token), token };
  });

  const baseline = async () => {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: sink.port,
      secure: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: CONNECTIONS,
    });
    try {
      const started = performance.now();
      await Promise.all(
        messages.map((message) =>
          transport.sendMail({
            from: { name: 'Studio North', address: 'billing@studio.example' },
            to: message.to,
            subject: message.subject,
            html: message.html,
            text: message.text,
          }),
        ),
      );
      return performance.now() - started;
    } finally {
      transport.close();
    }
  };

  const remit = async () => {
    // Queued beforehand, as invoices' sends would; only delivery is timed.
    await handle.db.transaction().execute(async (trx) => {
      for (const [n, message] of messages.entries()) {
        await queueEmail(
          trx,
          {
            kind: 'invoice',
            to: message.to,
            subject: message.subject,
            html: message.html,
            text: message.text,
            invoiceId: invoices[n % invoices.length]!.id,
            linkToken: { kind: 'invoice_link', token: message.token },
          },
          deps.clock.now(),
          deps.secretKey,
        );
      }
    });
    await sql`analyze email_outbox`.execute(handle.db);
    const mailer = createSmtpMailer({ pool: { maxConnections: CONNECTIONS } });
    try {
      const started = performance.now();
      const report = await deliverDueEmails(deps, mailer);
      const elapsed = performance.now() - started;
      if (report.sent !== EMAILS)
        throw new Error(`Remit sent ${report.sent} of ${EMAILS}: ${JSON.stringify(report)}`);
      return elapsed;
    } finally {
      await mailer.close();
    }
  };

  const best = { baseline: Number.POSITIVE_INFINITY, remit: Number.POSITIVE_INFINITY };
  for (let round = 1; round <= ROUNDS; round++) {
    for (const [name, run] of [
      ['baseline', baseline],
      ['remit', remit],
    ] as const) {
      const before = sink.received;
      const ms = await run();
      if (sink.received - before !== EMAILS)
        throw new Error(`${name}: the sink received ${sink.received - before} of ${EMAILS}`);
      best[name] = Math.min(best[name], ms);
      progress(
        `round ${round}, ${name}: ${EMAILS} emails in ${(ms / 1000).toFixed(2)} s (${((EMAILS * 1000) / ms).toFixed(0)}/s)`,
      );
    }
  }
  const rate = (ms: number) => (EMAILS * 1000) / ms;
  const ratio = rate(best.remit) / rate(best.baseline);
  console.log(
    `\nEmail delivery, ${EMAILS} emails, ${CONNECTIONS} SMTP connections, best of ${ROUNDS} rounds (${database.description})\n`,
  );
  console.log('| Path | emails/s | ratio |');
  console.log('| --- | ---: | ---: |');
  console.log(
    `| nodemailer pool straight to the sink (baseline) | ${rate(best.baseline).toFixed(0)} | 1.00 |`,
  );
  console.log(
    `| Remit outbox: claim, restore link, send, record (deliverDueEmails) | ${rate(best.remit).toFixed(0)} | ${ratio.toFixed(2)} |`,
  );
} finally {
  await cleanup();
}
