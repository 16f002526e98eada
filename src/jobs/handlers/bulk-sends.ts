import { type RunBulkSendsSummary, runBulkSends } from '../../services/invoices/run-bulk-sends.ts';
import type { SendingDeps } from '../../services/sending/sending-deps.ts';
import type { JobLog } from '../job-log.ts';

export const BULK_SENDS = 'bulk-sends';
/** A run hands over after this long (pg-boss expires a job after 15 minutes); the next run carries on. */
const RUN_LIMIT_MS = 10 * 60_000;

/**
 * Works through the recorded bulk sends (POST /invoices/bulk-send wakes it; the schedule resumes one left behind by
 * a stopped process). pg-boss only triggers; the batching and exactly-once rules are in runBulkSends. Between
 * batches it stops when the process is stopping, so shutdown is not held up by a long send, and it hands over
 * to the next run after ten minutes.
 */
export function bulkSendsHandler(
  deps: SendingDeps,
  log: JobLog,
  stopping: () => boolean,
): () => Promise<Omit<RunBulkSendsSummary, 'batches'>> {
  return async () => {
    const handOverAt = Date.now() + RUN_LIMIT_MS;
    const { batches: _batches, ...summary } = await runBulkSends(deps, {
      shouldStop: () => stopping() || Date.now() > handOverAt,
      onInvoiceFailed: ({ bulkSendId, invoiceId, error }) =>
        log.error({ job: BULK_SENDS, bulkSendId, invoiceId, err: error }, 'bulk send: an invoice failed'),
      onRunFailed: ({ bulkSendId, error }) =>
        log.error({ job: BULK_SENDS, bulkSendId, err: error }, 'bulk send: run broke off'),
    });
    return summary;
  };
}
