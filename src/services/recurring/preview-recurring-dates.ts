import { dueDateFor, parsePaymentTerms, todayIn } from '../../domain/dates.ts';
import {
  firstOccurrenceOnOrAfter,
  nextRunAfterEdit,
  type ScheduleInput,
  upcomingDates,
  validateSchedule,
} from '../../domain/recurrence.ts';
import type { ServiceDeps } from '../context.ts';
import { getSettings } from '../settings/get-settings.ts';
import {
  changesAnchor,
  checkRecurringTerms,
  lastHandledPeriod,
  loadProfile,
  mergedScheduleInput,
  type RecurringProfileInput,
  type SCHEDULE_FIELDS,
} from './recurring-profile.ts';
import { loadProfileView } from './recurring-view.ts';

export interface PreviewPeriod {
  /** The period's date, which is also its invoice's issue date. */
  periodDate: string;
  dueDate: string;
}

export const PREVIEW_COUNT = 12;

function withDueDates(dates: string[], paymentTerms: string): PreviewPeriod[] {
  const terms = parsePaymentTerms(paymentTerms, 'paymentTerms');
  return dates.map((periodDate) => ({ periodDate, dueDate: dueDateFor(periodDate, terms) }));
}

/** The next 12 periods of a saved profile, from its next run date, with their due dates. */
export async function previewProfileDates(deps: ServiceDeps, id: string) {
  const profile = await loadProfileView(deps.db, id);
  return { items: withDueDates(profile.upcomingDates, profile.paymentTerms) };
}

/** The first 12 periods of a schedule not saved yet, to check it before creating a profile. */
export async function previewScheduleDates(
  deps: ServiceDeps,
  input: ScheduleInput & { paymentTerms?: string },
) {
  const schedule = validateSchedule(input);
  checkRecurringTerms(input.paymentTerms);
  const paymentTerms = input.paymentTerms ?? (await getSettings(deps.db)).default_payment_terms;
  const dates = upcomingDates(schedule, firstOccurrenceOnOrAfter(schedule, null), 0, PREVIEW_COUNT);
  return { items: withDueDates(dates, paymentTerms) };
}

/**
 * The next 12 periods a saved profile would have with an edited schedule, before the edit is saved: the dates
 * updateRecurringProfile would give it (a changed anchor applies from today, generated invoices count against
 * "end after N"). Nothing is written.
 */
export async function previewProfileEdit(
  deps: ServiceDeps,
  id: string,
  input: Pick<RecurringProfileInput, (typeof SCHEDULE_FIELDS)[number] | 'paymentTerms'>,
) {
  return deps.db.transaction().execute(async (trx) => {
    const row = await loadProfile(trx, id);
    const schedule = validateSchedule(mergedScheduleInput(row, input));
    checkRecurringTerms(input.paymentTerms);
    const settings = await getSettings(trx);
    const next = nextRunAfterEdit({
      schedule,
      anchorChanged: changesAnchor(input),
      currentNext: row.status === 'finished' ? null : row.next_run_date,
      lastHandled: await lastHandledPeriod(trx, id),
      today: todayIn(settings.time_zone, deps.clock.now()),
      generatedCount: row.generated_count,
    });
    const dates = next === null ? [] : upcomingDates(schedule, next, row.generated_count, PREVIEW_COUNT);
    return { items: withDueDates(dates, input.paymentTerms ?? row.payment_terms) };
  });
}
