import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween } from '../../src/domain/dates.ts';
import {
  type DayOfMonth,
  FREQUENCIES,
  firstOccurrenceOnOrAfter,
  occurrenceAfter,
  type Schedule,
  upcomingDates,
  validateSchedule,
} from '../../src/domain/recurrence.ts';

const dateArb = fc.integer({ min: 0, max: 365 * 200 }).map((offset) => addDays('1950-01-01', offset));

const scheduleArb: fc.Arbitrary<Schedule> = fc
  .record({
    frequency: fc.constantFrom(...FREQUENCIES),
    interval: fc.integer({ min: 1, max: 10 }),
    day: fc.oneof(fc.integer({ min: 1, max: 31 }), fc.constant<'last'>('last'), fc.constant(null)),
    startDate: dateArb,
  })
  .map(({ frequency, interval, day, startDate }) =>
    validateSchedule({
      frequency,
      interval,
      dayOfMonth: frequency === 'monthly' || frequency === 'quarterly' ? day : null,
      startDate,
    }),
  );

const firstOfNextMonth = (date: string) => `${addDays(`${date.slice(0, 7)}-01`, 40).slice(0, 7)}-01`;
const isLastDayOfMonth = (date: string) => addDays(date, 1) === firstOfNextMonth(date);

function expectedDay(day: DayOfMonth, date: string): boolean {
  const dayOfDate = Number(date.slice(8));
  if (day === 'last') return isLastDayOfMonth(date);
  // The requested day, or the last day of a month too short for it.
  return dayOfDate === day || (dayOfDate < day && isLastDayOfMonth(date));
}

describe('recurrence properties', () => {
  it('dates are strictly increasing (so never duplicated) and none is before the start', () => {
    fc.assert(
      fc.property(scheduleArb, (schedule) => {
        const dates = upcomingDates(schedule, firstOccurrenceOnOrAfter(schedule, null), 0, 40);
        expect(dates.length).toBe(40);
        expect(dates[0]! >= schedule.startDate).toBe(true);
        for (let i = 1; i < dates.length; i++) expect(dates[i - 1]! < dates[i]!).toBe(true);
      }),
    );
  });

  it('monthly and quarterly dates fall on the requested day, or the last day of a shorter month', () => {
    fc.assert(
      fc.property(scheduleArb, (schedule) => {
        if (schedule.frequency !== 'monthly' && schedule.frequency !== 'quarterly') return;
        const day = schedule.dayOfMonth ?? Number(schedule.startDate.slice(8));
        const dates = upcomingDates(schedule, firstOccurrenceOnOrAfter(schedule, null), 0, 30);
        const step = (schedule.frequency === 'quarterly' ? 3 : 1) * schedule.interval;
        for (const date of dates) expect(expectedDay(day, date)).toBe(true);
        for (let i = 1; i < dates.length; i++) {
          const months = (a: string) => Number(a.slice(0, 4)) * 12 + Number(a.slice(5, 7));
          expect(months(dates[i]!) - months(dates[i - 1]!)).toBe(step);
        }
      }),
    );
  });

  it('day-based schedules are exactly N days or N weeks apart', () => {
    fc.assert(
      fc.property(scheduleArb, (schedule) => {
        if (schedule.frequency !== 'daily' && schedule.frequency !== 'weekly') return;
        const gap = schedule.interval * (schedule.frequency === 'weekly' ? 7 : 1);
        const dates = upcomingDates(schedule, schedule.startDate, 0, 20);
        for (let i = 1; i < dates.length; i++) expect(daysBetween(dates[i - 1]!, dates[i]!)).toBe(gap);
      }),
    );
  });

  it('the occurrence after any date is the first occurrence strictly after it', () => {
    fc.assert(
      fc.property(scheduleArb, fc.integer({ min: 0, max: 3000 }), (schedule, offset) => {
        const probe = addDays(schedule.startDate, offset);
        const next = occurrenceAfter(schedule, probe)!;
        expect(next > probe).toBe(true);
        const all = upcomingDates(schedule, schedule.startDate, 0, 5000);
        expect(all.find((date) => date > probe)).toBe(next);
        // Any date on the schedule is found again from itself.
        expect(firstOccurrenceOnOrAfter(schedule, next)).toBe(next);
      }),
      { numRuns: 60 },
    );
  });

  it('yearly dates keep the start month; Feb 29 becomes Feb 28 only outside leap years', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2400 }), (year) => {
        const start = `${year - (year % 4)}-02-29`;
        if (
          Number.isNaN(Date.parse(`${start}T00:00:00Z`)) ||
          new Date(`${start}T00:00:00Z`).getUTCDate() !== 29
        )
          return;
        const schedule = validateSchedule({ frequency: 'yearly', startDate: start });
        for (const date of upcomingDates(schedule, start, 0, 12)) {
          const y = Number(date.slice(0, 4));
          const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
          expect(date).toBe(`${date.slice(0, 4)}-02-${leap ? '29' : '28'}`);
        }
      }),
    );
  });
});
