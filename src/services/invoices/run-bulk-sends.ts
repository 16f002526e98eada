import { type Selectable, sql } from 'kysely';
import type { Trx } from '../../db/client.ts';
import { isDatabaseUnavailable } from '../../db/connection-errors.ts';
import type { BulkSendSkipReason, BulkSendsTable } from '../../db/schema.ts';
import { ConflictError, DomainError, ValidationError } from '../../domain/errors.ts';
import type { Actor } from '../context.ts';
import { EInvoiceRefusedError } from '../einvoice/produce-einvoice.ts';
import { NotFoundError } from '../errors.ts';
import type { SendingDeps } from '../sending/sending-deps.ts';
import { sendInvoiceIn } from './send-invoice.ts';

/**
 * Invoices per batch, each batch one transaction. A batch holds its invoices' row locks (and the numbering counter
 * when it issues drafts) until it commits: 25 keeps that around a second.
 */
export const BULK_SEND_BATCH_SIZE = 25;
/** Runs that may end in an error not about one invoice before the job is marked failed. */
export const BULK_SEND_MAX_ATTEMPTS = 5;

export interface RunBulkSendsOptions {
  batchSize?: number;
  /** Stop after this many batches, the rest left for the next run (tests: a process that dies part way). */
  maxBatches?: number;
  /** Asked between batches: the process is stopping, the rest waits for the next run (in any process). */
  shouldStop?: () => boolean;
  /** An invoice that failed for an unexpected reason; its item only says so, the caller logs the error. */
  onInvoiceFailed?: (failure: { bulkSendId: string; invoiceId: string; error: unknown }) => void;
  /** A run of a job that ended in an error not about one invoice (it is tried again, up to the limit). */
  onRunFailed?: (failure: { bulkSendId: string; error: unknown }) => void;
}

export interface RunBulkSendsSummary {
  batches: number;
  sent: number;
  skipped: number;
  failed: number;
  /** Jobs that finished in this run (done or failed). */
  finished: number;
}

type ItemOutcome =
  | { outcome: 'sent' }
  | { outcome: 'skipped'; reason: BulkSendSkipReason; message: string }
  | { outcome: 'failed'; message: string };

const UNEXPECTED_FAILURE = 'It could not be sent because of an unexpected error (details in the server log)';

function skipReasonOf(error: unknown): BulkSendSkipReason | null {
  if (error instanceof NotFoundError) return 'not_found';
  if (error instanceof ConflictError && error.code === 'invoice_is_draft') return 'draft';
  if (error instanceof ConflictError && error.code === 'invalid_transition') return 'void';
  if (error instanceof ValidationError && error.field === 'contactIds') return 'no_recipients';
  if (error instanceof EInvoiceRefusedError) return 'einvoice_not_possible';
  return null;
}

function skipMessageOf(error: unknown): string {
  if (error instanceof EInvoiceRefusedError)
    return `${error.message}: ${error.problems.map((problem) => problem.message).join(' ')}`;
  return (error as Error).message;
}

/** A deadlock or serialization failure: the whole batch is worth running again, not the invoice marked failed. */
function isTransient(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return isDatabaseUnavailable(error) || code === '40P01' || code === '40001';
}

type BulkSendRow = Selectable<BulkSendsTable>;

/** Who asked: the invoices' events name them, as a single send would. */
function actorOf(bulk: BulkSendRow): Actor {
  if (bulk.actor) return bulk.actor as unknown as Actor;
  const userId = bulk.created_by_user_id;
  return { type: 'user', id: userId, name: bulk.created_by_name, role: 'finance', userId };
}

/**
 * One invoice, inside its batch's transaction, behind a savepoint: a skip or a failure undoes only its own writes.
 * An invoice this job already sent (its emails point back at the job) is not sent again; the dedupe key stops a
 * second message to a contact even so.
 */
