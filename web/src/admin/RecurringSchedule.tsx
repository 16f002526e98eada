/** How a recurring profile's schedule and state read in the app: "Every month, on the last day". */
import { date } from '../format.ts';
import type { Frequency, RecurringProfile } from '../types.ts';

export const FREQUENCY_LABELS: Record<Frequency, string> = {
  daily: 'Daily',
  weekly: 'Weekly',
  monthly: 'Monthly',
  quarterly: 'Quarterly',
  yearly: 'Yearly',
};

const UNITS: Record<Frequency, [string, string]> = {
  daily: ['day', 'days'],
  weekly: ['week', 'weeks'],
  monthly: ['month', 'months'],
  quarterly: ['quarter', 'quarters'],
  yearly: ['year', 'years'],
};

/** "month" or "3 months". */
export function everyUnit(frequency: Frequency, interval: number): string {
  const [one, many] = UNITS[frequency];
  return interval === 1 ? one : `${interval} ${many}`;
}

/** Whether a day of the month applies: monthly and quarterly schedules only. */
export const takesDayOfMonth = (frequency: Frequency) => frequency === 'monthly' || frequency === 'quarterly';

export function describeSchedule(
  profile: Pick<RecurringProfile, 'frequency' | 'interval' | 'dayOfMonth'>,
): string {
  const day =
    profile.dayOfMonth === 'last'
      ? ', on the last day'
      : profile.dayOfMonth
        ? `, on day ${profile.dayOfMonth}`
        : '';
  return `Every ${everyUnit(profile.frequency, profile.interval)}${day}`;
}

export function describeEnd(profile: Pick<RecurringProfile, 'endAfterCount' | 'endDate'>): string {
  if (profile.endAfterCount !== null)
    return `After ${profile.endAfterCount} invoice${profile.endAfterCount === 1 ? '' : 's'}`;
  if (profile.endDate) return `On ${date(profile.endDate)}`;
  return 'Never';
}

const STATUS_CLASS: Record<RecurringProfile['status'], string> = {
  active: 'paid',
  paused: 'partially_paid',
  finished: 'void',
};

const STATUS_LABEL: Record<RecurringProfile['status'], string> = {
  active: 'Active',
  paused: 'Paused',
  finished: 'Finished',
};

export function RecurringStatusBadge({ status }: { status: RecurringProfile['status'] }) {
  return <span className={`badge badge-${STATUS_CLASS[status]}`}>{STATUS_LABEL[status]}</span>;
}

/** A profile's display name: its own, or its client's when it has none. */
export const profileName = (profile: Pick<RecurringProfile, 'name' | 'client'>) =>
  profile.name || profile.client.name;
