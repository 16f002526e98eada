import { sql } from 'kysely';
import type { EmailOutboxRow } from '../../db/schema.ts';
import { MailDeliveryError, type Mailer, type MailMessage } from '../../ports.ts';
import type { SendingDeps } from '../sending/sending-deps.ts';
import { loadSmtpDelivery, type SmtpDelivery } from '../settings/get-smtp-settings.ts';
import { SecretUnreadableError } from '../settings/secret-box.ts';
import { type DocumentAttachmentSources, documentAttachments } from './document-attachments.ts';
import { createSentRecorder, markFailure } from './email-outcomes.ts';
import { openLinkToken, withLinkToken } from './link-token.ts';

/** documentPdf and documentEInvoice make the files messages attach (document-attachments.ts). */
export interface DeliveryOptions extends DocumentAttachmentSources {
  /** Rows claimed per round trip; default ten per message in flight, at least 50. */
  batchSize?: number;
  /** Messages in flight at once; default the mailer's parallelism (its pool of connections), else one. */
  concurrency?: number;
  /**
   * How long a claimed row stays with its worker. A worker that dies mid-send leaves the row in 'sending'; once the
   * lease has passed another worker takes it again. Longer than the SMTP timeouts put together.
   */
  leaseMs?: number;
}

export interface DeliveryReport {
  sent: number;
  retrying: number;
  failed: number;
}

const DEFAULT_LEASE_MS = 5 * 60_000;

/**
 * Claims due rows so that no two workers get the same one: the UPDATE ... WHERE id IN (SELECT ... FOR UPDATE
 * SKIP LOCKED) moves them to 'sending' with a lease, in one committed statement, before any SMTP traffic. The
 * inner SELECT reads the partial index of pending rows (migration 026), never the delivered ones.
 */
export function claimDueEmailsQuery(now: Date, leaseUntil: Date, limit: number) {
  return sql<EmailOutboxRow>`
    update email_outbox
    set state = 'sending', attempts = attempts + 1, next_attempt_at = ${leaseUntil}
    where id in (
      select id from email_outbox
      where state in ('queued', 'retrying', 'sending') and next_attempt_at <= ${now}
      order by next_attempt_at, created_at
      limit ${limit}
      for update skip locked
    )
    returning *
  `;
}

async function claimDueEmails(deps: SendingDeps, limit: number, leaseMs: number): Promise<EmailOutboxRow[]> {
  const now = deps.clock.now();
  const leaseUntil = new Date(now.getTime() + leaseMs);
  const { rows } = await claimDueEmailsQuery(now, leaseUntil, limit).execute(deps.db);
  return rows;
}

/** The stored body with its link token put back (link-token.ts); a token that cannot be had fails the message. */
function bodyOf(row: EmailOutboxRow, secretKey: Buffer): { html: string; text: string } {
  if (!row.link_kind) return { html: row.html, text: row.text };
  const lost = (why: string) =>
    new MailDeliveryError(
      'other',
      `The link in this email cannot be restored (${why}); retry it to send a fresh one`,
      true,
    );
  if (!row.link_token_encrypted) throw lost('it is no longer stored');
  let token: string;
  try {
    token = openLinkToken(secretKey, row.id, row.link_token_encrypted);
  } catch (error) {
    if (error instanceof SecretUnreadableError) throw lost('the app key changed since it was queued');
    throw error;
  }
  return { html: withLinkToken(row.html, token), text: withLinkToken(row.text, token) };
}

async function messageFor(
  row: EmailOutboxRow,
  smtp: SmtpDelivery,
  secretKey: Buffer,
  sources: DocumentAttachmentSources,
): Promise<MailMessage> {
  const message: MailMessage = {
    from: smtp.from,
    replyTo: smtp.replyTo,
    to: { name: row.to_name, address: row.to_address },
    ...(row.cc.length > 0 ? { cc: row.cc } : {}),
    ...(row.bcc.length > 0 ? { bcc: row.bcc } : {}),
    subject: row.subject,
    ...bodyOf(row, secretKey),
  };
  // Made at delivery time, so the attachments show the document as it is when the mail leaves.
  const attachments = await documentAttachments(row, sources);
  if (attachments) message.attachments = attachments;
  return message;
}

