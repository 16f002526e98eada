import { runRecurringInvoices } from '../../services/recurring/run-recurring-invoices.ts';
import type { SendingDeps } from '../../services/sending/sending-deps.ts';
import type { JobLog } from '../job-log.ts';

export const RECURRING_INVOICES = 'recurring-invoices';

/** Generates the due recurring invoices; the emails of those sent automatically leave as they commit. */
export function recurringInvoicesHandler(
  deps: SendingDeps,
  log?: JobLog,
): () => Promise<{
  generated: number;
  missed: number;
  sent: number;
  sendFailed: number;
  failed: number;
  batchesRedoneOneByOne: number;
}> {
  return async () => {
    const summary = await runRecurringInvoices(deps, {
      onProgress: (step, progress) =>
        log?.info({ job: RECURRING_INVOICES, step, ...progress }, 'job batch done'),
    });
    return {
      generated: summary.generated.length,
      missed: summary.missed.length,
      sent: summary.sent.length,
      sendFailed: summary.sendFailed.length,
      failed: summary.failed.length,
      batchesRedoneOneByOne: summary.batchesRedoneOneByOne,
    };
  };
}
