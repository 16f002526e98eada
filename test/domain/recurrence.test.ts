import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/domain/errors.ts';
import {
  duePeriods,
  firstOccurrenceOnOrAfter,
  nextRunAfterEdit,
  nextRunAfterResume,
  occurrenceAfter,
  planCatchUp,
  type Schedule,
  type ScheduleInput,
  upcomingDates,
  validateSchedule,
} from '../../src/domain/recurrence.ts';

const schedule = (input: ScheduleInput): Schedule => validateSchedule(input);
const first12 = (s: Schedule) => upcomingDates(s, firstOccurrenceOnOrAfter(s, null), 0, 12);

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error.field;
    throw error;
  }
  return undefined;
}

describe('monthly schedules', () => {
  it('bills on the 31st, or on the last day of shorter months, and comes back to the 31st', () => {
    const s = schedule({ frequency: 'monthly', startDate: '2026-01-31' });
    expect(first12(s).slice(0, 5)).toEqual([
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
      '2026-05-31',
    ]);
  });

  it('uses Feb 29 in leap years', () => {
    const s = schedule({ frequency: 'monthly', dayOfMonth: 31, startDate: '2027-12-01' });
    expect(first12(s).slice(0, 4)).toEqual(['2027-12-31', '2028-01-31', '2028-02-29', '2028-03-31']);
  });

  it('bills on the last day of each month when asked', () => {
    const s = schedule({ frequency: 'monthly', dayOfMonth: 'last', startDate: '2026-02-01' });
    expect(first12(s).slice(0, 4)).toEqual(['2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31']);
  });

  it('starts in the next month when the billing day of the start month has passed', () => {
    const s = schedule({ frequency: 'monthly', dayOfMonth: 5, startDate: '2026-01-20' });
    expect(first12(s).slice(0, 2)).toEqual(['2026-02-05', '2026-03-05']);
  });

  it('runs every N months and quarterly on the chosen day', () => {
    expect(
      first12(schedule({ frequency: 'monthly', interval: 2, startDate: '2026-01-15' })).slice(0, 3),
    ).toEqual(['2026-01-15', '2026-03-15', '2026-05-15']);
    expect(
      first12(schedule({ frequency: 'quarterly', dayOfMonth: 31, startDate: '2026-01-01' })).slice(0, 5),
    ).toEqual(['2026-01-31', '2026-04-30', '2026-07-31', '2026-10-31', '2027-01-31']);
  });
});

describe('other frequencies', () => {
  it('every N days and every N weeks', () => {
    expect(
      first12(schedule({ frequency: 'daily', interval: 10, startDate: '2026-02-25' })).slice(0, 3),
    ).toEqual(['2026-02-25', '2026-03-07', '2026-03-17']);
    expect(
      first12(schedule({ frequency: 'weekly', interval: 2, startDate: '2026-12-24' })).slice(0, 3),
    ).toEqual(['2026-12-24', '2027-01-07', '2027-01-21']);
  });

  it('yearly from Feb 29 falls on Feb 28 in common years and Feb 29 in leap years', () => {
    const s = schedule({ frequency: 'yearly', startDate: '2028-02-29' });
    expect(first12(s).slice(0, 5)).toEqual([
      '2028-02-29',
      '2029-02-28',
      '2030-02-28',
      '2031-02-28',
      '2032-02-29',
    ]);
  });
});

describe('ends', () => {
  it('stops after N invoices, counting those already generated', () => {
    const s = schedule({ frequency: 'monthly', startDate: '2026-01-10', endAfterCount: 3 });
    expect(first12(s)).toEqual(['2026-01-10', '2026-02-10', '2026-03-10']);
    expect(upcomingDates(s, '2026-02-10', 1)).toEqual(['2026-02-10', '2026-03-10']);
    expect(upcomingDates(s, '2026-04-10', 3)).toEqual([]);
  });

  it('stops on an end date, inclusive', () => {
    const s = schedule({ frequency: 'weekly', startDate: '2026-01-01', endDate: '2026-01-15' });
    expect(first12(s)).toEqual(['2026-01-01', '2026-01-08', '2026-01-15']);
    expect(occurrenceAfter(s, '2026-01-15')).toBeNull();
  });
});