/** A claimed row with the SMTP settings loaded for its batch, or why there are none. */
interface ClaimedEmail {
  row: EmailOutboxRow;
  smtp: SmtpDelivery | null;
  setupError: string | null;
}

async function claimWithSettings(deps: SendingDeps, limit: number, leaseMs: number): Promise<ClaimedEmail[]> {
  const rows = await claimDueEmails(deps, limit, leaseMs);
  if (rows.length === 0) return [];
  let smtp: SmtpDelivery | null = null;
  let setupError: string | null = null;
  try {
    smtp = await loadSmtpDelivery(deps.db, deps.secretKey);
    if (!smtp) setupError = 'SMTP is not configured';
  } catch (error) {
    if (!(error instanceof SecretUnreadableError)) throw error;
    setupError = error.message;
  }
  return rows.map((row) => ({ row, smtp, setupError }));
}

/**
 * Delivers every outbox message that is due, until none is left, with up to `concurrency` messages in flight (the
 * mailer's pool size). Failures are retried with backoff for about a day (domain/email-retry.ts), then the message
 * is failed; a permanent rejection (5xx) fails it at once. Final outcomes are written on the invoice's timeline.
 *
 * Exactly-once, with one window: a message is claimed (committed) before it is handed to SMTP, so two workers
 * (in this process or another) never send it both. If the process dies after the SMTP server accepted it but
 * before 'sent' is written, the lease expires and it is sent again: at least once in that one case, never lost.
 */
export async function deliverDueEmails(
  deps: SendingDeps,
  mailer: Mailer,
  options: DeliveryOptions = {},
): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0 };
  const concurrency = Math.max(1, options.concurrency ?? mailer.parallelism ?? 1);
  const batchSize = options.batchSize ?? Math.max(50, concurrency * 10);
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const claimed: ClaimedEmail[] = [];
  let claiming: Promise<void> | null = null;
  let drained = false;

  // The workers share the claimed rows; one claim at a time, started before the last rows are taken so that the
  // connections do not wait for it.
  const claimMore = () => {
    claiming ??= claimWithSettings(deps, batchSize, leaseMs)
      .then((batch) => {
        if (batch.length === 0) drained = true;
        claimed.push(...batch);
      })
      .finally(() => {
        claiming = null;
      });
    return claiming;
  };
  const nextEmail = async (): Promise<ClaimedEmail | null> => {
    while (claimed.length === 0) {
      if (drained) return null;
      await claimMore();
    }
    const email = claimed.shift() ?? null;
    // A failed claim ahead of time is met again by the worker that next finds nothing claimed.
    if (claimed.length < concurrency && !drained) claimMore().catch(() => {});
    return email;
  };

  const sent = createSentRecorder(deps);
  const deliver = async ({ row, smtp, setupError }: ClaimedEmail) => {
    if (!smtp) {
      report[await markFailure(deps, row, setupError ?? 'SMTP is not configured', false)] += 1;
      return;
    }
    try {
      const { messageId } = await mailer.send(
        smtp.server,
        await messageFor(row, smtp, deps.secretKey, options),
      );
      sent.add(row, messageId);
    } catch (error) {
      const permanent = error instanceof MailDeliveryError && error.permanent;
      const message = error instanceof Error ? error.message : String(error);
      report[await markFailure(deps, row, message, permanent)] += 1;
    }
  };

  const worker = async () => {
    try {
      for (let email = await nextEmail(); email; email = await nextEmail()) await deliver(email);
    } catch (error) {
      // The database is away, most likely: the other workers finish their message and stop claiming. Rows left
      // claimed are taken again once their lease has passed.
      drained = true;
      throw error;
    }
  };
  const outcomes = await Promise.allSettled(Array.from({ length: concurrency }, worker));
  report.sent = await sent.drain();
  const failure = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failure) throw failure.reason;
  return report;
}