async function sendItem(
  trx: Trx,
  deps: SendingDeps,
  bulk: BulkSendRow,
  invoiceId: string,
  now: Date,
  options: RunBulkSendsOptions,
): Promise<ItemOutcome> {
  const already = await trx
    .selectFrom('email_outbox')
    .select('id')
    .where('bulk_send_id', '=', bulk.id)
    .where('invoice_id', '=', invoiceId)
    .limit(1)
    .executeTakeFirst();
  if (already) return { outcome: 'sent' };
  await sql`savepoint bulk_send_item`.execute(trx);
  try {
    const { emails } = await sendInvoiceIn(
      trx,
      deps,
      actorOf(bulk),
      invoiceId,
      {
        subject: bulk.subject,
        message: bulk.message,
        draftsToo: bulk.issue_drafts,
        dedupeKey: (contactId) => `bulk-send:${bulk.id}:${invoiceId}:${contactId}`,
      },
      now,
    );
    if (emails.length > 0) {
      await trx
        .updateTable('email_outbox')
        .set({ bulk_send_id: bulk.id })
        .where(
          'id',
          'in',
          emails.map((email) => email.id),
        )
        .execute();
    }
    await sql`release savepoint bulk_send_item`.execute(trx);
    return { outcome: 'sent' };
  } catch (error) {
    if (isTransient(error)) throw error;
    await sql`rollback to savepoint bulk_send_item`.execute(trx);
    const reason = skipReasonOf(error);
    if (reason) return { outcome: 'skipped', reason, message: skipMessageOf(error) };
    if (error instanceof DomainError) return { outcome: 'failed', message: error.message };
    options.onInvoiceFailed?.({ bulkSendId: bulk.id, invoiceId, error });
    return { outcome: 'failed', message: UNEXPECTED_FAILURE };
  }
}

/**
 * Sends the job's next pending invoices (in the order asked) in one transaction: their emails, their items'
 * outcomes and the job's counts commit together, so a crash loses the batch whole and the next run sends it again.
 * Items are claimed with SKIP LOCKED: two workers on one job take different invoices. Returns how many it claimed
 * (0: none left to claim) or null when the job is not waiting to run.
 */
async function sendBatch(
  deps: SendingDeps,
  bulkSendId: string,
  batchSize: number,
  summary: RunBulkSendsSummary,
  options: RunBulkSendsOptions,
): Promise<number | null> {
  return deps.db.transaction().execute(async (trx) => {
    const bulk = await trx
      .selectFrom('bulk_sends')
      .selectAll()
      .where('id', '=', bulkSendId)
      .where('state', 'in', ['queued', 'running'])
      .executeTakeFirst();
    if (!bulk) return null;
    const items = await trx
      .selectFrom('bulk_send_items')
      .select('invoice_id')
      .where('bulk_send_id', '=', bulkSendId)
      .where('outcome', '=', 'pending')
      .orderBy('position')
      .limit(batchSize)
      .forUpdate()
      .skipLocked()
      .execute();
    if (items.length === 0) return 0;
    const now = deps.clock.now();
    const counts = { sent: 0, skipped: 0, failed: 0 };
    for (const { invoice_id: invoiceId } of items) {
      const result = await sendItem(trx, deps, bulk, invoiceId, now, options);
      counts[result.outcome] += 1;
      await trx
        .updateTable('bulk_send_items')
        .set({
          outcome: result.outcome,
          skip_reason: result.outcome === 'skipped' ? result.reason : null,
          skip_message: result.outcome === 'sent' ? null : result.message,
        })
        .where('bulk_send_id', '=', bulkSendId)
        .where('invoice_id', '=', invoiceId)
        .execute();
    }
    await trx
      .updateTable('bulk_sends')
      .set((eb) => ({
        state: 'running',
        started_at: eb.fn.coalesce('started_at', eb.val(now)),
        sent: eb('sent', '+', counts.sent),
        skipped: eb('skipped', '+', counts.skipped),
        failed: eb('failed', '+', counts.failed),
        updated_at: now,
      }))
      .where('id', '=', bulkSendId)
      .execute();
    summary.sent += counts.sent;
    summary.skipped += counts.skipped;
    summary.failed += counts.failed;
    return items.length;
  });
}

