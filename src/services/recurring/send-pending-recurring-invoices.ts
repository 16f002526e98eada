import { sql } from 'kysely';
import type { Trx } from '../../db/client.ts';
import { inSavepoint } from '../../db/savepoint.ts';
import { DomainError } from '../../domain/errors.ts';
import type { BatchProgress } from '../batch-progress.ts';
import { systemActor } from '../context.ts';
import { sendInvoiceIn } from '../invoices/send-invoice.ts';
import type { SendingDeps } from '../sending/sending-deps.ts';

/** Invoices sent per transaction. */
export const SEND_BATCH = 100;

export interface SendPendingOptions {
  batchSize?: number;
  onProgress?: BatchProgress;
}

/**
 * Sends the generated invoices of auto-send profiles through the ordinary sending path (issue, outbox, email),
 * all of them: batches of `batchSize` in (profile, period) order, each one transaction, until none is left.
 *
 * A batch locks its period rows (SKIP LOCKED: a second worker takes other rows), sends each invoice in a savepoint
 * and clears the flag in the same transaction, so a retry after a crash sends nothing twice and an invoice already
 * sent or voided by staff only has its flag cleared. Errors that retrying cannot fix (no contact with an email
 * address, say) are kept on the period and on the profile for staff to see, and the batch goes on.
 */
export async function sendPendingRecurringInvoices(
  deps: SendingDeps,
  options: SendPendingOptions = {},
): Promise<{ sent: string[]; failed: string[] }> {
  const batchSize = options.batchSize ?? SEND_BATCH;
  const sent: string[] = [];
  const failed: string[] = [];
  let after: { profileId: string; periodDate: string } | null = null;
  for (let batch = 1; ; batch++) {
    const now = deps.clock.now();
    // Counted only once the batch has committed.
    const batchSent: string[] = [];
    const batchFailed: string[] = [];
    const { count, last } = await deps.db.transaction().execute(async (trx) => {
      const periods = await trx
        .selectFrom('recurring_periods')
        .leftJoin('invoices', 'invoices.id', 'recurring_periods.invoice_id')
        .select([
          'recurring_periods.profile_id',
          'recurring_periods.period_date',
          'recurring_periods.invoice_id',
          'invoices.status',
        ])
        .where('recurring_periods.send_pending', '=', true)
        .$if(after !== null, (query) =>
          query.where(
            sql<boolean>`(recurring_periods.profile_id, recurring_periods.period_date) > (${after!.profileId}::uuid, ${after!.periodDate}::date)`,
          ),
        )
        .orderBy('recurring_periods.profile_id')
        .orderBy('recurring_periods.period_date')
        .limit(batchSize)
        .forUpdate('recurring_periods')
        .skipLocked()
        .execute();
      for (const period of periods) {
        const clear = (sendError: string | null) =>
          trx
            .updateTable('recurring_periods')
            .set({ send_pending: false, send_error: sendError })
            .where('profile_id', '=', period.profile_id)
            .where('period_date', '=', period.period_date)
            .execute();
        // Deleted, or already sent or voided by staff.
        if (!period.invoice_id || period.status !== 'draft') {
          await clear(null);
          continue;
        }
        const invoiceId = period.invoice_id;
        const outcome = await inSavepoint(trx, () =>
          sendInvoiceIn(trx, deps, systemActor, invoiceId, {}, now),
        );
        if (outcome.ok) {
          await clear(null);
          batchSent.push(invoiceId);
          continue;
        }
        if (!(outcome.error instanceof DomainError)) throw outcome.error;
        await recordSendFailure(
          trx,
          period.profile_id,
          `Automatic sending failed: ${outcome.error.message}`,
          clear,
        );
        batchFailed.push(invoiceId);
      }
      const tail = periods.at(-1);
      return {
        count: periods.length,
        last: tail ? { profileId: tail.profile_id, periodDate: tail.period_date } : null,
      };
    });
    sent.push(...batchSent);
    failed.push(...batchFailed);
    if (count > 0) options.onProgress?.({ batch, done: batchSent.length, total: sent.length });
    if (count < batchSize || !last) return { sent, failed };
    after = last;
  }
}

async function recordSendFailure(
  trx: Trx,
  profileId: string,
  message: string,
  clear: (sendError: string | null) => Promise<unknown>,
) {
  await clear(message);
  await trx
    .updateTable('recurring_profiles')
    .set({ last_error: message })
    .where('id', '=', profileId)
    .execute();
}
