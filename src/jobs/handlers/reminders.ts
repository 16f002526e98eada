import { type RemindersReport, runReminders } from '../../services/reminders/run-reminders.ts';
import type { SendingDeps } from '../../services/sending/sending-deps.ts';

export const SEND_REMINDERS = 'send-reminders';

/** Queues the reminders due today, then asks for delivery so they leave now rather than at the next run. */
export function remindersHandler(deps: SendingDeps, afterQueued: () => void): () => Promise<RemindersReport> {
  return async () => {
    const report = await runReminders(deps);
    if (report.queued > 0) afterQueued();
    return report;
  };
}
