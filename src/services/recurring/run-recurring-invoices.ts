import { todayIn } from '../../domain/dates.ts';
import type { SendingDeps } from '../sending/sending-deps.ts';
import { getSettings } from '../settings/get-settings.ts';
import { generateDuePeriods } from './generate-due-periods.ts';
import { getRecurringSettings } from './get-recurring-settings.ts';
import { sendPendingRecurringInvoices } from './send-pending-recurring-invoices.ts';

export interface RecurringRunSummary {
  today: string;
  generated: { profileId: string; periodDate: string; invoiceId: string }[];
  missed: { profileId: string; periodDate: string }[];
  /** Invoices sent automatically in this run. */
  sent: string[];
  /** Generated invoices that could not be sent automatically (the reason is on their period). */
  sendFailed: string[];
  failed: { profileId: string; error: string }[];
}

/**
 * Generates every due period of every active profile, then sends those of auto-send profiles. "Due" means on or
 * before today in the organisation's time zone, asked once per run of the clock: a daylight-saving change shifts
 * instants, never calendar days, so no day is skipped or run twice. Safe to run from several workers at once and
 * again after a crash: each (profile, period) is handled once.
 */
export async function runRecurringInvoices(deps: SendingDeps): Promise<RecurringRunSummary> {
  const settings = await getSettings(deps.db);
  const today = todayIn(settings.time_zone, deps.clock.now());
  const { catchUp } = await getRecurringSettings(deps);
  const due = await deps.db
    .selectFrom('recurring_profiles')
    .select('id')
    .where('status', '=', 'active')
    .where('next_run_date', '<=', today)
    .orderBy('next_run_date')
    .orderBy('id')
    .execute();

  const summary: RecurringRunSummary = {
    today,
    generated: [],
    missed: [],
    sent: [],
    sendFailed: [],
    failed: [],
  };
  for (const { id } of due) {
    try {
      const result = await generateDuePeriods(deps, id, today, catchUp);
      summary.generated.push(...result.generated.map((period) => ({ profileId: id, ...period })));
      summary.missed.push(...result.missed.map((periodDate) => ({ profileId: id, periodDate })));
    } catch (error) {
      // One broken profile (its client's currency gone, say) must not stop the others; staff see why on it.
      const message = error instanceof Error ? error.message : String(error);
      await deps.db
        .updateTable('recurring_profiles')
        .set({ last_error: `Generation failed: ${message}` })
        .where('id', '=', id)
        .execute();
      summary.failed.push({ profileId: id, error: message });
    }
  }
  const sending = await sendPendingRecurringInvoices(deps);
  summary.sent = sending.sent;
  summary.sendFailed = sending.failed;
  return summary;
}
