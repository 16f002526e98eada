import { DomainError } from '../../domain/errors.ts';
import { systemActor } from '../context.ts';
import { sendInvoice } from '../invoices/send-invoice.ts';
import type { SendingDeps } from '../sending/sending-deps.ts';

export const SEND_BATCH = 100;

/**
 * Sends the generated invoices of auto-send profiles through the ordinary sending path (issue, outbox, email).
 *
 * The period row stays locked while the invoice is sent, so two workers never send the same one. The flag is
 * cleared after the send commits; if the process dies in between, the next run finds the invoice no longer a
 * draft and only clears the flag: an invoice is sent automatically at most once. Errors that retrying cannot fix
 * (no contact with an email address, say) are kept on the period and on the profile for staff to see.
 */
export async function sendPendingRecurringInvoices(
  deps: SendingDeps,
): Promise<{ sent: string[]; failed: string[] }> {
  const pending = await deps.db
    .selectFrom('recurring_periods')
    .select(['profile_id', 'period_date'])
    .where('send_pending', '=', true)
    .orderBy('period_date')
    .limit(SEND_BATCH)
    .execute();
  const sent: string[] = [];
  const failed: string[] = [];
  for (const key of pending) {
    await deps.db.transaction().execute(async (trx) => {
      const period = await trx
        .selectFrom('recurring_periods')
        .leftJoin('invoices', 'invoices.id', 'recurring_periods.invoice_id')
        .select(['recurring_periods.invoice_id', 'invoices.status'])
        .where('recurring_periods.profile_id', '=', key.profile_id)
        .where('recurring_periods.period_date', '=', key.period_date)
        .where('recurring_periods.send_pending', '=', true)
        .forUpdate('recurring_periods')
        .skipLocked()
        .executeTakeFirst();
      if (!period) return;
      const clear = (sendError: string | null) =>
        trx
          .updateTable('recurring_periods')
          .set({ send_pending: false, send_error: sendError })
          .where('profile_id', '=', key.profile_id)
          .where('period_date', '=', key.period_date)
          .execute();
      // Deleted, or already sent or voided by staff (or by a run that died before clearing the flag).
      if (!period.invoice_id || period.status !== 'draft') {
        await clear(null);
        return;
      }
      try {
        await sendInvoice(deps, systemActor, period.invoice_id, {});
        await clear(null);
        sent.push(period.invoice_id);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        const message = `Automatic sending failed: ${error.message}`;
        await clear(message);
        await trx
          .updateTable('recurring_profiles')
          .set({ last_error: message })
          .where('id', '=', key.profile_id)
          .execute();
        failed.push(period.invoice_id);
      }
    });
  }
  return { sent, failed };
}