/** Marks the job done once no item is pending (one still locked by another worker's batch counts as pending). */
async function finishIfComplete(deps: SendingDeps, bulkSendId: string): Promise<boolean> {
  const now = deps.clock.now();
  const result = await deps.db
    .updateTable('bulk_sends')
    .set((eb) => ({
      state: 'done',
      started_at: eb.fn.coalesce('started_at', eb.val(now)),
      finished_at: now,
      updated_at: now,
    }))
    .where('id', '=', bulkSendId)
    .where('state', 'in', ['queued', 'running'])
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('bulk_send_items')
            .select(sql.lit(1).as('one'))
            .where('bulk_send_id', '=', bulkSendId)
            .where('outcome', '=', 'pending'),
        ),
      ),
    )
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Counts a run that broke off; after BULK_SEND_MAX_ATTEMPTS the job is failed with the last error. */
async function recordFailedRun(deps: SendingDeps, bulkSendId: string, error: unknown): Promise<boolean> {
  const now = deps.clock.now();
  const message =
    error instanceof DomainError
      ? error.message
      : 'An unexpected error stopped the job (details in the server log)';
  const row = await deps.db
    .updateTable('bulk_sends')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      last_error: message,
      state: sql`case when attempts + 1 >= ${BULK_SEND_MAX_ATTEMPTS} then 'failed' else state end`,
      finished_at: sql`case when attempts + 1 >= ${BULK_SEND_MAX_ATTEMPTS} then ${now}::timestamptz end`,
      updated_at: now,
    }))
    .where('id', '=', bulkSendId)
    .where('state', 'in', ['queued', 'running'])
    .returning('state')
    .executeTakeFirst();
  return row?.state === 'failed';
}

/**
 * The bulk-send job: works through every unfinished bulk send, oldest first, batch by batch, until none has an
 * invoice left to claim. Safe to run in several processes at once and again after a crash: items are claimed
 * under lock, and only what a committed batch did is marked done. A job whose runs keep breaking off (not one
 * invoice's fault) is tried again by later runs and failed after BULK_SEND_MAX_ATTEMPTS.
 */
export async function runBulkSends(
  deps: SendingDeps,
  options: RunBulkSendsOptions = {},
): Promise<RunBulkSendsSummary> {
  const batchSize = options.batchSize ?? BULK_SEND_BATCH_SIZE;
  const summary: RunBulkSendsSummary = { batches: 0, sent: 0, skipped: 0, failed: 0, finished: 0 };
  const outOfTurn = () =>
    options.shouldStop?.() === true ||
    (options.maxBatches !== undefined && summary.batches >= options.maxBatches);
  // Jobs this run is done with (finished, left to another worker, or broken off): newer ones are looked up again.
  const seen = new Set<string>();
  for (;;) {
    if (outOfTurn()) return summary;
    let next = deps.db
      .selectFrom('bulk_sends')
      .select('id')
      .where('state', 'in', ['queued', 'running'])
      .orderBy('created_at')
      .orderBy('id')
      .limit(1);
    if (seen.size > 0) next = next.where('id', 'not in', [...seen]);
    const job = await next.executeTakeFirst();
    if (!job) return summary;
    seen.add(job.id);
    try {
      for (;;) {
        if (outOfTurn()) return summary;
        const claimed = await sendBatch(deps, job.id, batchSize, summary, options);
        if (claimed === null) break;
        if (claimed === 0) {
          if (await finishIfComplete(deps, job.id)) summary.finished += 1;
          break;
        }
        summary.batches += 1;
      }
    } catch (error) {
      if (isDatabaseUnavailable(error)) throw error;
      options.onRunFailed?.({ bulkSendId: job.id, error });
      if (await recordFailedRun(deps, job.id, error)) summary.finished += 1;
    }
  }
}