describe('validation names the field at fault', () => {
  it.each([
    [{ frequency: 'monthly', dayOfMonth: 0, startDate: '2026-01-01' }, 'dayOfMonth'],
    [{ frequency: 'monthly', dayOfMonth: 32, startDate: '2026-01-01' }, 'dayOfMonth'],
    [{ frequency: 'weekly', dayOfMonth: 3, startDate: '2026-01-01' }, 'dayOfMonth'],
    [{ frequency: 'monthly', interval: 0, startDate: '2026-01-01' }, 'interval'],
    [{ frequency: 'daily', interval: 1.5, startDate: '2026-01-01' }, 'interval'],
    [{ frequency: 'hourly', startDate: '2026-01-01' }, 'frequency'],
    [{ frequency: 'monthly', startDate: '2026-02-30' }, 'startDate'],
    [{ frequency: 'monthly', startDate: '2026-03-01', endDate: '2026-02-01' }, 'endDate'],
    [{ frequency: 'monthly', dayOfMonth: 20, startDate: '2026-03-21', endDate: '2026-04-10' }, 'endDate'],
    [{ frequency: 'monthly', startDate: '2026-03-01', endAfterCount: 0 }, 'endAfterCount'],
    [{ frequency: 'monthly', startDate: '2026-03-01', endAfterCount: 2, endDate: '2026-09-01' }, 'endDate'],
  ] as [ScheduleInput, string][])('%j -> %s', (input, field) => {
    expect(fieldOf(() => validateSchedule(input))).toBe(field);
  });
});

describe('catch-up and state changes', () => {
  const monthly = schedule({ frequency: 'monthly', startDate: '2026-01-31' });

  it('lists every period due up to today, oldest first, within the remaining count', () => {
    expect(duePeriods(monthly, '2026-01-31', '2026-04-29', Infinity)).toEqual([
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
    ]);
    expect(duePeriods(monthly, '2026-01-31', '2026-04-29', 2)).toEqual(['2026-01-31', '2026-02-28']);
    expect(duePeriods(monthly, '2026-05-31', '2026-04-29', Infinity)).toEqual([]);
  });

  it('catches up all periods or only the latest', () => {
    const due = ['2026-01-31', '2026-02-28', '2026-03-31'];
    expect(planCatchUp(due, 'all')).toEqual({ generate: due, missed: [] });
    expect(planCatchUp(due, 'latest')).toEqual({
      generate: ['2026-03-31'],
      missed: ['2026-01-31', '2026-02-28'],
    });
  });

  it('after an edit of the anchor, continues from today and after the last handled period', () => {
    const edited = schedule({ frequency: 'monthly', dayOfMonth: 15, startDate: '2026-01-31' });
    expect(
      nextRunAfterEdit({
        schedule: edited,
        anchorChanged: true,
        currentNext: '2026-05-31',
        lastHandled: '2026-04-30',
        today: '2026-05-20',
        generatedCount: 4,
      }),
    ).toBe('2026-06-15');
    // Only the end changed: the pending date stays.
    expect(
      nextRunAfterEdit({
        schedule: monthly,
        anchorChanged: false,
        currentNext: '2026-05-31',
        lastHandled: '2026-04-30',
        today: '2026-05-20',
        generatedCount: 4,
      }),
    ).toBe('2026-05-31');
  });

  it('resumes with the first period on or after today', () => {
    expect(nextRunAfterResume(monthly, '2026-02-28', '2026-06-01')).toBe('2026-06-30');
    expect(nextRunAfterResume(monthly, '2026-07-31', '2026-06-01')).toBe('2026-07-31');
  });
});
