import { sql } from 'kysely';
import type { Trx } from '../../db/client.ts';
import type { EmailOutboxRow } from '../../db/schema.ts';
import { nextAttemptAfterFailure } from '../../domain/email-retry.ts';
import { systemActor } from '../context.ts';
import { recordDocumentEvent } from '../documents/record-document-event.ts';
import { recordInvoiceEvent, recordInvoiceEvents } from '../invoices/record-event.ts';
import type { SendingDeps } from '../sending/sending-deps.ts';
import { withoutReadableLinkTokens } from './link-token.ts';

/**
 * A message queued before migration 012 (no `link_kind`) carries its token readable in the body: once it is sent or
 * given up the token is scrubbed, as 012 did to messages already finished. "Retry now" issues a fresh one.
 */
function scrubbedIfWrittenBeforeUpgrade(row: EmailOutboxRow) {
  return row.link_kind
    ? {}
    : { html: withoutReadableLinkTokens('html'), text: withoutReadableLinkTokens('text') };
}

/** A message's final outcome on the timeline of the document it belongs to (invoice, quote or credit note). */
async function recordOutcome(
  trx: Trx,
  row: EmailOutboxRow,
  type: 'email_sent' | 'email_failed',
  detail: Record<string, unknown>,
  at: Date,
): Promise<void> {
  const data = { emailId: row.id, kind: row.kind, to: row.to_address, ...detail };
  if (row.invoice_id) {
    await recordInvoiceEvent(trx, systemActor, { invoiceId: row.invoice_id, type, data, at });
  } else if (row.quote_id || row.credit_note_id) {
    await recordDocumentEvent(trx, systemActor, {
      kind: row.quote_id ? 'quote' : 'credit_note',
      documentId: (row.quote_id ?? row.credit_note_id)!,
      type,
      data,
      at,
    });
  }
}

async function markSent(trx: Trx, row: EmailOutboxRow, messageId: string, now: Date): Promise<void> {
  await trx
    .updateTable('email_outbox')
    // The link's token leaves with the message: nothing usable stays behind.
    .set({
      state: 'sent',
      sent_at: now,
      message_id: messageId,
      last_error: null,
      link_token_encrypted: null,
      ...scrubbedIfWrittenBeforeUpgrade(row),
    })
    .where('id', '=', row.id)
    .execute();
  await recordOutcome(trx, row, 'email_sent', { attempts: row.attempts }, now);
}

/**
 * markSent for a group in a few statements: one UPDATE for every row and one INSERT for the invoices' timeline
 * events. Rows from before migration 012 and quotes' or credit notes' messages take the one-by-one path.
 */
async function markGroupSent(
  trx: Trx,
  group: { row: EmailOutboxRow; messageId: string }[],
  now: Date,
): Promise<void> {
  const together = group.filter(({ row }) => row.link_kind && !row.quote_id && !row.credit_note_id);
  const alone = group.filter((item) => !together.includes(item));
  for (const { row, messageId } of alone) await markSent(trx, row, messageId, now);
  if (together.length === 0) return;
  await sql`
    update email_outbox o
    set state = 'sent', sent_at = ${now}, message_id = v.message_id, last_error = null, link_token_encrypted = null
    from unnest(${together.map(({ row }) => row.id)}::uuid[], ${together.map(({ messageId }) => messageId)}::text[])
      as v(id, message_id)
    where o.id = v.id
  `.execute(trx);
  await recordInvoiceEvents(
    trx,
    systemActor,
    together
      .filter(({ row }) => row.invoice_id)
      .map(({ row }) => ({
        invoiceId: row.invoice_id!,
        type: 'email_sent',
        data: { emailId: row.id, kind: row.kind, to: row.to_address, attempts: row.attempts },
        at: now,
      })),
  );
}

export async function markFailure(
  deps: SendingDeps,
  row: EmailOutboxRow,
  message: string,
  permanent: boolean,
): Promise<'retrying' | 'failed'> {
  const now = deps.clock.now();
  const next = permanent
    ? null
    : nextAttemptAfterFailure(row.attempts, row.requeued_at ?? row.created_at, now);
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('email_outbox')
      .set(
        next
          ? { state: 'retrying', last_error: message, next_attempt_at: next }
          : // Given up: the token goes too; "retry now" issues a fresh one (retry-email.ts).
            {
              state: 'failed',
              last_error: message,
              link_token_encrypted: null,
              ...scrubbedIfWrittenBeforeUpgrade(row),
            },
      )
      .where('id', '=', row.id)
      .execute();
    if (!next) await recordOutcome(trx, row, 'email_failed', { attempts: row.attempts, error: message }, now);
  });
  return next ? 'retrying' : 'failed';
}

export interface SentRecorder {
  /** Records a message the SMTP server accepted; written with the others that came in meanwhile. */
  add(row: EmailOutboxRow, messageId: string): void;
  /** Waits until everything added is written; how many were. Throws the first failure to write. */
  drain(): Promise<number>;
}

/**
 * Writes 'sent' (and the timeline event) for accepted messages in group commits: while one transaction writes, the
 * messages accepted meanwhile wait and go in the next, so a commit is paid per group, not per message, and the
 * SMTP connections do not wait for it. A write that fails (the database is away) leaves those rows 'sending': they
 * are sent again once their lease has passed, the same at-least-once window as a process that dies after sending.
 */
export function createSentRecorder(deps: SendingDeps): SentRecorder {
  let pending: { row: EmailOutboxRow; messageId: string }[] = [];
  let writing: Promise<void> | null = null;
  let written = 0;
  let failure: unknown = null;

  const write = () => {
    if (writing || pending.length === 0) return;
    const group = pending;
    pending = [];
    const now = deps.clock.now();
    writing = deps.db
      .transaction()
      .execute(async (trx) => {
        await markGroupSent(trx, group, now);
      })
      .then(
        () => {
          written += group.length;
        },
        (error) => {
          failure ??= error;
        },
      )
      .finally(() => {
        writing = null;
        write();
      });
  };

  return {
    add(row, messageId) {
      pending.push({ row, messageId });
      write();
    },
    async drain() {
      while (writing) await writing;
      if (failure) throw failure;
      return written;
    },
  };
}
