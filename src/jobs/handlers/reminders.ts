import { type RemindersReport, runReminders } from '../../services/reminders/run-reminders.ts';
import type { SendingDeps } from '../../services/sending/sending-deps.ts';
import { type JobLog, logBatches } from '../job-log.ts';

export const SEND_REMINDERS = 'send-reminders';

/** Queues the reminders due today; the outbox wakes delivery as they commit, so they leave at once. */
export function remindersHandler(deps: SendingDeps, log?: JobLog): () => Promise<RemindersReport> {
  return () =>
    runReminders(deps, {
      onProgress: logBatches(log, SEND_REMINDERS),
      onFallback: (batch, error) =>
        log?.warn(
          { job: SEND_REMINDERS, batch, err: error },
          'reminder batch failed; retried invoice by invoice',
        ),
    });
}
