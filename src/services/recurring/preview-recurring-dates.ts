import { dueDateFor, parsePaymentTerms } from '../../domain/dates.ts';
import {
  firstOccurrenceOnOrAfter,
  type ScheduleInput,
  upcomingDates,
  validateSchedule,
} from '../../domain/recurrence.ts';
import type { ServiceDeps } from '../context.ts';
import { getSettings } from '../settings/get-settings.ts';
import { checkRecurringTerms } from './recurring-profile.ts';
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
